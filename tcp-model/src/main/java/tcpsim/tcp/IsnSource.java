package tcpsim.tcp;

import java.util.Arrays;
import tcpsim.kernel.net.Host;

/** Where initial sequence numbers come from. */
@FunctionalInterface
public interface IsnSource {
    int next(Host host, FourTuple tuple, long now);

    /**
     * Successive values for successive ISN draws of one {@link Tcp} (whichever host draws); throws
     * IllegalStateException when they run out. Give each Tcp its own instance.
     */
    static IsnSource fixed(int... isns) {
        int[] values = Arrays.copyOf(isns, isns.length);
        int[] next = new int[1];
        return (host, tuple, now) -> {
            if (next[0] >= values.length) {
                throw new IllegalStateException("IsnSource.fixed: all " + values.length + " ISNs are used (next"
                        + " draw for " + host.name() + " " + tuple + ")");
            }
            return values[next[0]++];
        };
    }
}
