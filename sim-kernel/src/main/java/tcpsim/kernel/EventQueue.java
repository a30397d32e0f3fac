package tcpsim.kernel;

import java.util.Arrays;

/**
 * The pending-event set: a 4-ary min-heap ordered by (time, insertion sequence), kept in primitive arrays.
 *
 * <p>The insertion sequence is the whole determinism contract: two events at the same time leave the queue in
 * the order they entered it. Keys live inline in the heap arrays so that sifting never dereferences an event
 * object; the handler itself sits in a slot table addressed by an int. A 4-ary heap halves the depth of a binary
 * one and keeps the four children of a node on one or two cache lines (measured in the benchmarks module).
 *
 * <p>Handles are {@code generation << 32 | slot}. A slot's generation advances whenever the slot is freed, so a
 * handle of an event that already ran or was cancelled never matches again: cancelling it is a harmless no-op.
 * Generations start at 1, so {@code 0} is never a handle and callers may use it for "no event".
 */
final class EventQueue {
    private static final int ARITY = 4;

    // heap, in priority order by index
    private long[] heapTime;
    private long[] heapSeq;
    private int[] heapSlot;
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
        this(64);
    }

    EventQueue(int initialCapacity) {
        int cap = Math.max(4, initialCapacity);
        heapTime = new long[cap];
        heapSeq = new long[cap];
        heapSlot = new int[cap];
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
        if (size == heapTime.length) {
            growHeap();
        }
        int slot = allocateSlot();
        handler[slot] = event;
        int i = size++;
        siftUp(i, time, nextSeq++, slot);
        return ((long) generation[slot] << 32) | slot;
    }

    /** Time of the earliest event; only valid when not empty. */
    long peekTime() {
        return heapTime[0];
    }

    /** Removes the earliest event and returns its handler. */
    Event pop() {
        int slot = heapSlot[0];
        Event e = handler[slot];
        removeAt(0);
        freeSlot(slot);
        return e;
    }

    /** Removes the event if it is still pending; false if it already ran, was cancelled, or never existed. */
    boolean cancel(long handle) {
        int slot = (int) handle;
        if (!isPending(handle)) {
            return false;
        }
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
        return heapTime[position[(int) handle]];
    }

    private void removeAt(int i) {
        int last = --size;
        if (i != last) {
            long t = heapTime[last];
            long s = heapSeq[last];
            int slot = heapSlot[last];
            // the moved element may need to go either way
            if (i > 0 && less(t, s, heapTime[(i - 1) / ARITY], heapSeq[(i - 1) / ARITY])) {
                siftUp(i, t, s, slot);
            } else {
                siftDown(i, t, s, slot);
            }
        }
    }

    private static boolean less(long t1, long s1, long t2, long s2) {
        return t1 < t2 || (t1 == t2 && s1 < s2);
    }

    private void siftUp(int i, long t, long s, int slot) {
        while (i > 0) {
            int parent = (i - 1) / ARITY;
            if (!less(t, s, heapTime[parent], heapSeq[parent])) {
                break;
            }
            place(i, heapTime[parent], heapSeq[parent], heapSlot[parent]);
            i = parent;
        }
        place(i, t, s, slot);
    }

    private void siftDown(int i, long t, long s, int slot) {
        while (true) {
            int first = i * ARITY + 1;
            if (first >= size) {
                break;
            }
            int best = first;
            long bt = heapTime[first];
            long bs = heapSeq[first];
            int end = Math.min(first + ARITY, size);
            for (int c = first + 1; c < end; c++) {
                long ct = heapTime[c];
                if (ct < bt || (ct == bt && heapSeq[c] < bs)) {
                    best = c;
                    bt = ct;
                    bs = heapSeq[c];
                }
            }
            if (!less(bt, bs, t, s)) {
                break;
            }
            place(i, bt, bs, heapSlot[best]);
            i = best;
        }
        place(i, t, s, slot);
    }

    private void place(int i, long t, long s, int slot) {
        heapTime[i] = t;
        heapSeq[i] = s;
        heapSlot[i] = slot;
        position[slot] = i;
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

    private void growHeap() {
        int cap = heapTime.length * 2;
        heapTime = Arrays.copyOf(heapTime, cap);
        heapSeq = Arrays.copyOf(heapSeq, cap);
        heapSlot = Arrays.copyOf(heapSlot, cap);
    }

    private void growSlots() {
        int old = handler.length;
        int cap = old * 2;
        handler = Arrays.copyOf(handler, cap);
        position = Arrays.copyOf(position, cap);
        generation = Arrays.copyOf(generation, cap);
        Arrays.fill(generation, old, cap, 1);
        freeSlots = Arrays.copyOf(freeSlots, cap);
    }
}
