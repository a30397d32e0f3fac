package tcpsim.kernel.net;

import java.util.Arrays;
import java.util.function.Predicate;

/**
 * Deterministic loss for staged cases: drops the packets at the listed 1-based positions of a channel (the k-th,
 * m-th packet it accepts, or the k-th, m-th among the packets of one kind), and/or the first {@code limit} packets
 * that match a predicate. The kernel knows no packet kinds: the caller supplies the predicate (tcp-model's
 * {@code SegmentKind}, for one).
 */
public final class DropList implements LossModel {
    private final long[] positions; // sorted
    /** Which packets the positions count. */
    private final Predicate<Packet> counted;
    private final Predicate<Packet> predicate;
    private int remainingMatches;
    private long count;
    private long dropped;

    private DropList(long[] positions, Predicate<Packet> counted, Predicate<Packet> predicate, int limit) {
        this.positions = positions.clone();
        this.counted = counted;
        Arrays.sort(this.positions);
        for (long p : this.positions) {
            if (p < 1) {
                throw new IllegalArgumentException("drop positions are 1-based, got " + p);
            }
        }
        this.predicate = predicate;
        this.remainingMatches = limit;
    }

    /** Drops the packets at these 1-based positions. */
    public static DropList positions(long... positions) {
        return new DropList(positions, p -> true, p -> false, 0);
    }

    /**
     * Drops the packets at these 1-based positions among those that match {@code counted}: {@code among(isFin, 1, 2)}
     * drops the first two FINs of the channel, whatever went before them. Packets that do not match pass.
     */
    public static DropList among(Predicate<Packet> counted, long... positions) {
        return new DropList(positions, counted, p -> false, 0);
    }

    /** Drops every packet that matches. */
    public static DropList matching(Predicate<Packet> predicate) {
        return new DropList(new long[0], p -> false, predicate, Integer.MAX_VALUE);
    }

    /** Drops the first {@code limit} packets that match. */
    public static DropList firstMatching(int limit, Predicate<Packet> predicate) {
        return new DropList(new long[0], p -> false, predicate, limit);
    }

    /** Number of packets this list has dropped. */
    public long dropped() {
        return dropped;
    }

    @Override
    public boolean isLost(Packet packet) {
        boolean lost = counted.test(packet) && Arrays.binarySearch(positions, ++count) >= 0;
        if (!lost && remainingMatches > 0 && predicate.test(packet)) {
            remainingMatches--;
            lost = true;
        }
        if (lost) {
            dropped++;
        }
        return lost;
    }
}
