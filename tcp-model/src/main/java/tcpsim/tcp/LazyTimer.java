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
 *
 * <p>The two timers of a TCB share one kernel event ({@link Pair}), as Linux runs both on one timer
 * ({@code icsk_retransmit_timer}, with {@code icsk_pending} saying which is due): the probe runs in place of the
 * retransmission timer and the other way round (at most one of them runs whenever the kernel takes over), and every
 * send of new data and most ACKs switch between them. Stopping one leaves the event pending, so the next start of
 * either, usually for a later deadline, only notes it; an event that comes due with neither running does nothing.
 * Only {@link Pair#off} (the TCB leaves: TIME-WAIT, CLOSED, LISTEN) cancels it. Before they shared it, each switch
 * cancelled one timer's event and pushed the other's: about 23 cancels per connection in the standard scenario.
 */
final class LazyTimer {
    /** What expires; each kind calls its own timeout. */
    enum Kind {
        RETRANSMISSION,
        /** RFC 8985 probe timeout (profile key tlp). */
        LOSS_PROBE
    }

    /** The deadline's expiry is the pending kernel event itself. */
    private static final long EXACT = -1;
    /**
     * The pending event moved earlier for the other timer while this one ran on it; this one must stop or restart
     * before the kernel takes over (the callers always switch timers within one event).
     */
    private static final long LOST = -2;

    private final Pair pair;
    private final Kind kind;
    private boolean running;
    /** When the timer expires, at or after the pair's pending event. */
    private long deadline;
    /** The place of the deadline's expiry among equal-time events, or {@link #EXACT} or {@link #LOST}. */
    private long place;

    private LazyTimer(Pair pair, Kind kind) {
        this.pair = pair;
        this.kind = kind;
    }

    /** (Re)starts the timer to expire {@code delay} ns from now (on the host's timer clock, {@link Jiffies}). */
    void start(long delay) {
        pair.start(this, delay);
    }

    /** Starts the timer unless it is running already (then its deadline stays where it is). */
    void startUnlessRunning(long delay) {
        if (!running) {
            pair.start(this, delay);
        }
    }

    /** Turns the timer off; the pair's kernel event stays for the next start (see the class comment). */
    void stop() {
        running = false;
    }

    boolean isRunning() {
        return running;
    }

    @Override
    public String toString() {
        return kind + (running ? " running" : " off");
    }

    /** The retransmission and loss-probe timers of one TCB and the kernel event they share. */
    static final class Pair implements Event {
        final LazyTimer retransmit = new LazyTimer(this, Kind.RETRANSMISSION);
        final LazyTimer lossProbe = new LazyTimer(this, Kind.LOSS_PROBE);
        private final TcpConnection c;
        /** The pending kernel event, or NO_EVENT. */
        private long handle = Simulation.NO_EVENT;
        /** When the pending kernel event runs. */
        private long pendingAt;

        Pair(TcpConnection c) {
            this.c = c;
        }

        private void start(LazyTimer timer, long delay) {
            Simulation sim = c.stack.sim();
            long at = c.stack.jiffies().expiry(sim.now(), delay);
            timer.running = true;
            timer.deadline = at;
            if (handle != Simulation.NO_EVENT && at >= pendingAt) {
                timer.place = sim.reservePlace();
                return;
            }
            LazyTimer other = timer == retransmit ? lossProbe : retransmit;
            if (other.running && other.place == EXACT) {
                other.place = LOST;
            }
            sim.cancel(handle);
            handle = sim.scheduleAt(at, this);
            pendingAt = at;
            timer.place = EXACT;
        }

        /** Turns both timers off and cancels their event: the TCB is left behind. */
        void off() {
            retransmit.running = false;
            lossProbe.running = false;
            c.stack.sim().cancel(handle);
            handle = Simulation.NO_EVENT;
        }

        @Override
        public void fire() {
            handle = Simulation.NO_EVENT;
            if (retransmit.running && lossProbe.running) {
                throw new IllegalStateException("the retransmission and loss-probe timers of " + c
                        + " both run; one of them must stop when the other starts");
            }
            LazyTimer due = retransmit.running ? retransmit : lossProbe.running ? lossProbe : null;
            if (due == null) {
                return; // both stopped since the event was scheduled
            }
            if (due.place == LOST) {
                throw new IllegalStateException(due + " of " + c + " lost its place to the other timer");
            }
            if (due.place != EXACT) { // restarted since: the expiry is due at the deadline, in the restart's place
                handle = c.stack.sim().scheduleAt(due.deadline, due.place, this);
                pendingAt = due.deadline;
                due.place = EXACT;
                return;
            }
            due.running = false;
            c.stack.jiffies().expired(c.stack.sim().now());
            switch (due.kind) {
                case RETRANSMISSION -> c.retransmitTimeout();
                case LOSS_PROBE -> TailLossProbe.fire(c);
            }
        }

        @Override
        public String toString() {
            return retransmit + ", " + lossProbe;
        }
    }
}
