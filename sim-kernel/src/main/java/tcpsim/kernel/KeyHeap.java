package tcpsim.kernel;

import java.util.Arrays;

/**
 * A 4-ary min-heap of (time, key) pairs in one primitive {@code long[]}, ordered by time and then key; the event
 * queue keys entries by sequence number and slot ({@link EventQueue}), so the order is (time, sequence). It knows
 * nothing of events, slots or lanes: the queue keeps one for heap events and one for the heads of its lanes.
 *
 * <p>Each entry is two adjacent longs. The array is padded so that, with a 16-byte array header and a
 * cache-line-aligned array (large arrays are), the four children of every node share one 64-byte cache line.
 */
final class KeyHeap {
    /** Longs before the root; see the class comment. */
    private static final int PAD = 4;

    // heap[PAD + 2i] = time, heap[PAD + 2i + 1] = key
    private long[] heap;
    private int size;

    KeyHeap(int initialCapacity) {
        heap = new long[PAD + 2 * Math.max(4, initialCapacity)];
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Time of the smallest entry; only valid when not empty. */
    long rootTime() {
        return heap[PAD];
    }

    /** Key of the smallest entry; only valid when not empty. */
    long rootKey() {
        return heap[PAD + 1];
    }

    long timeAt(int i) {
        return heap[PAD + 2 * i];
    }

    long keyAt(int i) {
        return heap[PAD + 2 * i + 1];
    }

    void add(long time, long key) {
        if (PAD + 2 * size == heap.length) {
            heap = Arrays.copyOf(heap, PAD + 4 * size);
        }
        siftUp(size++, time, key);
    }

    /** Replaces the root by (time, key), which may belong anywhere in the heap; only valid when not empty. */
    void replaceRoot(long time, long key) {
        siftDown(0, time, key);
    }

    /**
     * Removes the root bottom-up (Floyd): the hole first sinks to a leaf along the smaller children, then the last
     * entry fills it and sifts up. The last entry is usually among the latest events and belongs near the bottom,
     * so this saves the comparison against it at every level that a plain sift-down would make.
     */
    void removeRoot() {
        int n = --size;
        if (n == 0) {
            return;
        }
        long[] h = heap;
        long t = h[PAD + 2 * n];
        long k = h[PAD + 2 * n + 1];
        int hole = 0;
        int first;
        while ((first = 4 * hole + 1) < n) {
            int best = first + 3 < n ? smallestOfFour(h, first) : smallestChild(h, first, n);
            place(hole, h[PAD + 2 * best], h[PAD + 2 * best + 1]);
            hole = best;
        }
        siftUp(hole, t, k);
    }

    /** Overwrites entry {@code i} without restoring the heap order: for {@link #truncate} and {@link #heapify}. */
    void set(int i, long time, long key) {
        place(i, time, key);
    }

    /** Keeps the first {@code n} entries (heap order is restored by {@link #heapify}). */
    void truncate(int n) {
        size = n;
    }

    /** Restores the heap order bottom-up (Floyd), in linear time. */
    void heapify() {
        long[] h = heap;
        for (int i = (size - 2) >> 2; i >= 0; i--) { // from the last entry's parent
            siftDown(i, h[PAD + 2 * i], h[PAD + 2 * i + 1]);
        }
    }

    static boolean less(long t1, long k1, long t2, long k2) {
        return t1 < t2 || (t1 == t2 && k1 < k2);
    }

    /** Places entry (t, k) at {@code hole} or below it, moving smaller children up. */
    private void siftDown(int hole, long t, long k) {
        long[] h = heap;
        int n = size;
        int first;
        while ((first = 4 * hole + 1) < n) {
            int best = first + 3 < n ? smallestOfFour(h, first) : smallestChild(h, first, n);
            long bt = h[PAD + 2 * best];
            long bk = h[PAD + 2 * best + 1];
            if (!less(bt, bk, t, k)) {
                break;
            }
            place(hole, bt, bk);
            hole = best;
        }
        place(hole, t, k);
    }

    private void siftUp(int i, long t, long k) {
        long[] h = heap;
        while (i > 0) {
            int parent = (i - 1) >> 2;
            long pt = h[PAD + 2 * parent];
            long pk = h[PAD + 2 * parent + 1];
            if (!less(t, k, pt, pk)) {
                break;
            }
            place(i, pt, pk);
            i = parent;
        }
        place(i, t, k);
    }

    /** The smallest of the fewer than four children from {@code first} among the {@code n} entries. */
    private static int smallestChild(long[] h, int first, int n) {
        int best = first;
        int end = Math.min(first + 4, n);
        for (int c = first + 1; c < end; c++) {
            if (lessAt(h, c, best)) {
                best = c;
            }
        }
        return best;
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

    /** Entry {@code i} before entry {@code j}; non-short-circuit operators keep it free of branches. */
    private static boolean lessAt(long[] h, int i, int j) {
        long ti = h[PAD + 2 * i];
        long tj = h[PAD + 2 * j];
        return ti < tj | (ti == tj & h[PAD + 2 * i + 1] < h[PAD + 2 * j + 1]);
    }

    private void place(int i, long t, long k) {
        heap[PAD + 2 * i] = t;
        heap[PAD + 2 * i + 1] = k;
    }
}
