package tcpsim.tcp;

import tcpsim.kernel.Simulation;
import tcpsim.kernel.net.Host;

/**
 * One connection: the stable view handed to applications and observers, the single writer of its state
 * ({@link #enter}), the user calls of RFC 9293 3.10.1-3.10.5 and the timeouts of 3.10.8. The TCB proper lives in
 * {@link Tcb} and is replaced by a small {@link TimeWait} record in TIME_WAIT.
 */
final class TcpConnection implements TcpSocket {
    final long id;
    final TcpStack stack;
    final int localPort;
    final int remoteAddress;
    final int remotePort;
    final boolean activeOpen;
    TcpState state;
    SocketCallbacks callbacks;
    /** Alive from creation until TIME_WAIT or CLOSED. */
    Tcb tcb;
    /** Non-null in TIME_WAIT only. */
    TimeWait timeWait;
    /** The listener of a passively opened connection until the application accepts it. */
    Listener listener;
    /** Issue 10: shutdown() ended the sending direction and close() has not been called (not orphaned). */
    boolean shutdownOnly;
    /** An observer's data ({@link Connection#attachment}); it fills the object's padding: 64 bytes either way. */
    private Object attachment;

    TcpConnection(long id, TcpStack stack, int localPort, int remoteAddress, int remotePort, boolean activeOpen,
            TcpState initial, SocketCallbacks callbacks) {
        this.id = id;
        this.stack = stack;
        this.localPort = localPort;
        this.remoteAddress = remoteAddress;
        this.remotePort = remotePort;
        this.activeOpen = activeOpen;
        this.state = initial;
        this.callbacks = callbacks == null ? SocketCallbacks.NONE : callbacks;
    }

    long key() {
        return FourTuple.key(remoteAddress, localPort, remotePort);
    }

    // ---- Connection view ----

    @Override
    public long id() {
        return id;
    }

    @Override
    public Host host() {
        return stack.host();
    }

    @Override
    public FourTuple tuple() {
        return new FourTuple(stack.host().address(), localPort, remoteAddress, remotePort);
    }

    @Override
    public TcpState state() {
        return state;
    }

    @Override
    public boolean activeOpen() {
        return activeOpen;
    }

    @Override
    public Object attachment() {
        return attachment;
    }

    @Override
    public void attach(Object attachment) {
        this.attachment = attachment;
    }

    /** Whether the application has this socket (always for active opens; after onAccept for passive ones). */
    boolean accepted() {
        return activeOpen || listener == null;
    }

    @Override
    public String toString() {
        return "#" + id + " " + tuple() + " " + state;
    }

    // ---- the single writer of the state ----

    /**
     * Every state change goes through here: it starts or stops the timers tied to the new state, shrinks the
     * connection to a {@link TimeWait} record in TIME_WAIT, and emits exactly one state-change event. A connection
     * that finds no TIME_WAIT bucket on its host (max-tw-buckets) goes to CLOSED instead.
     */
    void enter(TcpState to, String cause) {
        if (to == TcpState.TIME_WAIT && !stack.takeTimeWaitBucket()) {
            // Linux tcp_time_wait with the bucket table full: no TIME_WAIT, the socket is done at once (the ACK of
            // the peer's FIN has gone already); a resent FIN then finds no socket and is answered by an RST
            closeWith(CloseReason.NORMAL, TcpStack.TIME_WAIT_OVERFLOW);
            return;
        }
        TcpState from = state;
        state = to;
        Simulation sim = stack.sim();
        if (from == TcpState.SYN_RECEIVED && listener != null) {
            listener.leftSynReceived(this);
        }
        if (from == TcpState.TIME_WAIT) {
            stack.releaseTimeWaitBucket();
        }
        switch (to) {
            case CLOSED -> {
                TcpConnection reopened = tcb != null ? tcb.reopenedTimeWait : null;
                if (tcb != null) {
                    tcb.stopTimers();
                    tcb = null;
                }
                if (timeWait != null) {
                    timeWait.stop();
                    timeWait = null;
                }
                stack.unregister(this);
                if (listener != null) {
                    listener.forget(this);
                }
                if (reopened != null && reopened.state == TcpState.TIME_WAIT) {
                    stack.register(reopened); // RFC 9293 MAY-2 (2): an old duplicate SYN; back to TIME_WAIT
                }
            }
            case LISTEN -> tcb.stopTimers();
            case SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, CLOSE_WAIT, CLOSING, LAST_ACK -> {
                // retransmission timers are started by whatever sends
            }
            case FIN_WAIT_2 -> {
                tcb.retransmit.stop();
                tcb.lossProbe.stop();
                long timeout = stack.profile().finWait2Timeout();
                if (timeout > 0 && !shutdownOnly) {
                    tcb.finWait2.start(timeout);
                }
            }
            case TIME_WAIT -> {
                TimeWait tw = new TimeWait(this, tcb.sndMax, tcb.rcvNxt, sim.now());
                tw.tsOk = tcb.tsOk;
                tw.tsRecent = tcb.tsRecent;
                tcb.stopTimers();
                tcb = null;
                timeWait = tw;
                tw.start(stack.profile().timeWait());
            }
        }
        stack.tcp().emitStateChange(sim.now(), this, from, to, cause);
    }

