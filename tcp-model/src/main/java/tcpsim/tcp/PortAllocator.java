package tcpsim.tcp;

import java.util.function.IntPredicate;

/**
 * Ephemeral ports of one host: a cursor that walks the profile's range round-robin and takes the first port the
 * caller accepts for the destination (free 4-tuple, or a TIME_WAIT one that may be reused).
 */
final class PortAllocator {
    private final int min;
    private final int max;
    private int next;

    PortAllocator(int min, int max) {
        if (min < 1 || max > 65535 || min > max) {
            throw new IllegalArgumentException("bad ephemeral port range " + min + "-" + max);
        }
        this.min = min;
        this.max = max;
        this.next = min;
    }

    int rangeSize() {
        return max - min + 1;
    }

    /** The first usable port from the cursor on, or -1 when the whole range is unusable (port exhaustion). */
    int allocate(IntPredicate usable) {
        int n = rangeSize();
        for (int i = 0; i < n; i++) {
            int port = next;
            next = next == max ? min : next + 1;
            if (usable.test(port)) {
                return port;
            }
        }
        return -1;
    }
}
