package tcpsim.tcp;

import tcpsim.kernel.Simulation;

/**
 * SEGMENT ARRIVES, fifth step (RFC 9293 3.10.7.4 "check the ACK field") for the sending side: SND.UNA, the RTO
 * estimator (Karn), NewReno, the retransmission timer, SND.WND, and our FIN being acknowledged.
 */
final class AckArrives {
    private final TcpStack stack;
    private final TcpProfile profile;

    AckArrives(TcpStack stack) {
        this.stack = stack;
        this.profile = stack.profile();
    }

    /** Handshake complete: RTT sample (Karn), timers, window, congestion control. */
    void establish(TcpConnection c, Tcb t, Segment s) {
        Simulation sim = stack.sim();
        long echo = Timestamps.echoRtt(stack, t, s);
        if (t.rttTiming && t.handshakeRetransmissions == 0) {
            t.rto.sample(sim.now() - t.rttStart);
        } else if (echo > 0) {
            t.rto.sample(echo); // RFC 7323 4.2: the echo times even a retransmitted SYN or SYN-ACK
        } else if (t.handshakeRetransmissions > 0) {
            t.rto.fallback();
        }
        t.rttTiming = false;
        t.retries = 0;
        t.retransmit.stop();
        if (t.reopenedTimeWait != null) { // the reopening SYN was genuine: the old incarnation ends now
            TcpConnection old = t.reopenedTimeWait;
            t.reopenedTimeWait = null;
            old.closeWith(CloseReason.NORMAL, "reopened by syn");
        }
        t.sndWnd = s.window();
        t.maxSndWnd = Math.max(t.maxSndWnd, s.window());
        t.sndWl1 = s.seq();
        t.sndWl2 = s.ack();
        // RFC 5681 3.1: after a lost SYN or SYN-ACK the initial window is one segment; Linux (tcp_init_transfer)
        // only after more than one retransmission, given RFC 6298's aggressive 1 s initial RTO
        int lossesTolerated = profile.linuxQuirks() ? 1 : 0;
        int iw = t.handshakeRetransmissions > lossesTolerated ? 1 : profile.initialWindow();
        t.cc = new CongestionControl(t.sendMss, iw, (int) profile.value(TcpParameter.DUPTHRESH), t.iss);
    }

    /**
     * Fifth step for SYN-RECEIVED (after it became ESTABLISHED) and the synchronized states. Returns false when
     * the connection left the TCB behind (CLOSED or TIME_WAIT) so processing stops.
     */
    boolean processAck(TcpConnection c, Tcb t, Segment s, boolean finInOrder) {
        int ack = s.ack();
        if (t.closedInSynReceived()) {
            // this ACK completes the handshake now
            if (!Seq.gt(ack, t.iss)) {
                stack.discard(c, s, "ack before the handshake completed");
                return false;
            }
            establish(c, t, s);
        }
        if (Seq.gt(ack, t.sndUna)) {
            long dataAcked = t.dataBefore(ack) - t.sndAcked;
            boolean finNowAcked = !t.finAcked() && t.finBefore(ack);
            t.sndAcked += dataAcked;
            t.unaPosition = t.position(ack);
            t.sndUna = ack;
            if (Seq.lt(t.sndNxt, ack)) {
                t.sndNxt = ack;
            }
            if (t.rttTiming && Seq.gt(ack, t.rttSeq)) {
                t.rto.sample(stack.sim().now() - t.rttStart);
                t.rttTiming = false;
            } else {
                long echoed = Timestamps.echoRtt(stack, t, s);
                if (echoed > 0) {
                    t.rto.sample(echoed); // Linux: a TS sample where the timed one is missing
                }
            }
            t.retries = 0;
            t.retransStamp = -1;
            TailLossProbe.acked(t, ack);
            boolean partial = t.cc.onNewAck((int) Math.min(Integer.MAX_VALUE, dataAcked), ack); // SYN/FIN not counted
            if (t.sndUna == t.sndMax) {
                t.retransmit.stop();
                t.lossProbe.stop();
            } else if (t.cc.restartTimerOnAck()) {
                TailLossProbe.afterAck(c, t);
            }
            updateWindow(t, s, profile.linuxQuirks());
            if (partial) {
                Output.retransmitFirst(c);
            }
            if (finNowAcked && !ourFinAcked(c, finInOrder)) {
                return false;
            }
            if (dataAcked > 0 && t.sndAcked == t.sndQueued && c.accepted()) {
                c.callbacks.onAllDataAcked(c);
                if (c.tcb != t) {
                    return false;
                }
            }
            Output.output(c);
            return c.tcb == t;
        }
        // SEG.ACK =< SND.UNA: a duplicate (RFC 5681 2 definition) may trigger fast retransmit
        boolean duplicate = ack == t.sndUna && s.payloadLength() == 0 && !s.isFin() && s.window() == t.sndWnd
                && t.sndUna != t.sndMax;
        updateWindow(t, s, false);
        if (duplicate) {
            if (t.cc.onDupAck(ack, Seq.distance(t.sndUna, t.sndMax), t.sndMax)) {
                Output.retransmitFirst(c);
                Output.output(c);
            } else if (t.cc.inRecovery) {
                Output.output(c);
            }
        }
        return c.tcb == t;
    }

    /**
     * Our FIN is now acknowledged (RFC 9293 3.10.7.4 fifth step, per state). Returns false when the connection left
     * the TCB behind (TIME_WAIT or CLOSED).
     */
    private static boolean ourFinAcked(TcpConnection c, boolean finInOrder) {
        switch (c.state) {
            case FIN_WAIT_1 -> {
                if (!finInOrder) {
                    c.enter(TcpState.FIN_WAIT_2, "ack of fin");
                }
            }
            case CLOSING -> {
                c.enter(TcpState.TIME_WAIT, "ack of fin");
                return false;
            }
            case LAST_ACK -> {
                c.closeWith(CloseReason.NORMAL, "ack of fin");
                return false;
            }
            case CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_2, CLOSE_WAIT, TIME_WAIT -> {
                // no FIN of ours can be outstanding here
            }
        }
        return true;
    }

    /**
     * RFC 9293 3.10.7.4 fifth step: SND.WND from the newest segment (SND.WL1, SND.WL2). {@code acksNewData}: the
     * segment advanced SND.UNA, which under linuxQuirks updates the window whatever SND.WL1 says (Linux
     * tcp_may_update_window): such a segment is never an old one, and without it an in-window segment with a SEQ
     * ahead of the peer's (injected, say) freezes SND.WND until the peer's SEQ passes it.
     */
    private static void updateWindow(Tcb t, Segment s, boolean acksNewData) {
        if (acksNewData || Seq.lt(t.sndWl1, s.seq()) || (t.sndWl1 == s.seq() && Seq.le(t.sndWl2, s.ack()))) {
            t.sndWnd = s.window();
            t.sndWl1 = s.seq();
            t.sndWl2 = s.ack();
            if (s.window() > t.maxSndWnd) {
                t.maxSndWnd = s.window();
            }
        }
    }
}
