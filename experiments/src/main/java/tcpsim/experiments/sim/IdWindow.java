package tcpsim.experiments.sim;

import java.util.HashMap;
import java.util.Map;

/**
 * A map from increasing ids to values for ids that are alive in a sliding window: a ring of slots from the
 * smallest id still held, growing when the window widens and sliding forward as the oldest ids go. Connection
 * ids are handed out in order and mostly finish in order, so the window spans the live connections, not every
 * connection ever made. An id below the window (rare: an old id first seen late) goes to a small side map.
 */
final class IdWindow<T> {
    private Object[] slots = new Object[1024];
    private long base = 1; // the id of slot (base & mask): every id below it is absent or in the side map
    private long limit = 1; // one past the largest id stored in the ring
    private final Map<Long, T> below = new HashMap<>(); // looked up, never iterated

    @SuppressWarnings("unchecked")
    T get(long id) {
        if (id < base) {
            return below.isEmpty() ? null : below.get(id);
        }
        return id < limit ? (T) slots[(int) (id & (slots.length - 1))] : null;
    }

    void put(long id, T value) {
        if (base == limit && id > base) {
            base = id; // empty: start the window here rather than stretch it over ids long gone
            limit = id;
        }
        if (id < base) {
            below.put(id, value);
            return;
        }
        if (id - base >= slots.length) {
            grow(id - base + 1);
        }
        slots[(int) (id & (slots.length - 1))] = value;
        limit = Math.max(limit, id + 1);
    }

    void remove(long id) {
        if (id < base) {
            below.remove(id);
            return;
        }
        if (id >= limit) {
            return;
        }
        slots[(int) (id & (slots.length - 1))] = null;
        while (base < limit && slots[(int) (base & (slots.length - 1))] == null) {
            base++;
        }
    }

    /** The smallest id the ring may hold; every id below it is absent (or in the side map). */
    long base() {
        return base;
    }

    /** One past the largest id the ring holds. */
    long limit() {
        return limit;
    }

    private void grow(long needed) {
        int cap = slots.length;
        while (cap < needed) {
            if (cap >= 1 << 30) {
                throw new IllegalStateException("more than 2^30 ids alive at once");
            }
            cap <<= 1;
        }
        Object[] next = new Object[cap];
        for (long id = base; id < limit; id++) {
            next[(int) (id & (cap - 1))] = slots[(int) (id & (slots.length - 1))];
        }
        slots = next;
    }
}
