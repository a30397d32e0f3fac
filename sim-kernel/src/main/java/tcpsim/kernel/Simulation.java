package tcpsim.kernel;

/**
 * One simulation: a clock in nanoseconds and the events pending on it.
 *
 * <p>No static state: every model object receives the simulation it lives in, so that independent runs can go
 * on separate threads and still produce identical results. Events at equal times run in the order they were
 * scheduled.
 */
public final class Simulation {
    /** A handle value that never names an event; use it for "no timer armed". */
    public static final long NO_EVENT = 0L;

    private final EventQueue queue = new EventQueue();
    /** Events scheduled for now while the queue's front is taken (see {@link EventQueue#pushNow}). */
    private final Lane dueNow = new Lane(this, queue, 0);
    private final RandomStreams random;
    private long now;
    private long processed;
    private boolean stopRequested;
    private long eventLimit = Long.MAX_VALUE;

    public Simulation(RandomStreams random) {
        this.random = random;
    }

    /** A simulation whose random streams come from {@code seed}, replication 0. */
    public Simulation(long seed) {
        this(new RandomStreams(seed, 0));
    }

    /** Current simulated time in nanoseconds. */
    public long now() {
        return now;
    }

    public RandomStreams random() {
        return random;
    }

    /** Schedules {@code event} {@code delay} nanoseconds from now; returns a handle for {@link #cancel}. */
    public long schedule(long delay, Event event) {
        if (delay < 0) {
            throw new IllegalArgumentException("negative delay " + delay + " ns");
        }
        return delay == 0 ? queue.pushNow(dueNow, now, event) : queue.push(now + delay, event);
    }

    /**
     * A new FIFO lane for events whose times never decrease in the order they are scheduled, such as timers of
     * one kind that all have the same {@code delay}: {@code lane.schedule(event)} runs it at now + {@code delay},
     * {@code lane.scheduleAt(time, event)} at {@code time}. Lane events run in the same (time, scheduling
     * sequence) order as all others and their handles work with {@link #cancel}; see {@link Lane}.
     */
    public Lane newLane(long delay) {
        if (delay < 0) {
            throw new IllegalArgumentException("negative delay " + delay + " ns");
        }
        return new Lane(this, queue, delay);
    }

    /** Schedules {@code event} at absolute time {@code time}, which must not be in the past. */
    public long scheduleAt(long time, Event event) {
        if (time < now) {
            throw new IllegalArgumentException("time " + time + " ns is before now (" + now + " ns)");
        }
        return time == now ? queue.pushNow(dueNow, now, event) : queue.push(time, event);
    }

    /**
     * Takes a place in the order of equal-time events without scheduling anything yet: an event scheduled later
     * with {@link #scheduleAt(long, long, Event)} and this place runs exactly where an event scheduled now for
     * the same time would have run. For timers that are re-armed often and expire rarely (a retransmission
     * timer moved by every ACK): the re-arm only notes the deadline and takes a place, and the pending expiry,
     * when it comes, schedules the real one at the deadline with that place, so results are those of a cancel
     * and a schedule at every re-arm.
     */
    public long reservePlace() {
        return queue.reserveSequence();
    }

    /**
     * Schedules {@code event} at {@code time} in the place taken by {@link #reservePlace()}. Each place may be used
     * once, and (time, place) must lie after the event now running: a time after now, or now with a place taken
     * after the running event was scheduled. Returns a handle for {@link #cancel}.
     */
    public long scheduleAt(long time, long place, Event event) {
        if (time < now) {
            throw new IllegalArgumentException("time " + time + " ns is before now (" + now + " ns)");
        }
        return queue.pushReserved(time, place, event);
    }

    /**
     * Cancels a pending event. Returns false, and does nothing, when the handle is {@link #NO_EVENT}, the event has
     * already run or was already cancelled.
     */
    public boolean cancel(long handle) {
        return handle != NO_EVENT && queue.cancel(handle);
    }

    public boolean isPending(long handle) {
        return handle != NO_EVENT && queue.isPending(handle);
    }

    /** Runs until no event is pending or {@link #stop()} is called. */
    public void run() {
        runUntil(Long.MAX_VALUE);
    }

    /**
     * Runs every event whose time is {@code <= until} (events at exactly {@code until} do run), then leaves the
     * clock at {@code until} so that a later {@code runUntil} continues seamlessly. When {@link #stop()} is called
     * the current event completes, no further event runs and the clock stays at that event's time.
     */
    public void runUntil(long until) {
        if (until < now) {
            throw new IllegalArgumentException("cannot run until " + until + " ns: it is already " + now + " ns");
        }
        stopRequested = false;
        while (!queue.isEmpty()) {
            if (processed >= eventLimit) {
                return;
            }
            long next = queue.peekTime();
            if (next > until) {
                break;
            }
            now = next;
            Event e = queue.pop();
            processed++;
            e.fire();
            if (stopRequested) {
                return;
            }
        }
        if (until != Long.MAX_VALUE) {
            now = until;
        }
    }

    /**
     * Makes {@link #run()} and {@link #runUntil} return, like {@link #stop()}, once {@link #eventsProcessed()}
     * reaches {@code events} (the clock stays at the last event's time), so that a caller can bound a run or check
     * on it between slices; a later call with a higher bound continues exactly where it stopped.
     */
    public void stopAfter(long events) {
        eventLimit = events;
    }

    /** Ends the current {@link #run()} or {@link #runUntil} after the event now running. */
    public void stop() {
        stopRequested = true;
    }

    /** Number of events that have run so far, lane events included. */
    public long eventsProcessed() {
        return processed;
    }

    /** Number of events scheduled (in the heap or a lane) and neither run nor cancelled. */
    public int pendingEvents() {
        return queue.size();
    }
}
