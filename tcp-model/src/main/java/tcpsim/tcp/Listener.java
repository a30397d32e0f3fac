package tcpsim.tcp;

import com.carrotsearch.hppc.LongObjectHashMap;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A passive OPEN on one port: its SYN queue (children in SYN_RECEIVED, bounded by the profile's syn-backlog) and
 * its accept queue (established children not yet handed to the application, bounded by the backlog).
 */
final class Listener implements TcpListener {
    private final TcpStack stack;
    private final int port;
    private final int backlog;
    private final ListenerCallbacks callbacks;
    /**
     * Children not yet accepted, by connection id: a primitive map, not a set of connections (their identity
     * hash and a node per child cost a few percent of a busy server's time). Ids grow in creation order, which is
     * the order children are adopted, so {@link #close()} takes them in that order by sorting the ids.
     */
    private final LongObjectHashMap<TcpConnection> children = new LongObjectHashMap<>();
    private final ArrayDeque<TcpConnection> acceptQueue = new ArrayDeque<>();
    private int synReceived;
    private boolean accepting = true;
    private boolean closed;

    Listener(TcpStack stack, int port, int backlog, ListenerCallbacks callbacks) {
        this.stack = stack;
        this.port = port;
        this.backlog = backlog;
        this.callbacks = callbacks;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public int synQueueLength() {
        return synReceived;
    }

    @Override
    public int acceptQueueLength() {
        return acceptQueue.size();
    }

    boolean synQueueFull() {
        return synReceived >= stack.profile().synBacklog();
    }

    /**
     * Full at the backlog; under linuxQuirks at backlog + 1 (Linux sk_acceptq_is_full compares with '>', which also
     * cannot overflow for a backlog of Integer.MAX_VALUE).
     */
    boolean acceptQueueFull() {
        int queued = acceptQueue.size();
        return stack.profile().linuxQuirks() ? queued > backlog : queued >= backlog;
    }

    /** A child was created in SYN_RECEIVED. */
    void adopt(TcpConnection c) {
        c.listener = this;
        children.put(c.id, c);
        synReceived++;
    }

    /** A child made from a SYN cookie: it enters ESTABLISHED at once and never held a place in the SYN queue. */
    void adoptEstablished(TcpConnection c) {
        c.listener = this;
        children.put(c.id, c);
    }

    void leftSynReceived(TcpConnection c) {
        synReceived--;
    }

    /** A child reached CLOSED before the application accepted it. */
    void forget(TcpConnection c) {
        children.remove(c.id);
        acceptQueue.remove(c);
        c.listener = null;
    }

    /** A child reached ESTABLISHED: hand it to the application, or queue it while not accepting. */
    void established(TcpConnection c) {
        if (accepting && acceptQueue.isEmpty()) {
            accept(c);
        } else {
            acceptQueue.add(c);
        }
    }

    private void accept(TcpConnection c) {
        children.remove(c.id);
        c.listener = null;
        callbacks.onAccept(c);
        Tcb t = c.tcb;
        if (t != null && t.undelivered > 0) {
            long n = t.undelivered;
            t.undelivered = 0;
            c.callbacks.onData(c, n);
        }
        t = c.tcb;
        if (t != null && t.peerClosedUnreported) {
            t.peerClosedUnreported = false;
            c.callbacks.onPeerClosed(c);
        }
    }

    @Override
    public void setAccepting(boolean accepting) {
        this.accepting = accepting;
        while (this.accepting && !acceptQueue.isEmpty()) {
            accept(acceptQueue.poll());
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stack.removeListener(this);
        long[] ids = children.keys().toArray();
        Arrays.sort(ids);
        for (long id : ids) {
            TcpConnection c = children.get(id);
            if (c == null) {
                continue; // gone while an earlier child closed
            }
            if (c.state == TcpState.SYN_RECEIVED) {
                c.closeWith(CloseReason.ABORTED, "listener closed"); // a request sock vanishes silently
            } else {
                c.abort(); // established but never accepted: reset
            }
        }
    }

    @Override
    public String toString() {
        return "listener " + stack.host().name() + ":" + port;
    }
}
