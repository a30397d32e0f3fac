package tcpsim.experiments.sim;

/**
 * The recorder's map from a 4-tuple (client address, client port, server address, server port) to the connection
 * that holds it, without a key object or map node per entry: an open-addressing table (linear probing) of the
 * connections themselves, each entry's tuple read from the connection (its hosts' addresses and its ports), with
 * the tuple's hash kept beside it so that probing and growing never read a connection that is not the one sought.
 * At most one connection per tuple. Looked up, never iterated.
 */
final class ConnsByTuple {
    private final int[] hostAddress; // by host number
    private LiveRecord[] slots = new LiveRecord[64];
    private int[] hashes = new int[64];
    private int size;

    /** @param hostAddress the address of each host, by host number (the connections' {@code clientHost}...) */
    ConnsByTuple(int[] hostAddress) {
        this.hostAddress = hostAddress;
    }

    /**
     * Mixed, unlike a 31-polynomial: with consecutive addresses and ports that one collides so often that lookups
     * showed in profiles.
     */
    static int hash(int clientAddress, int clientPort, int serverAddress, int serverPort) {
        long h = ((long) clientAddress << 32 | (clientPort & 0xffffL) << 16 | (serverPort & 0xffffL))
                * 0x9E3779B97F4A7C15L + serverAddress;
        h *= 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private int hash(LiveRecord c) {
        return hash(hostAddress[c.clientHost], c.clientPort(), hostAddress[c.serverHost], c.serverPort());
    }

    private boolean holds(LiveRecord c, int clientAddress, int clientPort, int serverAddress, int serverPort) {
        return c.clientPort() == clientPort && c.serverPort() == serverPort
                && hostAddress[c.clientHost] == clientAddress && hostAddress[c.serverHost] == serverAddress;
    }

    /** The connection that holds the tuple, null when none. */
    LiveRecord get(int clientAddress, int clientPort, int serverAddress, int serverPort) {
        int h = hash(clientAddress, clientPort, serverAddress, serverPort);
        int mask = slots.length - 1;
        for (int i = h & mask; slots[i] != null; i = (i + 1) & mask) {
            if (hashes[i] == h && holds(slots[i], clientAddress, clientPort, serverAddress, serverPort)) {
                return slots[i];
            }
        }
        return null;
    }

    /** Maps {@code c}'s tuple to {@code c}; returns the connection that held it before, null when none. */
    LiveRecord put(LiveRecord c) {
        int h = hash(c);
        int ca = hostAddress[c.clientHost];
        int sa = hostAddress[c.serverHost];
        int mask = slots.length - 1;
        int i = h & mask;
        for (; slots[i] != null; i = (i + 1) & mask) {
            if (hashes[i] == h && holds(slots[i], ca, c.clientPort(), sa, c.serverPort())) {
                LiveRecord before = slots[i];
                slots[i] = c;
                return before;
            }
        }
        slots[i] = c;
        hashes[i] = h;
        if (++size * 2 > slots.length) {
            grow();
        }
        return null;
    }

    /** Takes {@code c}'s tuple out when {@code c} holds it. */
    void remove(LiveRecord c) {
        int h = hash(c);
        int mask = slots.length - 1;
        int i = h & mask;
        while (slots[i] != c) {
            if (slots[i] == null) {
                return;
            }
            i = (i + 1) & mask;
        }
        // backward-shift deletion: move up every later entry of the run whose home slot is not between the hole
        // and itself, so that no probe meets a hole before its entry
        for (int j = (i + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
            int home = hashes[j] & mask;
            if (((j - home) & mask) >= ((j - i) & mask)) {
                slots[i] = slots[j];
                hashes[i] = hashes[j];
                i = j;
            }
        }
        slots[i] = null;
        size--;
    }

    /** Connections held. */
    int size() {
        return size;
    }

    private void grow() {
        LiveRecord[] oldSlots = slots;
        int[] oldHashes = hashes;
        slots = new LiveRecord[oldSlots.length * 2];
        hashes = new int[oldSlots.length * 2];
        int mask = slots.length - 1;
        for (int k = 0; k < oldSlots.length; k++) {
            if (oldSlots[k] != null) {
                int i = oldHashes[k] & mask;
                while (slots[i] != null) {
                    i = (i + 1) & mask;
                }
                slots[i] = oldSlots[k];
                hashes[i] = oldHashes[k];
            }
        }
    }
}
