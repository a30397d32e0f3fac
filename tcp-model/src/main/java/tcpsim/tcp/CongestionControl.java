package tcpsim.tcp;

/**
 * NewReno congestion control (RFC 5681 slow start and congestion avoidance with appropriate byte counting,
 * L = 2 SMSS; RFC 6582 fast retransmit and fast recovery). Counts in bytes.
 */
final class CongestionControl {
    private static final int CWND_CAP = 1 << 30;

    private final int mss;
    /** Duplicate ACKs that trigger fast retransmit (RFC 5681 DupThresh). */
    private final int dupThresh;
    int cwnd;
    int ssthresh = Integer.MAX_VALUE;
    int dupAcks;
    /** RFC 6582 "recover": the highest sequence number sent when recovery (or the last RTO) began. */
    int recover;
    boolean inRecovery;
    /** Partial ACKs seen in the current fast recovery. */
    int partialAcks;

    CongestionControl(int mss, int initialWindowSegments, int dupThresh, int iss) {
        this.mss = mss;
        this.dupThresh = dupThresh;
        this.cwnd = (int) Math.min(CWND_CAP, (long) mss * initialWindowSegments);
        this.recover = iss;
    }

    /**
     * Whether the retransmission timer should restart on this ACK: always, except for the second and later partial
     * ACKs of a recovery (RFC 6582 4.2, the "Impatient" variant), so that many losses in one window end in a
     * timeout and a go-back retransmission rather than one retransmission per round trip.
     */
    boolean restartTimerOnAck() {
        return !inRecovery || partialAcks <= 1;
    }

    /**
     * An ACK of {@code acked} new bytes up to {@code ack}. Returns true when it is a partial ACK in fast recovery,
     * so the caller must retransmit the first unacknowledged segment (RFC 6582 3.2 step 5).
     */
    boolean onNewAck(int acked, int ack) {
        dupAcks = 0;
        if (inRecovery) {
            if (Seq.gt(ack, recover)) {
                // full acknowledgment: deflate the window (RFC 6582 step 4, option 2)
                inRecovery = false;
                cwnd = Math.max(ssthresh, mss);
                return false;
            }
            // partial acknowledgment: deflate by the amount acked, add back one SMSS
            partialAcks++;
            cwnd = Math.max(mss, cwnd - acked + (acked >= mss ? mss : 0));
            return true;
        }
        if (cwnd < ssthresh) {
            cwnd = (int) Math.min(CWND_CAP, (long) cwnd + Math.min(acked, 2 * mss)); // slow start (RFC 5681 3.1)
        } else {
            cwnd = (int) Math.min(CWND_CAP, (long) cwnd + Math.max(1, (long) mss * mss / cwnd)); // avoidance
        }
        return false;
    }

    /**
     * A duplicate ACK (RFC 5681 definition) at {@code ack} with {@code flight} bytes outstanding. Returns true when
     * this is the DupThresh-th and the caller must fast-retransmit the first unacknowledged segment.
     */
    boolean onDupAck(int ack, int flight, int sndMax) {
        if (inRecovery) {
            cwnd = (int) Math.min(CWND_CAP, (long) cwnd + mss); // inflate (RFC 6582 step 3)
            return false;
        }
        dupAcks++;
        if (dupAcks == dupThresh && Seq.gt(ack, recover)) {
            ssthresh = Math.max(flight / 2, 2 * mss);
            recover = sndMax - 1;
            // inflated by the segments that have left the network (RFC 5681 3.2 step 3: three for DupThresh 3)
            cwnd = (int) Math.min(CWND_CAP, (long) ssthresh + (long) dupThresh * mss);
            inRecovery = true;
            partialAcks = 0;
            return true;
        }
        return false;
    }

    /** The retransmission timer expired (RFC 5681 3.1 eq. 4, RFC 6582 4). */
    void onTimeout(int flight, int sndMax) {
        ssthresh = Math.max(flight / 2, 2 * mss);
        cwnd = mss;
        dupAcks = 0;
        inRecovery = false;
        recover = sndMax - 1;
    }
}
