package tcpsim.kernel;

import java.util.Arrays;

/**
 * The pending-event set: a 4-ary min-heap ordered by (time, insertion sequence), kept in primitive arrays.
 *
 * <p>The insertion sequence is the whole determinism contract: two events at the same time leave the queue in
 * the order they entered it. Each heap entry is two adjacent longs, the time and then the sequence number with the
 * event's slot in its low {@value #SLOT_BITS} bits; since sequence numbers are unique, comparing that packed long
 * compares sequence numbers. Sifting thus touches one array, and the four children of a node lie on one cache
 * line, without dereferencing any event object. The handler sits in a slot table addressed by the slot. The
 * benchmarks module measures this against {@link java.util.PriorityQueue}; binary and 8-ary heaps were measured
 * too and lost at every size (README, Benchmarks). The arity is a constant: as a field it cost 4% at 10^5.
 *
 * <p>Cancellation is lazy: it empties the event's slot and leaves its heap entry in place, dead, so that sifting
 * never has to keep a slot-to-position table up to date (a random write per level). Dead entries are dropped
 * when they reach the root (or the head of their lane), and the heap and the lanes are compacted when dead
 * entries outnumber the live ones by more than {@value #COMPACTION_SLACK}, so memory stays within twice the
 * pending events. {@link #pop()} also only kills the root: a handler
 * usually schedules the next event at once, and {@link #push} then writes it over the dead root and sifts it down,
 * which costs one descent instead of a removal plus an insertion. Together the two made a hold operation 20%
 * faster at 10^5 pending events.
 *
 * <p>Lanes ({@link Lane}) hold events whose times never decrease in push order in FIFO ring buffers of the
 * same (time, sequence|slot) entries; only the head of each non-empty lane takes part in the order, in a second,
 * small heap of lane heads ({@code laneHeads}, one entry per non-empty lane), and the next event is the smaller of
 * the two roots. When a lane's head runs (or is found dead at the root), the lane's next live entry replaces it
 * at the root of the lane heads and sifts down through a heap of a few hundred entries that stays in the cache,
 * instead of through the heap of every other timer: in the standard scenario most events are link arrivals, and
 * their sift through the main heap was 20% of the run. Lane events take slots like heap events, so handles,
 * cancellation and the counts are the same for both; {@code laneOf(slot)} tells which lane a slot's entry is in
 * (0: the heap).
 *
 * <p>Handles are {@code generation << 32 | slot}. A slot's generation advances whenever its event runs or is
 * cancelled, so a handle of an event that already ran or was cancelled never matches again: cancelling it is a
 * harmless no-op. Generations start at 1, so {@code 0} is never a handle and callers may use it for "no event".
 */
final class EventQueue {
    static final int SLOT_BITS = 24;
    private static final long SLOT_MASK = (1L << SLOT_BITS) - 1;
    /** At most 2^24 (16.7 million) entries, in the heap and the lanes, pending events and dead ones, at once. */
    static final int MAX_PENDING = 1 << SLOT_BITS;
    /** At most 2^39 (5.5e11) events may be scheduled over a queue's life. */
    static final long MAX_SEQUENCE = 1L << (63 - SLOT_BITS);
    /** Dead entries tolerated beyond the number of live ones before the heap and the lanes are compacted. */
    static final int COMPACTION_SLACK = 64;

    // heap events, live and dead, keyed sequence << SLOT_BITS | slot
    private final KeyHeap heap;
    // the head entry of every non-empty lane, live or dead, keyed as in the heap
    private final KeyHeap laneHeads = new KeyHeap(16);
    private int live;

    // slot table; a slot stays taken while its heap entry exists, even after its event ran or was cancelled
    private Event[] handler; // null once the event ran or was cancelled: its heap entry is dead
    // per slot, side by side so that running or cancelling an event touches one cache line for both:
    // info[2 * slot] = generation, info[2 * slot + 1] = the id of the lane holding the slot's entry, 0 for the heap
    private int[] info;
    private int[] freeSlots;
    private int freeCount;
    private int slotsUsed;

    private long nextSeq;

    private Lane[] lanes = new Lane[8]; // by id; lanes[0] is unused
    private int laneCount;

    EventQueue() {
        this(64);
    }

    EventQueue(int initialCapacity) {

        int cap = Math.max(4, Math.min(initialCapacity, MAX_PENDING));
        heap = new KeyHeap(cap);
        handler = new Event[cap];
        info = new int[2 * cap];
        fillGenerations(0, cap);
        freeSlots = new int[cap];
    }

    /** Events pending: scheduled and neither run nor cancelled. */
    int size() {
        return live;
    }

