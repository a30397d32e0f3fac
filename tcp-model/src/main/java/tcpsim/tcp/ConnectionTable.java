package tcpsim.tcp;

import com.carrotsearch.hppc.LongObjectHashMap;

/**
 * The demultiplexing table of one host: connections by {@link FourTuple#key}, in an HPPC open-addressing map
 * with primitive long keys (O(1) look-ups, no boxing, 12 bytes a slot), and in front of it a small direct-mapped
 * cache of the connections registered most recently. Never iterated, so its order cannot leak into results.
 *
 * <p>The cache is for busy clients: a host holding ten thousand connections in TIME_WAIT has a map of a few hundred
 * kilobytes, and nearly every segment it receives is for one of its few connections still opening or transferring,
 * which were registered last. A look-up of one of those then reads a slot of a 4 KB array instead of missing the
 * cache in the big map (the map look-up was 8% of the standard scenario). The cache only ever holds entries the map
 * holds with the same value: a registration takes its slot (evicting whatever was there, which stays in the map), a
 * removal clears the slot if it holds that connection, so a look-up answers the same with or without it.
 */
final class ConnectionTable {
    private static final int CACHE_BITS = 8;

    private final LongObjectHashMap<TcpConnection> map = new LongObjectHashMap<>();
    private final long[] cacheKeys = new long[1 << CACHE_BITS];
    private final TcpConnection[] cached = new TcpConnection[1 << CACHE_BITS];

    int size() {
        return map.size();
    }

    TcpConnection get(long key) {
        int i = slot(key);
        TcpConnection c = cached[i];
        if (c != null && cacheKeys[i] == key) {
            return c;
        }
        return map.get(key);
    }

    void put(long key, TcpConnection value) {
        map.put(key, value);
        int i = slot(key);
        cacheKeys[i] = key;
        cached[i] = value;
    }

    /** Removes the entry for {@code key} if it maps to {@code value}. */
    boolean remove(long key, TcpConnection value) {
        int index = map.indexOf(key);
        if (!map.indexExists(index) || map.indexGet(index) != value) {
            return false;
        }
        map.indexRemove(index);
        int i = slot(key);
        if (cached[i] == value) {
            cached[i] = null;
        }
        return true;
    }

    /** Fibonacci hashing: the key's bits are mixed into the top bits, which pick the slot. */
    private static int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> (64 - CACHE_BITS));
    }
}
