package tcpsim.tcp;

/**
 * Transmission control block (RFC 9293 3.3.1) of one connection that is not (yet) in TIME_WAIT: the send and
 * receive sequence variables under the RFC's names, the byte counters of the send and receive buffers, the RTO
 * estimator, congestion control and the timer slots. A connection entering TIME_WAIT drops its Tcb for a
 * {@link TimeWait} record.
 */
final class Tcb {
    // send sequence variables (RFC 9293 3.3.1)
    int iss;
    int sndUna;
    int sndNxt;
    /** Highest SND.NXT ever (SND.NXT goes back to SND.UNA after a retransmission timeout). */
    int sndMax;
    int sndWnd;
    int sndWl1;
    int sndWl2;
    /** Largest window the peer has offered (RFC 5961 5.2 MAX.SND.WND). */
    int maxSndWnd;
    // receive sequence variables
    int irs;
    int rcvNxt;
    int rcvWnd;

    /** Effective send MSS: min(own, peer's MSS option or 536). */
    int sendMss;

    // send buffer, counted in bytes
    /** Bytes queued by SEND so far. */
    long sndQueued;
    /** Data bytes acknowledged so far. */
    long sndAcked;
    /** {@link #position} of SND.UNA. */
    long unaPosition;
    /** CLOSE was called: a FIN follows the queued data, at sequence number {@link #finSeq()}. */
    boolean finQueued;

    // receive buffer
    final ReceiveBuffer outOfOrder = new ReceiveBuffer();
    /** A FIN arrived beyond a hole at {@link #oooFinSeq}. */
    boolean oooFin;
    int oooFinSeq;
    long delivered;
    /** In-order bytes received before the application accepted the connection. */
    long undelivered;
    boolean peerClosedUnreported;

    final RtoEstimator rto;
    /** Null until the handshake completes (see {@link #closedInSynReceived}). */
    CongestionControl cc;
    /** Consecutive expiries of the retransmission timer (SYN, SYN-ACK, data or FIN). */
    int retries;
    /** SYN or SYN-ACK retransmissions of this end (timer and Linux tcp_check_req resends). */
    int handshakeRetransmissions;
    // one segment timed at a time (RFC 6298 / Karn)
    boolean rttTiming;
    int rttSeq;
    long rttStart;

    /** When the last ACK in reply to an out-of-window segment left (for the profile's invalidRatelimit). */
    long lastInvalidAck = Long.MIN_VALUE / 2;

    /** Linux quick-ACK mode: immediate ACKs left; -1 until the first data arrives. */
    int quickAcks = -1;

    /** In-order data segments received and not yet acknowledged. */
    int ackPending;

    // the timer slots of RFC 9293 3.8 and Linux (the 2 MSL timer lives in the TimeWait record)
    /** The retransmission and loss-probe timers, on one kernel event. */
    private final LazyTimer.Pair transmitTimers;
    /** SYN, SYN-ACK, data and FIN retransmission (RFC 6298). */
    final LazyTimer retransmit;
    final Timer delayedAck;
    /** Linux tcp_fin_timeout: how long FIN-WAIT-2 waits for the peer's FIN. */
    final Timer finWait2;

    // ---- issue 10 (Linux fidelity) ----
    /** RFC 8985 probe timeout; runs in place of {@link #retransmit} (see {@link TailLossProbe}). */
    final LazyTimer lossProbe;
    /** Sequence number of the newest segment sent (a loss probe resends from here to SND.MAX). */
    int lastSegmentSeq;
    /** A loss probe was sent and SND.UNA has not reached {@link #tlpHighSeq} (Linux tlp_high_seq). */
    boolean probeOutstanding;
    int tlpHighSeq;
    /** When the retransmissions of the current episode started (Linux retrans_stamp); -1 = none. */
    long retransStamp = -1;
    /** RFC 7323 timestamps are in use on this connection (both ends offered them). */
    boolean tsOk;
    /** RFC 7323 TS.Recent: the TSval we echo. */
    int tsRecent;
    /** RFC 9293 MAY-2 (2): the TIME_WAIT connection this one reopened, kept until it is established. */
    TcpConnection reopenedTimeWait;

    Tcb(TcpConnection c, TcpProfile profile, int iss) {
        this.iss = iss;
        this.sndUna = iss;
        this.sndNxt = iss;
        this.sndMax = iss;
        this.rcvWnd = profile.receiveWindow();
        this.rto = new RtoEstimator(profile);
        this.transmitTimers = new LazyTimer.Pair(c);
        this.retransmit = transmitTimers.retransmit;
        this.delayedAck = new Timer.OfTcb(c, Timer.Kind.DELAYED_ACK);
        this.finWait2 = new Timer.OfTcb(c, Timer.Kind.FIN_WAIT_2);
        this.lossProbe = transmitTimers.lossProbe;
    }

    /** Turns every timer of the TCB off (it goes back to LISTEN, shrinks to TIME_WAIT, or is deleted). */
    void stopTimers() {
        transmitTimers.off();
        delayedAck.stop();
        finWait2.stop();
    }

    /**
     * CLOSE came in SYN-RECEIVED before the handshake completed (RFC 9293 3.10.4): the connection went on to
     * FIN-WAIT-1 with our SYN still unacknowledged. It has no congestion state yet, only a FIN with no data before
     * it may go, its retransmission timer resends the SYN-ACK, and the first acceptable ACK completes the
     * handshake. Asked only in the states past SYN-RECEIVED (ESTABLISHED to LAST-ACK).
     */
    boolean closedInSynReceived() {
        return cc == null;
    }

    /** Sequence number of our FIN (valid once {@link #finQueued}). */
    int finSeq() {
        return iss + 1 + (int) sndQueued;
    }

    /**
     * Position of sequence number {@code seq} (in [SND.UNA, SND.MAX]) in the send stream, counted in sequence units
     * from the ISS with 64 bits: the SYN is at 0, data byte k at k + 1, the FIN at sndQueued + 1. Positions, not
     * modular comparisons, decide where the SYN and the FIN lie, so a stream may exceed 2^32 bytes.
     */
    long position(int seq) {
        return unaPosition + Integer.toUnsignedLong(Seq.distance(sndUna, seq));
    }

    /** Our FIN lies before {@code seq} (it was sent if {@code seq} was). */
    boolean finBefore(int seq) {
        return finQueued && position(seq) > sndQueued + 1;
    }

    boolean finAcked() {
        return finBefore(sndUna);
    }

    /** Data bytes that precede sequence number {@code seq} (which lies in [SND.UNA, SND.MAX]). */
    long dataBefore(int seq) {
        return Math.max(0, Math.min(position(seq) - 1, sndQueued));
    }

    /** Bytes in flight: sequence space sent and not acknowledged. */
    int flight() {
        return Seq.distance(sndUna, sndNxt);
    }
}
