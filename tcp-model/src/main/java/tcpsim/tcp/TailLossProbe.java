package tcpsim.tcp;

import tcpsim.kernel.Time;

/**
 * RFC 8985 section 7 tail loss probe as Linux schedules and sends it ({@code tcp_schedule_loss_probe},
 * {@code tcp_send_loss_probe}), under the profile's {@code tlp}. While data is in flight and the sender is neither
 * recovering nor backing off, the probe timeout (PTO) runs in place of the retransmission timer: PTO = 2 SRTT, plus
 * min-rto when a single segment is in flight (the peer may delay its ACK) or 2 ms otherwise, and never more than the
 * RTO. When it expires, new data goes out if the windows allow, else the last segment is resent; then the RTO
 * restarts from the probe, and only one probe is outstanding per tail. A lost FIN is thus resent after the PTO and
 * then at RTO doubling from there (Linux 6.18: +0.28, 0.54, 1.05, 2.07, 4.13 s at a 50 ms RTT). Under
 * {@code timer-hz} the PTO, like every timeout, is rounded up to whole jiffies once (Linux adds the 2 ms or
 * min-rto in microseconds and converts the sum with {@code usecs_to_jiffies}) and fires on the timer wheel: at a
 * 50 ms RTT it is the RTO's 63 jiffies, which the wheel's level 1 takes to the next 8-jiffy bucket, up to 32 ms
 * later. That is why Linux's probe (c01) left 0.281 s after the FIN while {@code ss} showed the timer due at
 * about 0.25 s (63 jiffies): ss shows the timer's expiry, not the bucket it runs in.
 *
 * <p>Not modelled: the loss probe's own loss detection (a probe that repaired a loss does not reduce cwnd), and the
 * forced new segment when cwnd is full (here a full cwnd makes the probe a retransmission); the PTO is capped by the
 * full RTO, not by its remaining time (they differ when older data is in flight).
 */
final class TailLossProbe {
    /** Linux TCP_TIMEOUT_MIN_US (2 ms): the PTO's extra time with several segments in flight. */
    static final long EXTRA_SEVERAL_IN_FLIGHT = Time.millis(2);

    private TailLossProbe() {
    }

    /**
     * After an ACK of new data that left data in flight: the PTO in place of the retransmission timer when a probe
     * is allowed, else the retransmission timer restarts in place of a pending PTO (RFC 6298 5.3; Linux
     * {@code tcp_set_xmit_timer}: {@code tcp_schedule_loss_probe}, else {@code tcp_rearm_rto}).
     */
    static void afterAck(TcpConnection c, Tcb t) {
        if (allowed(c, t)) {
            armProbe(c, t);
        } else {
            t.lossProbe.stop();
            t.retransmit.start(t.rto.rto());
        }
    }

    /**
     * After a segment of new data or a FIN went out: when no probe is allowed, the retransmission timer runs in
     * place of a pending PTO, unless it runs already (RFC 6298 5.1; Linux {@code tcp_event_new_data_sent}).
     */
    static void afterSegment(TcpConnection c, Tcb t) {
        if (!allowed(c, t)) {
            t.lossProbe.stop();
            t.retransmit.startUnlessRunning(t.rto.rto());
        }
    }

    /**
     * After the last segment of a burst of new data went out: the PTO in place of the retransmission timer when a
     * probe is allowed. Linux schedules it once at the end of {@code tcp_write_xmit}; whether a probe is allowed
     * does not change within a burst, and only the last segment's PTO would be left if each armed one.
     */
    static void afterBurst(TcpConnection c, Tcb t) {
        if (allowed(c, t)) {
            armProbe(c, t);
        }
    }

    private static boolean allowed(TcpConnection c, Tcb t) {
        return c.stack.profile().tlp() && t.cc != null && !t.cc.inRecovery && t.retries == 0 && !t.probeOutstanding
                && t.rto.sampled() && t.sndUna != t.sndMax;
    }

    private static void armProbe(TcpConnection c, Tcb t) {
        boolean single = Seq.distance(t.sndUna, t.sndMax) <= t.sendMss + 1;
        long pto = 2 * t.rto.srtt() + (single ? c.stack.profile().minRto() : EXTRA_SEVERAL_IN_FLIGHT);
        t.retransmit.stop();
        t.lossProbe.start(Math.min(pto, t.rto.rto()));
    }

    /** The PTO expired: send the probe and restart the RTO from it. */
    static void fire(TcpConnection c) {
        Tcb t = c.tcb;
        switch (c.state) {
            case ESTABLISHED, CLOSE_WAIT, FIN_WAIT_1, CLOSING, LAST_ACK -> {
            }
            case CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, FIN_WAIT_2, TIME_WAIT -> {
                return; // the timer is stopped on leaving the states above; nothing is in flight here
            }
        }
        t.probeOutstanding = true;
        t.tlpHighSeq = t.sndMax;
        int before = t.sndMax;
        Output.output(c); // new data if the windows allow
        if (t.sndMax == before) {
            Output.retransmitLast(c);
        } else {
            t.tlpHighSeq = t.sndMax;
        }
        t.retransmit.start(t.rto.rto());
    }

    /** An ACK advanced SND.UNA to {@code ack}: a probe that is acknowledged no longer blocks the next one. */
    static void acked(Tcb t, int ack) {
        if (t.probeOutstanding && Seq.ge(ack, t.tlpHighSeq)) {
            t.probeOutstanding = false;
        }
    }
}
