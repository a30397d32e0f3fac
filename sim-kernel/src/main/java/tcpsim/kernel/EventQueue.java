package tcpsim.kernel;

import java.util.Arrays;

/**
 * The pending-event set: a d-ary min-heap (4-ary by default) ordered by (time, insertion sequence), kept in
 * primitive arrays.
 *
 * <p>The insertion sequence is the whole determinism contract: two events at the same time leave the queue in
 * the order they entered it. Each heap entry is two adjacent longs, the time and then the sequence number with the
 * event's slot in its low {@value #SLOT_BITS} bits; since sequence numbers are unique, comparing that packed long
 * compares sequence numbers. Sifting thus touches one array, and the four children of a node lie on one or two
 * cache lines, without dereferencing any event object. The handler itself sits in a slot table addressed by the
 * slot. The benchmarks module measures this against {@link java.util.PriorityQueue} and other arities.
 *
 * <p>Handles are {@code generation << 32 | slot}. A slot's generation advances whenever the slot is freed, so a
 * handle of an event that already ran or was cancelled never matches again: cancelling it is a harmless no-op.
 * Generations start at 1, so {@code 0} is never a handle and callers may use it for "no event".
 */
final class EventQueue {
    /** log2 of the heap's arity: 2 gives the 4-ary heap the kernel uses. */
    static final int DEFAULT_ARITY_LOG2 = 2;
    static final int SLOT_BITS = 24;
    private static final long SLOT_MASK = (1L << SLOT_BITS) - 1;
    /** At most 2^24 (16.7 million) events may be pending at once. */
    static final int MAX_PENDING = 1 << SLOT_BITS;
    /** At most 2^39 (5.5e11) events may be scheduled over a queue's life. */
    static final long MAX_SEQUENCE = 1L << (63 - SLOT_BITS);

    /**
     * Longs before the root. With a 16-byte array header and a cache-line-aligned array (large arrays are), the
     * four children of every node then share one 64-byte cache line.
     */
    private static final int PAD = 4;

    private final int arityLog2;

    // heap entries in priority order: heap[2i] = time, heap[2i + 1] = sequence << SLOT_BITS | slot
    private long[] heap;
    private int size;

    // slot table
    private Event[] handler;
    private int[] position; // heap index of the slot's event
    private int[] generation;
    private int[] freeSlots;
    private int freeCount;
    private int slotsUsed;

    private long nextSeq;

    EventQueue() {
        this(64, DEFAULT_ARITY_LOG2);
    }