    boolean isEmpty() {
        return live == 0;
    }

    /** Entries held in the heap and the lanes, dead ones included: what the queue's memory is proportional to. */
    int entries() {
        return slotsUsed - freeCount;
    }

    /** Gives a new lane its id. */
    int register(Lane lane) {
        if (++laneCount == lanes.length) {
            lanes = Arrays.copyOf(lanes, 2 * lanes.length);
        }
        lanes[laneCount] = lane;
        return laneCount;
    }

    /** Adds an event; returns its cancellation handle (never 0). */
    long push(long time, Event event) {
        return pushReserved(time, reserveSequence(), event);
    }

    /** Takes the next sequence number for a later {@link #pushReserved}. */
    long reserveSequence() {
        checkSequence();
        return nextSeq++;
    }

    /**
     * Adds an event with a sequence number taken earlier by {@link #reserveSequence} (and never used since), so
     * that it sorts among equal-time events as if it had been pushed when the number was taken.
     */
    long pushReserved(long time, long seq, Event event) {
        if (!heap.isEmpty() && handler[slotOf(heap.rootKey())] == null) {
            int slot = slotOf(heap.rootKey());
            take(slot, event);
            heap.replaceRoot(time, seq << SLOT_BITS | slot);
            return handle(slot);
        }
        int slot = allocateSlot();
        info[2 * slot + 1] = 0;
        take(slot, event);
        heap.add(time, seq << SLOT_BITS | slot);
        return handle(slot);
    }

    /**
     * Adds an event to the tail of {@code lane}; returns its handle. An event earlier than the lane's tail would
     * break the lane's order, so it goes into the heap instead (counted in {@link Lane#fallbacks()}).
     */
    long pushLane(Lane lane, long time, Event event) {
        if (!lane.accepts(time)) {
            lane.countFallback();
            return push(time, event);
        }
        checkSequence();
        int slot = allocateSlot();
        info[2 * slot + 1] = lane.id;
        take(slot, event);
        long key = nextSeq++ << SLOT_BITS | slot;
        lane.append(time, key);
        if (lane.count() == 1) {
            laneHeads.add(time, key);
        }
        return handle(slot);
    }

    private void checkSequence() {
        if (nextSeq == MAX_SEQUENCE) {
            throw new IllegalStateException("more than " + MAX_SEQUENCE + " events scheduled in one simulation");
        }
    }

    /** Time of the earliest event; only valid when not empty. */
    long peekTime() {
        dropDeadRoots();
        return nextIsLaneHead() ? laneHeads.rootTime() : heap.rootTime();
    }

    /** Removes the earliest event and returns its handler; only valid when not empty. */
    Event pop() {
        dropDeadRoots();
        Event e;
        if (nextIsLaneHead()) {
            int slot = slotOf(laneHeads.rootKey());
            e = handler[slot];
            kill(slot);
            advance(lanes[laneOf(slot)]);
        } else {
            int slot = slotOf(heap.rootKey());
            e = handler[slot];
            kill(slot); // the root stays, dead, for the handler's next push to be written over
        }
        compactIfMostlyDead();
        return e;
    }

    /** Whether the earliest event is a lane's head; only valid when not empty and both roots are live. */
    private boolean nextIsLaneHead() {
        return !laneHeads.isEmpty() && (heap.isEmpty()
                || KeyHeap.less(laneHeads.rootTime(), laneHeads.rootKey(), heap.rootTime(), heap.rootKey()));
    }

    /** Removes the event if it is still pending; false if it already ran, was cancelled, or never existed. */
    boolean cancel(long handle) {
        if (!isPending(handle)) {
            return false;
        }
        int slot = (int) handle;
        kill(slot);
        if (laneOf(slot) != 0) {
            trimBehindHead(lanes[laneOf(slot)]);
        }
        compactIfMostlyDead();
        return true;
    }

    /**
     * Drops the dead entries right behind a lane's head. Lane events are mostly cancelled in about the order they
     * were scheduled (a FIN-WAIT-2 timer stopped one RTT after it started, while the lane holds a minute of them),
     * so dead entries gather there; the head itself stays while its heap entry names it. Without this, a lane of
     * such timers would hold a dead entry and its slot for every event of its delay, as long as that delay.
     */
    private void trimBehindHead(Lane lane) {
        while (lane.count() > 1 && handler[slotOf(lane.keyAt(1))] == null) {
            freeSlot(slotOf(lane.keyAt(1)));
            lane.dropSecond();
        }
    }

