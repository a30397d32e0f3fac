package tcpsim.kernel;

/**
 * A FIFO lane of events whose times never decrease in the order they are scheduled: timers of one kind with the
 * same delay for every event (TIME_WAIT, FIN_WAIT_2, delayed ACK), or the arrivals of a link that keeps its
 * packets in order. Such events expire in the order they were set, so the lane keeps them in a ring buffer and
 * only its head takes part in the event heap: scheduling and running a lane event costs O(1) ring work instead
 * of a sift through a heap swollen by every other timer of its kind.
 *
 * <p>Nothing about the order of events changes: a lane event gets its sequence number from the same counter as
 * {@link Simulation#schedule}, and all events, in lanes or not, run in (time, scheduling sequence) order. The
 * returned handles are ordinary handles: {@link Simulation#cancel} and {@link Simulation#isPending} accept them,
 * cancellation is lazy (the entry stays in the ring, dead, until it reaches the head or the queue is compacted),
 * and lane events count in {@link Simulation#pendingEvents} and {@link Simulation#eventsProcessed}.
 *
 * <p>FIFO invariant: a lane event's time must be at or after the time of the last event in the lane. Through
 * {@link #schedule(Event)} (now + the lane's fixed delay) that holds by construction, since the clock never goes
 * back. An event given to {@link #scheduleAt} for an earlier time than the lane's last one is not an error: it
 * goes into the heap instead, where it runs at its time in the same (time, sequence) order as it would
 * anywhere; {@link #fallbacks()} counts such events, which only cost the speed-up.
 *
 * <p>Create lanes once per kind of event ({@link Simulation#newLane}) and keep them: a lane lives as long as its
 * simulation and costs a few dozen bytes while empty.
 */
public final class Lane {
    private final Simulation sim;
    private final EventQueue queue;
    private final long delay;
    /** This lane's number in its queue, from 1; slots of heap events carry 0. */
    final int id;

    // entries in scheduling order: ring[2k] = time, ring[2k + 1] = sequence << SLOT_BITS | slot, as in the heap
    private long[] ring = new long[0];
    private int head;
    private int count;
    private long fallbacks;

    Lane(Simulation sim, EventQueue queue, long delay) {
        this.sim = sim;
        this.queue = queue;
        this.delay = delay;
        this.id = queue.register(this);
    }

    /** The fixed delay of {@link #schedule(Event)}, in ns. */
    public long delay() {
        return delay;
    }

    /** Schedules {@code event} at now + {@link #delay()}; returns a handle for {@link Simulation#cancel}. */
    public long schedule(Event event) {
        return queue.pushLane(this, sim.now() + delay, event);
    }

    /**
     * Schedules {@code event} at absolute time {@code time}, which must not be in the past; returns a handle for
     * {@link Simulation#cancel}. Fast while times are non-decreasing in push order; an earlier time than the
     * lane's last one goes to the heap (see the class comment).
     */
    public long scheduleAt(long time, Event event) {
        if (time < sim.now()) {
            throw new IllegalArgumentException("time " + time + " ns is before now (" + sim.now() + " ns)");
        }
        return queue.pushLane(this, time, event);
    }

    /** Events given to {@link #scheduleAt} for a time before the lane's last one, which went to the heap. */
    public long fallbacks() {
        return fallbacks;
    }

    // ---- the ring, for EventQueue ----

    int count() {
        return count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Whether an event at {@code time} may join the tail without breaking the lane's order. */
    boolean accepts(long time) {
        return count == 0 || time >= timeAt(count - 1);
    }

    void countFallback() {
        fallbacks++;
    }

    void append(long time, long key) {
        if (count == ring.length >> 1) {
            grow();
        }
        int i = index(count);
        ring[i] = time;
        ring[i + 1] = key;
        count++;
    }

    long timeAt(int k) {
        return ring[index(k)];
    }

    long keyAt(int k) {
        return ring[index(k) + 1];
    }

    void set(int k, long time, long key) {
        int i = index(k);
        ring[i] = time;
        ring[i + 1] = key;
    }

    void dropHead() {
        head = (head + 1) & ((ring.length >> 1) - 1);
        count--;
    }

    /** Removes the entry behind the head (the head moves up into its place). */
    void dropSecond() {
        set(1, timeAt(0), keyAt(0));
        dropHead();
    }

    /** Keeps the first {@code n} entries. */
    void truncate(int n) {
        count = n;
    }

    private int index(int k) {
        return ((head + k) & ((ring.length >> 1) - 1)) << 1;
    }

    private void grow() {
        int capacity = ring.length >> 1;
        long[] bigger = new long[Math.max(8, 2 * capacity) << 1];
        for (int k = 0; k < count; k++) {
            int i = index(k);
            bigger[2 * k] = ring[i];
            bigger[2 * k + 1] = ring[i + 1];
        }
        ring = bigger;
        head = 0;
    }
}