    /** {@code arityLog2} 1 = binary heap, 2 = 4-ary, 3 = 8-ary: the benchmarks compare them. */
    EventQueue(int initialCapacity, int arityLog2) {
        if (arityLog2 < 1 || arityLog2 > 3) {
            throw new IllegalArgumentException("arity must be 2, 4 or 8");
        }
        this.arityLog2 = arityLog2;
        int cap = Math.max(4, Math.min(initialCapacity, MAX_PENDING));
        heap = new long[PAD + 2 * cap];
        handler = new Event[cap];
        position = new int[cap];
        generation = new int[cap];
        Arrays.fill(generation, 1);
        freeSlots = new int[cap];
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Adds an event; returns its cancellation handle (never 0). */
    long push(long time, Event event) {
        if (size == MAX_PENDING) {
            throw new IllegalStateException("more than " + MAX_PENDING + " events pending at once");
        }
        if (nextSeq == MAX_SEQUENCE) {
            throw new IllegalStateException("more than " + MAX_SEQUENCE + " events scheduled in one simulation");
        }
        if (PAD + 2 * size == heap.length) {
            heap = Arrays.copyOf(heap, PAD + 4 * size);
        }
        int slot = allocateSlot();
        handler[slot] = event;
        siftUp(size++, time, nextSeq++ << SLOT_BITS | slot);
        return ((long) generation[slot] << 32) | slot;
    }

    /** Time of the earliest event; only valid when not empty. */
    long peekTime() {
        return heap[PAD];
    }

    /** Removes the earliest event and returns its handler. */
    Event pop() {
        int slot = (int) (heap[PAD + 1] & SLOT_MASK);
        Event e = handler[slot];
        removeAt(0);
        freeSlot(slot);
        return e;
    }

    /** Removes the event if it is still pending; false if it already ran, was cancelled, or never existed. */
    boolean cancel(long handle) {
        if (!isPending(handle)) {
            return false;
        }
        int slot = (int) handle;
        removeAt(position[slot]);
        freeSlot(slot);
        return true;
    }

    boolean isPending(long handle) {
        int slot = (int) handle;
        int gen = (int) (handle >>> 32);
        return slot >= 0 && slot < slotsUsed && generation[slot] == gen && handler[slot] != null;
    }

    /** Time at which a pending event will fire; only valid when {@link #isPending(long)}. */
    long timeOf(long handle) {
        return heap[PAD + 2 * position[(int) handle]];
    }

    /**
     * Removes entry {@code i} bottom-up (Floyd): the hole first sinks to a leaf along the smaller children, then the
     * last entry fills it and sifts up. The last entry is usually among the latest events and belongs near the
     * bottom, so this saves the comparison against it at every level that a plain sift-down would make.
     */
    private void removeAt(int i) {
        int n = --size;
        if (i == n) {
            return;
        }
        long[] h = heap;
        long t = h[PAD + 2 * n];
        long k = h[PAD + 2 * n + 1];
        int hole = i;
        int first;
        while ((first = (hole << arityLog2) + 1) < n) {
            int best = arityLog2 == 2 && first + 3 < n ? smallestOfFour(h, first) : smallestChild(first);
            place(hole, h[PAD + 2 * best], h[PAD + 2 * best + 1]);
            hole = best;
        }
        siftUp(hole, t, k);
    }

    /**
     * The smallest of the four entries from {@code first}, chosen as a tournament whose comparisons the JIT can
     * turn into conditional moves: they are unpredictable, and mispredicted branches dominate a deep heap.
     */
    private static int smallestOfFour(long[] h, int first) {
        int a = lessAt(h, first + 1, first) ? first + 1 : first;
        int b = lessAt(h, first + 3, first + 2) ? first + 3 : first + 2;
        return lessAt(h, b, a) ? b : a;
    }

    private int smallestChild(int first) {
        int best = first;
        int end = Math.min(first + (1 << arityLog2), size);
        for (int c = first + 1; c < end; c++) {
            if (lessAt(heap, c, best)) {
                best = c;
            }
        }
        return best;
    }

    /** Entry {@code i} before entry {@code j}; non-short-circuit operators keep it free of branches. */
    private static boolean lessAt(long[] h, int i, int j) {
        long ti = h[PAD + 2 * i];
        long tj = h[PAD + 2 * j];
        return ti < tj | (ti == tj & h[PAD + 2 * i + 1] < h[PAD + 2 * j + 1]);
    }

    private static boolean less(long t1, long k1, long t2, long k2) {
        return t1 < t2 || (t1 == t2 && k1 < k2);
    }

    private void siftUp(int i, long t, long k) {
        while (i > 0) {
            int parent = (i - 1) >> arityLog2;
            long pt = heap[PAD + 2 * parent];
            long pk = heap[PAD + 2 * parent + 1];
            if (!less(t, k, pt, pk)) {
                break;
            }
            place(i, pt, pk);
            i = parent;
        }
        place(i, t, k);
    }

    private void place(int i, long t, long k) {
        heap[PAD + 2 * i] = t;
        heap[PAD + 2 * i + 1] = k;
        position[(int) (k & SLOT_MASK)] = i;
    }

    private int allocateSlot() {
        if (freeCount > 0) {
            return freeSlots[--freeCount];
        }
        if (slotsUsed == handler.length) {
            growSlots();
        }
        return slotsUsed++;
    }

    private void freeSlot(int slot) {
        handler[slot] = null;
        generation[slot] = generation[slot] == Integer.MAX_VALUE ? 1 : generation[slot] + 1;
        freeSlots[freeCount++] = slot;
    }

    private void growSlots() {
        int old = handler.length;
        int cap = Math.min(old * 2, MAX_PENDING);
        handler = Arrays.copyOf(handler, cap);
        position = Arrays.copyOf(position, cap);
        generation = Arrays.copyOf(generation, cap);
        Arrays.fill(generation, old, cap, 1);
        freeSlots = Arrays.copyOf(freeSlots, cap);
    }
}
