package tcpsim.tcp;

/**
 * Out-of-order segments held by the receiver, as a sorted list of disjoint sequence ranges [start, end). Only
 * counts are kept; the application consumes in-order data at once. Arrays are allocated on first use.
 */
final class ReceiveBuffer {
    private static final int MAX_RANGES = 64;

    private int[] starts;
    private int[] ends;
    private int count;

    boolean isEmpty() {
        return count == 0;
    }

    int ranges() {
        return count;
    }

    /** Holds [start, end) (both beyond RCV.NXT). Drops it silently when too many holes exist. */
    void add(int start, int end) {
        if (!Seq.lt(start, end)) {
            return;
        }
        if (starts == null) {
            starts = new int[4];
            ends = new int[4];
        }
        int i = 0;
        while (i < count && Seq.lt(ends[i], start)) {
            i++;
        }
        // ranges i.. that touch or overlap [start, end) merge into one
        int j = i;
        while (j < count && Seq.le(starts[j], end)) {
            if (Seq.lt(starts[j], start)) {
                start = starts[j];
            }
            if (Seq.gt(ends[j], end)) {
                end = ends[j];
            }
            j++;
        }
        int merged = j - i;
        if (merged == 0) {
            if (count == MAX_RANGES) {
                return;
            }
            if (count == starts.length) {
                starts = java.util.Arrays.copyOf(starts, count * 2);
                ends = java.util.Arrays.copyOf(ends, count * 2);
            }
            System.arraycopy(starts, i, starts, i + 1, count - i);
            System.arraycopy(ends, i, ends, i + 1, count - i);
            count++;
        } else if (merged > 1) {
            System.arraycopy(starts, j, starts, i + 1, count - j);
            System.arraycopy(ends, j, ends, i + 1, count - j);
            count -= merged - 1;
        }
        starts[i] = start;
        ends[i] = end;
    }

    /** Consumes the ranges that RCV.NXT has reached; returns the new RCV.NXT. */
    int advance(int rcvNxt) {
        int removed = 0;
        while (removed < count && Seq.le(starts[removed], rcvNxt)) {
            if (Seq.gt(ends[removed], rcvNxt)) {
                rcvNxt = ends[removed];
            }
            removed++;
        }
        if (removed > 0) {
            System.arraycopy(starts, removed, starts, 0, count - removed);
            System.arraycopy(ends, removed, ends, 0, count - removed);
            count -= removed;
        }
        return rcvNxt;
    }
}
