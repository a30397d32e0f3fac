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
    /** This lane's number in its queue, from 1. */
    final int id;

    // entries in scheduling order, a ring buffer: entry i is (ring[2i] = time, ring[2i + 1] = sequence number,
    // events[i] = its event, null once it ran or was cancelled); the event beside its time and sequence, not in the
    // queue's slot table, so scheduling and running a lane event touch the ring's two ends and nothing else
    private long[] ring = new long[0];
    private Event[] events = new Event[0];
    private int head;
    private int count;
    private long lastAppended; // the time of the latest entry appended: the tail's, or later if the tail was dropped
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
        return count == 0 || time >= lastAppended; // a field beside count, not a read of the ring's tail
    }

    void countFallback() {
        fallbacks++;
    }

    void append(long time, long seq, Event event) {
        if (count == events.length) {
            grow();
        }
        set(count++, time, seq, event);
        lastAppended = time;
    }

    long timeAt(int k) {
        return ring[index(k) << 1];
    }

    long seqAt(int k) {
        return ring[(index(k) << 1) + 1];
    }

    /** The event of entry {@code k}, null once it ran or was cancelled (the entry is dead). */
    Event eventAt(int k) {
        return events[index(k)];
    }

    /** Kills entry {@code k}: it stays in its place, dead, until it is dropped. */
    void kill(int k) {
        events[index(k)] = null;
    }

    /**
     * The position of the entry scheduled with sequence number {@code seq}, or -1 if it is no longer in the lane.
     * Sequence numbers increase from head to tail, so this is a search: galloping back from the tail, since the
     * events cancelled are mostly the recently scheduled ones (a delayed ACK sent early, a FIN-WAIT-2 timer
     * stopped one RTT after it started), then binary.
     */
    int find(long seq) {
        if (count == 0 || seq < seqAt(0) || seq > seqAt(count - 1)) {
            return -1;
        }
        int hi = count - 1; // seqAt(hi) >= seq
        int lo = hi;
        for (int step = 1; seqAt(lo) > seq; step <<= 1) {
            hi = lo;
            lo = Math.max(0, hi - step);
        }
        while (lo < hi) { // seqAt(lo) <= seq <= seqAt(hi)
            int mid = (lo + hi + 1) >>> 1;
            if (seqAt(mid) <= seq) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return seqAt(lo) == seq ? lo : -1;
    }

    void dropHead() {
        events[head] = null;
        head = (head + 1) & (events.length - 1);
        count--;
    }

    /** Removes the entry behind the head (the head moves up into its place, keeping its sequence number). */
    void dropSecond() {
        set(1, timeAt(0), seqAt(0), eventAt(0));
        dropHead();
    }

    /** Drops the dead entries, keeping the order of the rest; returns how many were dropped. */
    int compact() {
        int kept = 0;
        for (int k = 0; k < count; k++) {
            Event e = eventAt(k);
            if (e != null) {
                set(kept++, timeAt(k), seqAt(k), e);
            }
        }
        for (int k = kept; k < count; k++) {
            events[index(k)] = null;
        }
        int dropped = count - kept;
        count = kept;
        return dropped;
    }

    private void set(int k, long time, long seq, Event event) {
        int i = index(k);
        ring[i << 1] = time;
        ring[(i << 1) + 1] = seq;
        events[i] = event;
    }

    private int index(int k) {
        return (head + k) & (events.length - 1);
    }

    private void grow() {
        int capacity = Math.max(8, 2 * events.length);
        long[] biggerRing = new long[2 * capacity];
        Event[] biggerEvents = new Event[capacity];
        for (int k = 0; k < count; k++) {
            int i = index(k);
            biggerRing[2 * k] = ring[2 * i];
            biggerRing[2 * k + 1] = ring[2 * i + 1];
            biggerEvents[k] = events[i];
        }
        ring = biggerRing;
        events = biggerEvents;
        head = 0;
    }
}
