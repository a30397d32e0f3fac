package tcpsim.tcp;

import tcpsim.kernel.Event;
import tcpsim.kernel.Lane;
import tcpsim.kernel.Simulation;

/**
 * One typed timer slot of a connection (RFC 9293 3.8, 3.10.8) whose timeout is a profile constant: the kernel
 * handle of its pending expiry, or {@link Simulation#NO_EVENT} while it is not running. Every timer has exactly one
 * owner: the {@link Tcb} holds the delayed-ACK and FIN-WAIT-2 slots and two {@link LazyTimer}s (retransmission and
 * loss probe), and the
 * {@link TimeWait} record is itself the 2 MSL slot (one object, as Linux's tcp_timewait_sock embeds its timer).
 * The kernel is asked to schedule or cancel a connection's timer only here. A stopped timer never fires, and an
 * expiry that finds its slot no longer running does nothing.
 *
 * <p>Timers of one kind on one stack all run for the same time, so they expire in the order they were set (on the
 * jiffies clock too: see {@link Jiffies} and the lanes in {@link TcpStack}): they
 * go into that stack's kernel {@link Lane} for the kind (O(1) instead of a sift through a heap holding every
 * TIME_WAIT timer of the host). The order of events is the kernel's usual (time, scheduling sequence) either way.
 */
sealed abstract class Timer implements Event permits Timer.OfTcb, TimeWait {
    /** What expires; each kind calls its own timeout of the connection. */
    enum Kind {
        DELAYED_ACK,
        FIN_WAIT_2,
        TIME_WAIT
    }

    private final TcpConnection c;
    private long handle = Simulation.NO_EVENT;

    Timer(TcpConnection c) {
        this.c = c;
    }

    /**
     * Which timer this is. A method, not a field, so that the {@link TimeWait} record, which is always the 2 MSL
     * timer, does not carry it: 48 bytes instead of 56 for each of a million connections in TIME_WAIT.
     */
    abstract Kind kind();

    /** The delayed-ACK or FIN-WAIT-2 slot of a {@link Tcb}. */
    static final class OfTcb extends Timer {
        private final Kind kind;

        OfTcb(TcpConnection c, Kind kind) {
            super(c);
            this.kind = kind;
        }

        @Override
        Kind kind() {
            return kind;
        }
    }

    /** (Re)starts the timer: any pending expiry is cancelled, the new one is {@code delay} ns from now. */
    void start(long delay) {
        c.stack.sim().cancel(handle);
        schedule(delay);
    }

    /** Starts the timer unless it is running already (then its expiry stays where it is). */
    void startUnlessRunning(long delay) {
        if (handle == Simulation.NO_EVENT) {
            schedule(delay);
        }
    }

    /**
     * The expiry is the host's timer clock's ({@link Jiffies}: exact, or at a tick rounded by the wheel). A time
     * out of the lane's order still works: the lane hands such an event to the heap.
     */
    private void schedule(long delay) {
        Lane lane = c.stack.lane(kind());
        handle = lane.scheduleAt(c.stack.jiffies().expiry(c.stack.sim().now(), delay), this);
    }

    /** Turns the timer off. */
    void stop() {
        c.stack.sim().cancel(handle);
        handle = Simulation.NO_EVENT;
    }

    boolean isRunning() {
        return handle != Simulation.NO_EVENT;
    }

    @Override
    public void fire() {
        if (handle == Simulation.NO_EVENT) {
            return; // stale: stopped since it was scheduled
        }
        handle = Simulation.NO_EVENT;
        c.stack.jiffies().expired(c.stack.sim().now());
        switch (kind()) {
            case DELAYED_ACK -> c.delayedAckTimeout();
            case FIN_WAIT_2 -> c.finWait2Timeout();
            case TIME_WAIT -> c.timeWaitTimeout();
        }
    }

    @Override
    public String toString() {
        return kind() + (isRunning() ? " running" : " off");
    }
}