    /** Ends the connection: CLOSED, then the observers' and the application's onClosed. */
    void closeWith(CloseReason reason, String cause) {
        if (state == TcpState.CLOSED) {
            return;
        }
        boolean applicationKnows = accepted(); // a child never handed to the application is not reported to it
        enter(TcpState.CLOSED, cause);
        stack.tcp().emitClosed(stack.sim().now(), this, reason);
        if (applicationKnows) {
            callbacks.onClosed(this, reason);
        }
        callbacks = SocketCallbacks.NONE; // a closed socket keeps nothing of its application alive
    }

    // ---- user calls (RFC 9293 3.10) ----

    @Override
    public void setCallbacks(SocketCallbacks callbacks) {
        this.callbacks = callbacks == null ? SocketCallbacks.NONE : callbacks;
    }

    /** SEND (RFC 9293 3.10.2). */
    @Override
    public void send(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("cannot send " + bytes + " bytes");
        }
        switch (state) {
            case SYN_SENT, SYN_RECEIVED -> queue(bytes); // queued until ESTABLISHED
            case ESTABLISHED, CLOSE_WAIT -> {
                queue(bytes);
                Output.output(this);
            }
            case CLOSED, LISTEN, FIN_WAIT_1, FIN_WAIT_2, CLOSING, LAST_ACK, TIME_WAIT -> {
                // "error: connection closing" / "connection does not exist": nothing is queued
            }
        }
    }

    /**
     * Adds to the send queue. Stream positions (SYN at 0, the FIN at bytes + 1, see {@link Tcb#position}) are longs,
     * so a stream holds at most Long.MAX_VALUE - 2 bytes; more is refused rather than wrapped.
     */
    private void queue(long bytes) {
        long max = Long.MAX_VALUE - 2;
        if (bytes > max - tcb.sndQueued) {
            throw new IllegalArgumentException("cannot send " + bytes + " more bytes: " + tcb.sndQueued
                    + " are queued and a stream holds at most " + max);
        }
        tcb.sndQueued += bytes;
    }

    /** CLOSE (RFC 9293 3.10.4). */
    @Override
    public void close() {
        if (shutdownOnly) {
            shutdownOnly = false; // now orphaned: FIN_WAIT_2 times out from here (Linux tcp_close)
            long timeout = stack.profile().finWait2Timeout();
            if (state == TcpState.FIN_WAIT_2 && timeout > 0) {
                tcb.finWait2.start(timeout);
            }
        }
        endSending();
    }

    /** CLOSE's effect on the sending direction (RFC 9293 3.10.4), shared by close and shutdown. */
    private void endSending() {
        switch (state) {
            case CLOSED, LISTEN, FIN_WAIT_1, FIN_WAIT_2, CLOSING, LAST_ACK, TIME_WAIT -> {
                // nothing to do, or "error: connection closing"
            }
            case SYN_SENT -> closeWith(CloseReason.NORMAL, "close");
            case SYN_RECEIVED, ESTABLISHED -> {
                tcb.finQueued = true;
                enter(TcpState.FIN_WAIT_1, "close");
                Output.output(this);
            }
            case CLOSE_WAIT -> {
                tcb.finQueued = true;
                enter(TcpState.LAST_ACK, "close");
                Output.output(this);
            }
        }
    }

    /** Linux shutdown(SHUT_WR): CLOSE without orphaning the socket (see {@link TcpSocket#shutdown}). */
    @Override
    public void shutdown() {
        switch (state) {
            case SYN_RECEIVED, ESTABLISHED, CLOSE_WAIT -> {
                shutdownOnly = true;
                endSending();
            }
            case CLOSED, LISTEN, SYN_SENT, FIN_WAIT_1, FIN_WAIT_2, CLOSING, LAST_ACK, TIME_WAIT -> {
                // SYN_SENT: Linux sends nothing and keeps connecting; here, as for the rest, nothing to do
            }
        }
    }

    /** ABORT (RFC 9293 3.10.5). */
    @Override
    public void abort() {
        switch (state) {
            case CLOSED, LISTEN -> {
            }
            case SYN_SENT, CLOSING, LAST_ACK, TIME_WAIT -> closeWith(CloseReason.ABORTED, "abort");
            case SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT -> {
                Output.sendReset(this, tcb.sndMax); // <SEQ=SND.NXT><CTL=RST>, SND.NXT being the highest sent
                closeWith(CloseReason.ABORTED, "abort");
            }
        }
    }

    // ---- timeouts (RFC 9293 3.10.8), called by the expiring Timer slot ----

    /** USER / RETRANSMISSION TIMEOUT: SYN, SYN-ACK, data and FIN, each kind with its own retry limit. */
    void retransmitTimeout() {
        Tcb t = tcb;
        TcpProfile p = stack.profile();
        switch (state) {
            case SYN_SENT -> {
                if (t.retries >= p.synRetransmissions()) {
                    closeWith(CloseReason.TIMEOUT, "syn retries exhausted");
                    return;
                }
                t.retries++;
                t.handshakeRetransmissions++;
                t.rttTiming = false;
                Output.sendSyn(this);
                t.retransmit.start(p.synTimeout(t.retries));
            }
            case SYN_RECEIVED -> {
                if (t.retries >= p.synAckRetries()) {
                    closeWith(CloseReason.TIMEOUT, "syn-ack retries exhausted");
                    return;
                }
                t.retries++;
                t.handshakeRetransmissions++;
                t.rttTiming = false;
                Output.sendSynAck(this);
                t.retransmit.start(p.synAckTimeout(t.retries));
            }
            case ESTABLISHED, CLOSE_WAIT, FIN_WAIT_1, CLOSING, LAST_ACK -> {
                boolean closing = state == TcpState.FIN_WAIT_1 || state == TcpState.CLOSING
                        || state == TcpState.LAST_ACK;
                int limit = closing ? p.finRetries() : p.dataRetries();
                if (retriesExhausted(t, p, limit)) {
                    closeWith(CloseReason.TIMEOUT, closing ? "fin retries exhausted" : "data retries exhausted");
                } else if (t.closedInSynReceived()) {
                    resendSynAckAndFin(t, p);
                } else if (t.sndUna != t.sndMax) { // else nothing is outstanding
                    if (t.retransStamp < 0) {
                        t.retransStamp = stack.sim().now() - t.rto.rto(); // when the timer was armed
                    }
                    t.probeOutstanding = false; // Linux clears tlp_high_seq on a timeout
                    t.retries++;
                    t.rto.backoff(); // RFC 6298 5.5
                    t.cc.onTimeout(Seq.distance(t.sndUna, t.sndMax), t.sndMax);
                    t.sndNxt = t.sndUna; // go back: resend from the first unacknowledged byte
                    t.rttTiming = false; // Karn
                    Output.output(this);
                    if (t.flight() == 0) {
                        Output.probe(this); // the window lets nothing go: resend the first byte as a probe
                    }
                    t.retransmit.start(t.rto.rto());
                } else if (t.sndQueued > t.sndAcked || (t.finQueued && !t.finAcked())) {
                    // nothing outstanding, but the peer's window holds the data back: persist (RFC 9293 3.8.6.1)
                    t.retries++;
                    t.rto.backoff();
                    Output.probe(this);
                    t.retransmit.start(t.rto.rto());
                }
            }
            case CLOSED, LISTEN, FIN_WAIT_2, TIME_WAIT -> {
                // nothing is retransmitted in these states
            }
        }
    }

    /**
     * Whether the data or FIN retransmissions have reached {@code limit}: by count, or under the profile's
     * {@code retriesByTime} as Linux's retransmits_timed_out: the time {@link TcpProfile#retriesTimeout} of the
     * limit has passed since the retransmissions started.
     */
    private boolean retriesExhausted(Tcb t, TcpProfile p, int limit) {
        if (!p.retriesByTime()) {
            return t.retries >= limit;
        }
        return t.retransStamp >= 0 && stack.sim().now() - t.retransStamp >= p.retriesTimeout(limit);
    }

    /** Retransmission timeout of a connection {@link Tcb#closedInSynReceived closed in SYN-RECEIVED}. */
    private void resendSynAckAndFin(Tcb t, TcpProfile p) {
        if (t.retries >= p.synAckRetries()) {
            closeWith(CloseReason.TIMEOUT, "syn-ack retries exhausted");
            return;
        }
        t.retries++;
        t.handshakeRetransmissions++;
        Output.sendSynAck(this);
        t.sndNxt = t.iss + 1;
        Output.output(this);
        t.retransmit.start(p.synAckTimeout(t.retries));
    }

    /** Delayed ACK (RFC 9293 3.8.6.3): the pending ACK goes out now. */
    void delayedAckTimeout() {
        if (tcb.ackPending > 0) {
            Output.sendAck(this);
        }
    }

    /**
     * FIN-WAIT-2 timeout (Linux tcp_fin_timeout): the connection disappears silently. Its reason is TIMEOUT: our
     * side closed in order, but the peer's FIN (and maybe some of its data) never arrived.
     */
    void finWait2Timeout() {
        closeWith(CloseReason.TIMEOUT, "fin-wait-2 timeout");
    }

    /** TIME-WAIT timeout (RFC 9293 3.10.8): delete the TCB, enter CLOSED. */
    void timeWaitTimeout() {
        closeWith(CloseReason.NORMAL, "time-wait expired");
    }
}
