package tcpsim.kernel;

import java.util.Arrays;

/**
 * The pending-event set: a 4-ary min-heap ordered by (time, insertion sequence), kept in primitive arrays, and FIFO
 * lanes beside it.
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
 * pending events. The heap is also compacted alone when its own dead entries outnumber its live ones: with a
 * minute of TIME_WAIT timers live in a lane, the global rule let cancelled retransmission and probe timers swell
 * the heap fifteen-fold, and a third of the run went into sifting through them. {@link #pop()} also only kills the
 * root: a handler usually schedules the next event at once, and {@link #push} then writes it over the dead root and
 * sifts it down, which costs one descent instead of a removal plus an insertion. Together the two made a hold
 * operation 20% faster at 10^5 pending events.
 *
 * <p>Lanes ({@link Lane}) hold events whose times never decrease in push order in FIFO ring buffers of (time,
 * sequence, event). Only the head of each non-empty lane takes part in the order, in a second, small heap of lane
 * heads ({@code laneHeads}, one entry per non-empty lane, keyed sequence << SLOT_BITS | lane id), and the next
 * event is the smaller of the two roots. When a lane's head runs (or is found dead at the root), the lane's next
 * live entry replaces it at the root of the lane heads and sifts down through a heap of a few hundred entries that
 * stays in the cache, instead of through the heap of every other timer: in the standard scenario most events are
 * link arrivals, and their sift through the main heap was 20% of the run. Lane events take no slot: the ring keeps
 * the event beside its time, so scheduling and running one touches the two ends of its ring and nothing else
 * (with a minute of TIME_WAIT timers in a lane, a shared slot table had grown to a million entries, and every
 * touch of it missed the cache).
 *
 * <p>The front: an event pushed when every pending entry is later than its time is the next event, and stays so
 * until an earlier entry arrives (no later push can come before it at its own time, since its sequence number is
 * larger). Such an event waits in a single register beside the heap instead of in it, and the next pop takes it
 * without a sift. The case is common: a packet a router forwards onto a link with no latency and no bandwidth limit
 * (the server side of a star) arrives at once, and half of the standard scenario's events are such hops. A push
 * that comes before the front (a later time of the front, or a place reserved before it) moves it into the heap,
 * so the order is (time, sequence) exactly as before; the front holds a slot like a heap event, so its handle,
 * cancellation and liveness work the same.
 *
 * <p>Handles of heap events are {@code generation << 32 | slot}. A slot's generation advances whenever its event
 * runs or is cancelled, so a handle of an event that already ran or was cancelled never matches again: cancelling it
 * is a harmless no-op. Generations start at 1, so {@code 0} is never a handle and callers may use it for "no
 * event". Handles of lane events have the top bit set, the lane's id in bits 40 to 62 and the event's sequence
 * number below it; the entry is found by its sequence number ({@link Lane#find}), which stays right when dead
 * entries around it are dropped.
 */
final class EventQueue {
    static final int SLOT_BITS = 24;
    private static final long SLOT_MASK = (1L << SLOT_BITS) - 1;
    /** At most 2^24 (16.7 million) entries in the heap, pending events and dead ones, at once. */
    static final int MAX_PENDING = 1 << SLOT_BITS;
    /** At most 2^39 (5.5e11) events may be scheduled over a queue's life. */
    static final long MAX_SEQUENCE = 1L << (63 - SLOT_BITS);
    /** Dead entries tolerated beyond the number of live ones before the heap and the lanes are compacted. */
    static final int COMPACTION_SLACK = 64;

    // lane handles: LANE_HANDLE | lane id << SEQ_BITS | sequence number (below MAX_SEQUENCE = 2^39)
    private static final long LANE_HANDLE = 1L << 63;
    private static final int SEQ_BITS = 40;
    private static final long SEQ_MASK = (1L << SEQ_BITS) - 1;
    /** Lane ids take bits 40 to 62 of a lane handle (and the slot bits of the lane heads' keys). */
    static final int MAX_LANES = (1 << (63 - SEQ_BITS)) - 1;