    boolean isPending(long handle) {
        int slot = (int) handle;
        int gen = (int) (handle >>> 32);
        return slot >= 0 && slot < slotsUsed && generation(slot) == gen && handler[slot] != null;
    }

    private long handle(int slot) {
        return ((long) generation(slot) << 32) | slot;
    }

    private static int slotOf(long key) {
        return (int) (key & SLOT_MASK);
    }

    private void take(int slot, Event event) {
        handler[slot] = event;
        live++;
    }

    /** The slot's event will not run (again); its entry, in the heap or a lane, is dead from now on. */
    private void kill(int slot) {
        handler[slot] = null;
        int gen = info[2 * slot];
        info[2 * slot] = gen == Integer.MAX_VALUE ? 1 : gen + 1;
        live--;
    }

    private void compactIfMostlyDead() {
        if (entries() - live > live + COMPACTION_SLACK) {
            compact();
        }
    }

    private void dropDeadRoots() {
        while (!heap.isEmpty() && handler[slotOf(heap.rootKey())] == null) {
            freeSlot(slotOf(heap.rootKey()));
            heap.removeRoot();
        }
        while (!laneHeads.isEmpty() && handler[slotOf(laneHeads.rootKey())] == null) {
            advance(lanes[laneOf(slotOf(laneHeads.rootKey()))]);
        }
    }

    /**
     * The root of the lane heads is {@code lane}'s head and dead: drops it and any dead entries behind it, and puts
     * the lane's next live entry in its place (its key is larger, so it only sifts down), or removes the root if
     * none is left.
     */
    private void advance(Lane lane) {
        do {
            freeSlot(slotOf(lane.keyAt(0)));
            lane.dropHead();
        } while (!lane.isEmpty() && handler[slotOf(lane.keyAt(0))] == null);
        if (lane.isEmpty()) {
            laneHeads.removeRoot();
        } else {
            laneHeads.replaceRoot(lane.timeAt(0), lane.keyAt(0));
        }
    }

    /** Drops a lane's dead entries, keeping the order of the rest. */
    private void compact(Lane lane) {
        int kept = 0;
        for (int k = 0; k < lane.count(); k++) {
            long key = lane.keyAt(k);
            if (handler[slotOf(key)] == null) {
                freeSlot(slotOf(key));
            } else {
                lane.set(kept++, lane.timeAt(k), key);
            }
        }
        lane.truncate(kept);
    }

    /**
     * Keeps the live entries and rebuilds both heaps bottom-up (Floyd), in linear time. Every non-empty lane has
     * exactly one entry among the lane heads, so each lane is compacted once, when its entry comes up, and its new
     * head (if any) takes that entry's place.
     */
    private void compact() {
        int n = 0;
        for (int i = 0; i < heap.size(); i++) {
            long key = heap.keyAt(i);
            if (handler[slotOf(key)] == null) {
                freeSlot(slotOf(key));
            } else {
                heap.set(n++, heap.timeAt(i), key);
            }
        }
        heap.truncate(n);
        heap.heapify();
        n = 0;
        for (int i = 0; i < laneHeads.size(); i++) {
            Lane l = lanes[laneOf(slotOf(laneHeads.keyAt(i)))];
            compact(l);
            if (!l.isEmpty()) {
                laneHeads.set(n++, l.timeAt(0), l.keyAt(0));
            }
        }
        laneHeads.truncate(n);
        laneHeads.heapify();
    }

    private int allocateSlot() {
        if (freeCount > 0) {
            return freeSlots[--freeCount];
        }
        if (slotsUsed == MAX_PENDING) {
            compact();
            if (freeCount == 0) {
                throw new IllegalStateException("more than " + MAX_PENDING + " events pending at once");
            }
            return freeSlots[--freeCount];
        }
        if (slotsUsed == handler.length) {
            growSlots();
        }
        return slotsUsed++;
    }

    private int generation(int slot) {
        return info[2 * slot];
    }

    private int laneOf(int slot) {
        return info[2 * slot + 1];
    }

    /** Generations start at 1, so that no handle is 0. */
    private void fillGenerations(int from, int to) {
        for (int slot = from; slot < to; slot++) {
            info[2 * slot] = 1;
        }
    }

    private void freeSlot(int slot) {
        freeSlots[freeCount++] = slot;
    }

    private void growSlots() {
        int old = handler.length;
        int cap = Math.min(old * 2, MAX_PENDING);
        handler = Arrays.copyOf(handler, cap);
        info = Arrays.copyOf(info, 2 * cap);
        fillGenerations(old, cap);
        freeSlots = Arrays.copyOf(freeSlots, cap);
    }
}
