package tcpsim.tcp;

import tcpsim.kernel.Event;
import tcpsim.kernel.Simulation;

/**
 * One typed timer slot of a connection (RFC 9293 3.8, 3.10.8): the kernel handle of its pending expiry, or
 * {@link Simulation#NO_EVENT} while it is not running. Every timer has exactly one owner: the {@link Tcb} holds the
 * retransmission, delayed-ACK, FIN-WAIT-2 and loss-probe slots, the {@link TimeWait} record the 2 MSL slot, and the kernel is
 * asked to schedule or cancel a connection's timer only here. A stopped timer never fires, and an expiry that finds
 * its slot no longer running does nothing.
 */
final class Timer implements Event {
    /** What expires; each kind calls its own timeout of the connection. */
    enum Kind {
        RETRANSMISSION,
        DELAYED_ACK,
        FIN_WAIT_2,
        TIME_WAIT,
        /** RFC 8985 probe timeout (issue 10, profile key tlp). */
        LOSS_PROBE
    }

    private final TcpConnection c;
    private final Kind kind;
    private long handle = Simulation.NO_EVENT;

    Timer(TcpConnection c, Kind kind) {
        this.c = c;
        this.kind = kind;
    }

    /** (Re)starts the timer: any pending expiry is cancelled, the new one is {@code delay} ns from now. */
    void start(long delay) {
        Simulation sim = c.stack.sim();
        sim.cancel(handle);
        handle = sim.schedule(delay, this);
    }

    /** Starts the timer unless it is running already (then its expiry stays where it is). */
    void startUnlessRunning(long delay) {
        if (handle == Simulation.NO_EVENT) {
            handle = c.stack.sim().schedule(delay, this);
        }
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
        switch (kind) {
            case RETRANSMISSION -> c.retransmitTimeout();
            case DELAYED_ACK -> c.delayedAckTimeout();
            case FIN_WAIT_2 -> c.finWait2Timeout();
            case TIME_WAIT -> c.timeWaitTimeout();
            case LOSS_PROBE -> TailLossProbe.fire(c);
        }
    }

    @Override
    public String toString() {
        return kind + (isRunning() ? " running" : " off");
    }
}
