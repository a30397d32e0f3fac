package tcpsim.tcp;

import com.carrotsearch.hppc.LongObjectHashMap;

/**
 * The demultiplexing table of one host: connections by {@link FourTuple#key}, in an HPPC open-addressing map
 * with primitive long keys (O(1) look-ups, no boxing, 12 bytes a slot). Never iterated, so its order cannot leak
 * into results.
 */
final class ConnectionTable {
    private final LongObjectHashMap<TcpConnection> map = new LongObjectHashMap<>();

    int size() {
        return map.size();
    }

    TcpConnection get(long key) {
        return map.get(key);
    }

    void put(long key, TcpConnection value) {
        map.put(key, value);
    }

    /** Removes the entry for {@code key} if it maps to {@code value}. */
    boolean remove(long key, TcpConnection value) {
        int index = map.indexOf(key);
        if (!map.indexExists(index) || map.indexGet(index) != value) {
            return false;
        }
        map.indexRemove(index);
        return true;
    }
}
