package tcpsim.tcp;

import tcpsim.kernel.Event;
import tcpsim.kernel.Simulation;

/**
 * A timer that is re-armed far more often than it expires, re-armed lazily: the retransmission timer of a
 * {@link Tcb} (RFC 6298; SYN, SYN-ACK, data and FIN) and the loss-probe timer ({@link TailLossProbe}). RFC 6298 5.3
 * restarts the first on every ACK of new data, and Linux re-arms the probe timeout on every send of new data and
 * every ACK that leaves data in flight, almost always for a later deadline than the pending one, and they rarely
 * expire. So a restart only notes the new deadline and takes its place among equal-time events
 * ({@link Simulation#reservePlace()}); the pending kernel event stays where it is, and when it comes due it
 * schedules the real expiry at the deadline in that place. Every expiry thus runs at the time and in the order a
 * cancel and a new schedule at each restart would give it (the same results, byte for byte), at the cost of one
 * extra event per deadline actually reached instead of a kernel push and a dead heap entry per restart. A restart
 * for an earlier deadline than the pending event's cancels it and schedules anew.
 */
final class LazyTimer implements Event {
    /** What expires; each kind calls its own timeout. */
    enum Kind {
        RETRANSMISSION,
        /** RFC 8985 probe timeout (profile key tlp). */
        LOSS_PROBE
    }

    private static final long NO_PLACE = -1;

    private final TcpConnection c;
    private final Kind kind;
    /** The pending kernel event, or NO_EVENT while the timer is off. */
    private long handle = Simulation.NO_EVENT;
    /** When the pending kernel event runs. */
    private long pendingAt;
    /** When the timer expires, at or after {@link #pendingAt}. */
    private long deadline;
    /** The place of the deadline's expiry when the pending event is not it (a restart moved it), else NO_PLACE. */
    private long place = NO_PLACE;

    LazyTimer(TcpConnection c, Kind kind) {
        this.c = c;
        this.kind = kind;
    }

    /** (Re)starts the timer to expire {@code delay} ns from now (on the host's timer clock, {@link Jiffies}). */
    void start(long delay) {
        Simulation sim = c.stack.sim();
        long at = c.stack.jiffies().expiry(sim.now(), delay);
        if (handle != Simulation.NO_EVENT && at >= pendingAt) {
            deadline = at;
            place = sim.reservePlace();
            return;
        }
        sim.cancel(handle);
        schedule(sim, at);
    }

    /** Starts the timer unless it is running already (then its deadline stays where it is). */
    void startUnlessRunning(long delay) {
        if (handle == Simulation.NO_EVENT) {
            Simulation sim = c.stack.sim();
            schedule(sim, c.stack.jiffies().expiry(sim.now(), delay));
        }
    }

    private void schedule(Simulation sim, long at) {
        handle = sim.scheduleAt(at, this);
        pendingAt = at;
        deadline = at;
        place = NO_PLACE;
    }

    /** Turns the timer off. */
    void stop() {
        c.stack.sim().cancel(handle);
        handle = Simulation.NO_EVENT;
        place = NO_PLACE;
    }

    boolean isRunning() {
        return handle != Simulation.NO_EVENT;
    }

    @Override
    public void fire() {
        if (handle == Simulation.NO_EVENT) {
            return; // stale: stopped since it was scheduled
        }
        if (place != NO_PLACE) { // restarted since: the expiry is due at the deadline, in the restart's place
            handle = c.stack.sim().scheduleAt(deadline, place, this);
            pendingAt = deadline;
            place = NO_PLACE;
            return;
        }
        handle = Simulation.NO_EVENT;
        c.stack.jiffies().expired(c.stack.sim().now());
        switch (kind) {
            case RETRANSMISSION -> c.retransmitTimeout();
            case LOSS_PROBE -> TailLossProbe.fire(c);
        }
    }

    @Override
    public String toString() {
        return kind + (isRunning() ? " running" : " off");
    }
}