    // heap events, live and dead, keyed sequence << SLOT_BITS | slot
    private final KeyHeap heap;
    // the head entry of every non-empty lane, live or dead, keyed sequence << SLOT_BITS | lane id
    private final KeyHeap laneHeads = new KeyHeap(16);
    private int live; // pending events, in the heap and the lanes
    // the live events among the heap's entries: the heap is compacted on its own when its dead entries outnumber
    // them, since lanes may hold far more live events (a minute of TIME_WAIT) than the heap holds timers
    private int heapLive;
    private int laneEntries; // entries in all lanes, live and dead
    // the front (see the class comment): the slot of an event before every other pending entry, or -1; its event
    // counts as a heap event in heapLive
    private int frontSlot = -1;
    private long frontTime;
    private long frontKey; // sequence << SLOT_BITS | slot
    // where the earliest event is, as peekTime found it (that root then live): FRONT, LANE or HEAP; UNKNOWN once
    // anything changed, so that pop, which the simulation calls right after peekTime, need not look again
    private static final int UNKNOWN = 0;
    private static final int FRONT = 1;
    private static final int LANE = 2;
    private static final int HEAP = 3;
    private int next = UNKNOWN;

    // slot table of the heap's entries; a slot stays taken while its heap entry exists, even after its event ran or
    // was cancelled
    private Event[] handler; // null once the event ran or was cancelled: its heap entry is dead
    private int[] generation;
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
        generation = new int[cap];
        Arrays.fill(generation, 1); // generations start at 1, so that no handle is 0
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
        return heapEntries() + laneEntries;
    }

    /** Whether an event waits in the front (for tests). */
    boolean frontHeld() {
        return frontSlot >= 0;
    }

    /** Entries held in the heap and the front, dead ones included. */
    int heapEntries() {
        return heap.size() + (frontSlot >= 0 ? 1 : 0);
    }

    /** Gives a new lane its id. */
    int register(Lane lane) {
        if (laneCount == MAX_LANES) {
            throw new IllegalStateException("more than " + MAX_LANES + " lanes in one simulation");
        }
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
        if (nextSeq == MAX_SEQUENCE) {
            throw new IllegalStateException("more than " + MAX_SEQUENCE + " events scheduled in one simulation");
        }
        return nextSeq++;
    }

    /**
     * Adds an event with a sequence number taken earlier by {@link #reserveSequence} (and never used since), so
     * that it sorts among equal-time events as if it had been pushed when the number was taken.
     */
    long pushReserved(long time, long seq, Event event) {
        next = UNKNOWN;
        live++;
        heapLive++;
        if (frontSlot >= 0) {
            if (KeyHeap.less(time, seq << SLOT_BITS, frontTime, frontKey)) {
                demoteFront();
            }
        } else if (beforeEveryEntry(time)) {
            int slot = allocateSlot();
            handler[slot] = event;
            frontSlot = slot;
            frontTime = time;
            frontKey = seq << SLOT_BITS | slot;
            return handle(slot);
        }
        if (!heap.isEmpty() && handler[slotOf(heap.rootKey())] == null) {
            int slot = slotOf(heap.rootKey());
            handler[slot] = event;
            heap.replaceRoot(time, seq << SLOT_BITS | slot);
            return handle(slot);
        }
        int slot = allocateSlot();
        handler[slot] = event;
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
        long seq = reserveSequence();
        next = UNKNOWN;
        if (frontSlot >= 0 && KeyHeap.less(time, seq << SLOT_BITS, frontTime, frontKey)) {
            demoteFront();
        }
        lane.append(time, seq, event);
        laneEntries++;
        live++;
        if (lane.count() == 1) {
            laneHeads.add(time, seq << SLOT_BITS | lane.id);
        }
        return LANE_HANDLE | (long) lane.id << SEQ_BITS | seq;
    }

    /**
     * Adds an event due at {@code now}, the time of the event running, with a new sequence number: the front
     * takes it when it comes before every pending entry, else {@code dueNow}, a lane without delay kept for such
     * events. They never break a lane's order (the clock never goes back, and each takes a later sequence number
     * than every entry before it), so the next packets of a burst onto a link without latency go through a ring
     * instead of each sifting up the heap to its root and being removed from there.
     */
    long pushNow(Lane dueNow, long now, Event event) {
        return frontSlot < 0 && beforeEveryEntry(now) ? push(now, event) : pushLane(dueNow, now, event);
    }

    /** Time of the earliest event; only valid when not empty. */
    long peekTime() {
        findNext();
        return switch (next) {
            case FRONT -> frontTime;
            case LANE -> laneHeads.rootTime();
            default -> heap.rootTime();
        };
    }

    /** Removes the earliest event and returns its handler; only valid when not empty. */
    Event pop() {
        if (next == UNKNOWN) {
            findNext();
        }
        int from = next;
        next = UNKNOWN;
        Event e;
        if (from == FRONT) {
            int slot = frontSlot;
            frontSlot = -1;
            e = handler[slot];
            kill(slot);
            freeSlot(slot);
        } else if (from == LANE) {
            Lane lane = lanes[slotOf(laneHeads.rootKey())];
            e = lane.eventAt(0);
            live--;
            advance(lane);
        } else {
            int slot = slotOf(heap.rootKey());
            e = handler[slot];
            kill(slot); // the root stays, dead, for the handler's next push to be written over
        }
        compactIfMostlyDead();
        return e;
    }

    /**
     * Notes where the earliest event is, dropping the dead roots in its way; only valid when not empty. A live front
     * comes before every entry, and the lane heads' root is looked at only when it comes before the heap's, so a dead
     * root that is not in the way stays until it is (reading a lane's head to see whether it is dead touches the
     * lane's ring: that was 5% of the standard scenario when it was done before every event).
     */
    private void findNext() {
        if (frontSlot >= 0) {
            if (handler[frontSlot] != null) {
                next = FRONT;
                return;
            }
            freeSlot(frontSlot);
            frontSlot = -1;
        }
        dropDeadHeapRoots();
        while (!laneHeads.isEmpty() && (heap.isEmpty()
                || KeyHeap.less(laneHeads.rootTime(), laneHeads.rootKey(), heap.rootTime(), heap.rootKey()))) {
            Lane lane = lanes[slotOf(laneHeads.rootKey())];
            if (lane.eventAt(0) != null) {
                next = LANE;
                return;
            }
            advance(lane);
        }
        next = HEAP;
    }

    /** Removes the event if it is still pending; false if it already ran, was cancelled, or never existed. */
    boolean cancel(long handle) {
        next = UNKNOWN;
        if (handle < 0) {
            Lane lane = laneOf(handle);
            int k = lane == null ? -1 : lane.find(handle & SEQ_MASK);
            if (k < 0 || lane.eventAt(k) == null) {
                return false;
            }
            lane.kill(k);
            live--;
            if (k > 0) { // a dead head stays while its entry among the lane heads names it
                trimBehindHead(lane);
            }
        } else {
            if (!isPending(handle)) {
                return false;
            }
            kill((int) handle);
        }
        compactIfMostlyDead();
        return true;
    }

    /**
     * Drops the dead entries right behind a lane's head. Lane events are mostly cancelled in about the order they
     * were scheduled (a FIN-WAIT-2 timer stopped one RTT after it started, while the lane holds a minute of them),
     * so dead entries gather there.
     */
    private void trimBehindHead(Lane lane) {
        while (lane.count() > 1 && lane.eventAt(1) == null) {
            lane.dropSecond();
            laneEntries--;
        }
    }

    boolean isPending(long handle) {
        if (handle < 0) {
            Lane lane = laneOf(handle);
            int k = lane == null ? -1 : lane.find(handle & SEQ_MASK);
            return k >= 0 && lane.eventAt(k) != null;
        }
        int slot = (int) handle;
        int gen = (int) (handle >>> 32);
        return slot >= 0 && slot < slotsUsed && generation[slot] == gen && handler[slot] != null;
    }

    /** The lane a lane handle names, or null when there is none. */
    private Lane laneOf(long handle) {
        int id = (int) ((handle & ~LANE_HANDLE) >>> SEQ_BITS);
        return id >= 1 && id <= laneCount ? lanes[id] : null;
    }

    private long handle(int slot) {
        return ((long) generation[slot] << 32) | slot;
    }

    private static int slotOf(long key) {
        return (int) (key & SLOT_MASK);
    }

    /** The slot's event will not run (again); its heap entry is dead from now on. */
    private void kill(int slot) {
        handler[slot] = null;
        int gen = generation[slot];
        generation[slot] = gen == Integer.MAX_VALUE ? 1 : gen + 1;
        live--;
        heapLive--;
    }

    private void compactIfMostlyDead() {
        if (entries() - live > live + COMPACTION_SLACK) {
            compactHeap();
            compactLanes();
        } else if (heapEntries() - heapLive > heapLive + COMPACTION_SLACK) {
            compactHeap();
        }
    }

    /**
     * Whether an entry at {@code time} would come before every pending entry, whatever its sequence number: all
     * roots, dead ones included, are later (a dead root at or before {@code time} only makes this say no).
     */
    private boolean beforeEveryEntry(long time) {
        return (heap.isEmpty() || heap.rootTime() > time) && (laneHeads.isEmpty() || laneHeads.rootTime() > time);
    }

    /** An entry that comes before the front has arrived: the front joins the heap, where it sorts as before. */
    private void demoteFront() {
        heap.add(frontTime, frontKey);
        frontSlot = -1;
    }

    private void dropDeadHeapRoots() {
        while (!heap.isEmpty() && handler[slotOf(heap.rootKey())] == null) {
            freeSlot(slotOf(heap.rootKey()));
            heap.removeRoot();
        }
    }

    /**
     * The root of the lane heads is {@code lane}'s head, which has just run or is dead: drops it and any dead
     * entries behind it, and puts the lane's next live entry in its place (its key is larger, so it only sifts
     * down), or removes the root if none is left.
     */
    private void advance(Lane lane) {
        do {
            lane.dropHead();
            laneEntries--;
        } while (!lane.isEmpty() && lane.eventAt(0) == null);
        if (lane.isEmpty()) {
            laneHeads.removeRoot();
        } else {
            laneHeads.replaceRoot(lane.timeAt(0), lane.seqAt(0) << SLOT_BITS | lane.id);
        }
    }

    /**
     * Drops the dead entries of every lane, keeping the order of the rest, and rebuilds the lane heads bottom-up
     * (Floyd). Every non-empty lane has exactly one entry among the lane heads, so each lane is compacted once,
     * when its entry comes up, and its new head (if any) takes that entry's place.
     */
    private void compactLanes() {
        next = UNKNOWN;
        int n = 0;
        for (int i = 0; i < laneHeads.size(); i++) {
            Lane lane = lanes[slotOf(laneHeads.keyAt(i))];
            laneEntries -= lane.compact();
            if (!lane.isEmpty()) {
                laneHeads.set(n++, lane.timeAt(0), lane.seqAt(0) << SLOT_BITS | lane.id);
            }
        }
        laneHeads.truncate(n);
        laneHeads.heapify();
    }

    /** Keeps the heap's live entries and rebuilds it bottom-up (Floyd), in linear time. */
    private void compactHeap() {
        next = UNKNOWN;
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
    }

    private int allocateSlot() {
        if (freeCount > 0) {
            return freeSlots[--freeCount];
        }
        if (slotsUsed == MAX_PENDING) {
            compactHeap();
            if (freeCount == 0) {
                throw new IllegalStateException("more than " + MAX_PENDING + " events pending in the heap at once");
            }
            return freeSlots[--freeCount];
        }
        if (slotsUsed == handler.length) {
            growSlots();
        }
        return slotsUsed++;
    }

    private void freeSlot(int slot) {
        freeSlots[freeCount++] = slot;
    }

    private void growSlots() {
        int old = handler.length;
        int cap = Math.min(old * 2, MAX_PENDING);
        handler = Arrays.copyOf(handler, cap);
        generation = Arrays.copyOf(generation, cap);
        Arrays.fill(generation, old, cap, 1);
        freeSlots = Arrays.copyOf(freeSlots, cap);
    }
}
