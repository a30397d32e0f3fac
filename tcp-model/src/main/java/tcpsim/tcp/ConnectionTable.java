package tcpsim.tcp;

/**
 * The demultiplexing table of one host: an open-addressing hash map from {@link FourTuple#key()} to connection,
 * O(1) lookups without boxing. Never iterated, so its order cannot leak into results.
 */
final class ConnectionTable {
    private long[] keys = new long[16];
    private TcpConnection[] values = new TcpConnection[16];
    private int size;

    int size() {
        return size;
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    TcpConnection get(long key) {
        int mask = keys.length - 1;
        for (int i = hash(key) & mask;; i = (i + 1) & mask) {
            TcpConnection v = values[i];
            if (v == null) {
                return null;
            }
            if (keys[i] == key) {
                return v;
            }
        }
    }

    void put(long key, TcpConnection value) {
        if ((size + 1) * 4L > keys.length * 3L) {
            grow();
        }
        int mask = keys.length - 1;
        for (int i = hash(key) & mask;; i = (i + 1) & mask) {
            if (values[i] == null) {
                keys[i] = key;
                values[i] = value;
                size++;
                return;
            }
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
        }
    }

    /** Removes the entry for {@code key} if it maps to {@code value}. */
    boolean remove(long key, TcpConnection value) {
        int mask = keys.length - 1;
        int i = hash(key) & mask;
        while (true) {
            if (values[i] == null) {
                return false;
            }
            if (keys[i] == key) {
                break;
            }
            i = (i + 1) & mask;
        }
        if (values[i] != value) {
            return false;
        }
        // backward-shift deletion keeps probe chains intact without tombstones
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (values[j] == null) {
                break;
            }
            int home = hash(keys[j]) & mask;
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        values[hole] = null;
        keys[hole] = 0;
        size--;
        return true;
    }

    private void grow() {
        long[] oldKeys = keys;
        TcpConnection[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new TcpConnection[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }
}
