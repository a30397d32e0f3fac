package tcpsim.tcp;

import tcpsim.kernel.Simulation;

/**
 * SEGMENT ARRIVES (RFC 9293 3.10.7) for one host: one entry per group of states (CLOSED, LISTEN, SYN-SENT, the
 * others, and TIME-WAIT, which runs on its shrunk record), each in the RFC's check order.
 */
final class SegmentArrives {
    /** Default MSS when the SYN carries no MSS option (RFC 9293 3.7.1). */
    private static final int DEFAULT_MSS = 536;

    private final TcpStack stack;
    private final TcpProfile profile;

    SegmentArrives(TcpStack stack) {
        this.stack = stack;
        this.profile = stack.profile();
    }

    /** RFC 9293 3.10.7.1: no connection and no listener. */
    void closed(Segment s) {
        if (s.isRst()) {
            stack.discard(null, s, "rst to a closed port");
            return;
        }
        if (s.isAck()) {
            stack.transmit(null, reply(s, s.ack(), 0, Segment.RST)); // <SEQ=SEG.ACK><CTL=RST>
        } else {
            // <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
            stack.transmit(null, reply(s, 0, s.seq() + s.segmentLength(), Segment.RST | Segment.ACK));
        }
    }

    private static Segment reply(Segment s, int seq, int ack, int flags) {
        return new Segment(s.destination(), s.source(), s.destinationPort(), s.sourcePort(), seq, ack, flags, 0, 0,
                0);
    }

    /**
     * RFC 9293 3.10.7.2: LISTEN. A SYN creates a child in SYN_RECEIVED unless the SYN queue or the accept queue is
     * full (then it is dropped, as Linux does). {@code isnGiven}: the ISN is {@code isn} (a SYN reopening TIME_WAIT).
     */
    void listen(Listener l, Segment s, boolean isnGiven, int isn) {
        // first, check for an RST
        if (s.isRst()) {
            stack.discard(null, s, "rst to a listener");
            return;
        }
        // second, check for an ACK
        if (s.isAck()) {
            stack.transmit(null, reply(s, s.ack(), 0, Segment.RST));
            return;
        }
        // third, check for a SYN
        if (!s.isSyn()) {
            stack.discard(null, s, "no syn to a listener");
            return;
        }
        if (l.synQueueFull()) {
            stack.discard(null, s, "syn queue full");
            return;
        }
        if (l.acceptQueueFull()) {
            stack.discard(null, s, "accept queue full");
            return;
        }
        TcpConnection c = stack.newPassive(s.destinationPort(), s.source(), s.sourcePort());
        int iss = isnGiven ? isn : stack.nextIsn(c);
        Tcb t = new Tcb(c, profile, iss);
        c.tcb = t;
        t.irs = s.seq();
        t.rcvNxt = s.seq() + 1;
        t.sndNxt = iss + 1;
        t.sndMax = iss + 1;
        t.sendMss = sendMss(s);
        t.sndWnd = s.window();
        t.maxSndWnd = s.window();
        t.sndWl1 = s.seq();
        t.sndWl2 = iss;
        l.adopt(c);
        c.enter(TcpState.SYN_RECEIVED, "syn");
        t.rttTiming = true;
        t.rttSeq = iss;
        t.rttStart = stack.sim().now();
        Output.sendSynAck(c);
        Output.armRetransmit(c, profile.synAckTimeout(0));
    }

    private int sendMss(Segment s) {
        return Math.min(profile.mss(), s.mss() > 0 ? s.mss() : DEFAULT_MSS);
    }

    /** RFC 9293 3.10.7.3: SYN-SENT. */
    void synSent(TcpConnection c, Segment s) {
        Tcb t = c.tcb;
        // first, check the ACK bit
        boolean ackAcceptable = false;
        if (s.isAck()) {
            if (Seq.le(s.ack(), t.iss) || Seq.gt(s.ack(), t.sndNxt)) {
                if (!s.isRst()) {
                    Output.sendReset(c, s.ack()); // <SEQ=SEG.ACK><CTL=RST>
                }
                stack.discard(c, s, "unacceptable ack in syn-sent");
                return;
            }
            ackAcceptable = true;
        }
        // second, check the RST bit (RFC 5961 3.2: only when it acknowledges our SYN)
        if (s.isRst()) {
            if (ackAcceptable) {
                c.closeWith(CloseReason.REFUSED, "rst");
            } else {
                stack.discard(c, s, "rst without ack in syn-sent");
            }
            return;
        }
        // third, security: not modelled
        // fourth, check the SYN bit
        if (!s.isSyn()) {
            stack.discard(c, s, "neither syn nor rst in syn-sent");
            return;
        }
        t.irs = s.seq();
        t.rcvNxt = s.seq() + 1;
        t.sendMss = sendMss(s);
        if (ackAcceptable) {
            t.sndUna = s.ack();
            establish(c, t, s);
            c.enter(TcpState.ESTABLISHED, "syn-ack");
            Output.sendAck(c);
            c.callbacks.onEstablished(c);
            if (c.tcb == t) {
                Output.output(c);
            }
        } else {
            // simultaneous open
            t.sndWnd = s.window();
            t.maxSndWnd = s.window();
            t.sndWl1 = s.seq();
            t.sndWl2 = t.iss;
            c.enter(TcpState.SYN_RECEIVED, "simultaneous open");
            Output.sendSynAck(c);
        }
    }

    /** Handshake complete: RTT sample (Karn), timers, window, congestion control. */
    private void establish(TcpConnection c, Tcb t, Segment s) {
        Simulation sim = stack.sim();
        if (t.rttTiming && !t.handshakeRetransmitted) {
            t.rto.sample(sim.now() - t.rttStart);
        } else if (t.handshakeRetransmitted) {
            t.rto.fallback();
        }
        t.rttTiming = false;
        t.retries = 0;
        Output.cancelRetransmit(c);
        t.sndWnd = s.window();
        t.maxSndWnd = Math.max(t.maxSndWnd, s.window());
        t.sndWl1 = s.seq();
        t.sndWl2 = s.ack();
        // RFC 5681 3.1: after a lost SYN or SYN-ACK the initial window is one segment
        t.cc = new CongestionControl(t.sendMss, t.handshakeRetransmitted ? 1 : profile.initialWindow(), t.iss);
    }

    /** RFC 9293 3.10.7.4: SYN-RECEIVED and the synchronized states except TIME-WAIT. */
    void synchronizedOrSynReceived(TcpConnection c, Segment s) {
        Tcb t = c.tcb;
        boolean simultaneousSynAck = false;
        if (c.state == TcpState.SYN_RECEIVED) {
            // Linux tcp_check_req: a retransmitted SYN resends the SYN-ACK at once and re-arms its timer
            if (!c.activeOpen && s.isSyn() && !s.isAck() && !s.isRst() && s.seq() == t.irs) {
                t.handshakeRetransmitted = true;
                t.rttTiming = false;
                Output.sendSynAck(c);
                Output.armRetransmit(c, profile.synAckTimeout(t.retries));
                return;
            }
            // simultaneous open: the peer's SYN-ACK acknowledges our SYN (Linux tcp_validate_incoming)
            simultaneousSynAck = c.activeOpen && s.isSyn() && s.isAck() && !s.isRst() && s.seq() == t.irs
                    && s.ack() == t.sndNxt;
        }
        if (!simultaneousSynAck) {
            // first, check sequence number
            if (!acceptable(t.rcvNxt, t.rcvWnd, s)) {
                if (!s.isRst()) {
                    Output.sendAck(c);
                }
                stack.discard(c, s, "unacceptable sequence number");
                return;
            }
            // second, check the RST bit (RFC 5961 3.2: reset only at exactly RCV.NXT, else challenge ACK)
            if (s.isRst()) {
                reset(c, t, s);
                return;
            }
            // third, security: not modelled
            // fourth, check the SYN bit (RFC 5961 4.2: challenge ACK)
            if (s.isSyn()) {
                if (c.state == TcpState.SYN_RECEIVED && !c.activeOpen) {
                    backToListen(c, "syn");
                } else {
                    Output.sendAck(c);
                    stack.discard(c, s, "syn in a synchronized state (challenge ack)");
                }
                return;
            }
        }
        // fifth, check the ACK field
        if (!s.isAck()) {
            stack.discard(c, s, "no ack");
            return;
        }
        if (c.state == TcpState.SYN_RECEIVED) {
            if (!(Seq.lt(t.sndUna, s.ack()) && Seq.le(s.ack(), t.sndNxt))) {
                Output.sendReset(c, s.ack());
                stack.discard(c, s, "unacceptable ack in syn-received");
                return;
            }
            Listener l = c.listener;
            if (!c.activeOpen && l != null && l.acceptQueueFull()) {
                stack.discard(c, s, "accept queue full");
                return;
            }
            establish(c, t, s);
            c.enter(TcpState.ESTABLISHED, simultaneousSynAck ? "syn-ack" : "ack");
            if (l != null) {
                l.established(c);
            } else {
                c.callbacks.onEstablished(c);
            }
            if (c.tcb != t) {
                return;
            }
            if (simultaneousSynAck) {
                Output.sendAck(c);
                Output.output(c);
                return;
            }
        }
        if (Seq.gt(s.ack(), t.sndMax)) {
            Output.sendAck(c);
            stack.discard(c, s, "ack of unsent data");
            return;
        }
        if (Seq.lt(s.ack(), t.sndUna - t.maxSndWnd)) {
            Output.sendAck(c); // RFC 5961 5.2
            stack.discard(c, s, "ack below the window");
            return;
        }
        boolean finInOrder = s.isFin() && Seq.le(s.seq(), t.rcvNxt)
                && Seq.ge(s.seq() + s.payloadLength(), t.rcvNxt);
        if (!processAck(c, t, s, finInOrder)) {
            return;
        }
        // sixth, check the URG bit: not modelled
        // seventh, process the segment text
        if (s.payloadLength() > 0) {
            switch (c.state) {
                case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2 -> receiveText(c, t, s);
                case CLOSE_WAIT, CLOSING, LAST_ACK -> {
                    // the peer's FIN came already: ignore the text
                }
                case CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, TIME_WAIT -> {
                    return;
                }
            }
            if (c.tcb != t) {
                return;
            }
        }
        // eighth, check the FIN bit
        if (s.isFin()) {
            int finSeq = s.seq() + s.payloadLength();
            if (finSeq == t.rcvNxt) {
                processFin(c, t);
                return;
            } else if (Seq.gt(finSeq, t.rcvNxt)) {
                t.oooFin = true;
                t.oooFinSeq = finSeq;
            }
        }
        if (t.oooFin && t.oooFinSeq == t.rcvNxt) {
            processFin(c, t);
        }
    }

    /** RFC 9293 3.3 segment acceptability test. */
    static boolean acceptable(int rcvNxt, int rcvWnd, Segment s) {
        int len = s.segmentLength();
        int seq = s.seq();
        if (len == 0) {
            return rcvWnd == 0 ? seq == rcvNxt : Seq.inWindow(seq, rcvNxt, rcvNxt + rcvWnd);
        }
        return rcvWnd != 0 && (Seq.inWindow(seq, rcvNxt, rcvNxt + rcvWnd)
                || Seq.inWindow(seq + len - 1, rcvNxt, rcvNxt + rcvWnd));
    }

    /** Second, check the RST bit: RFC 9293 3.10.7.4 with the RFC 5961 3.2 exact-match rule. */
    private void reset(TcpConnection c, Tcb t, Segment s) {
        if (s.seq() != t.rcvNxt) {
            Output.sendAck(c);
            stack.discard(c, s, "rst not at rcv.nxt (challenge ack)");
            return;
        }
        switch (c.state) {
            case SYN_RECEIVED -> {
                if (c.activeOpen) {
                    c.closeWith(CloseReason.REFUSED, "rst");
                } else {
                    backToListen(c, "rst");
                }
            }
            case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK ->
                    c.closeWith(CloseReason.RESET, "rst");
            case CLOSED, LISTEN, SYN_SENT, TIME_WAIT -> throw new IllegalStateException("not handled here: " + c);
        }
    }

    /** A passively opened connection returns to LISTEN: the listener stays, the child TCB is discarded. */
    private void backToListen(TcpConnection c, String cause) {
        c.enter(TcpState.LISTEN, cause);
        c.closeWith(CloseReason.RESET, "discarded");
    }

    /**
     * Fifth step for SYN-RECEIVED (after it became ESTABLISHED) and the synchronized states. Returns false when
     * the connection left the TCB behind (CLOSED or TIME_WAIT) so processing stops.
     */
    private boolean processAck(TcpConnection c, Tcb t, Segment s, boolean finInOrder) {
        int ack = s.ack();
        if (t.cc == null) {
            // closed in SYN-RECEIVED: this ACK completes the handshake now
            if (!Seq.gt(ack, t.iss)) {
                stack.discard(c, s, "ack before the handshake completed");
                return false;
            }
            establish(c, t, s);
        }
        if (Seq.gt(ack, t.sndUna)) {
            long dataAcked = t.dataBefore(ack) - t.sndAcked;
            boolean finNowAcked = t.finQueued && !t.finAcked() && Seq.gt(ack, t.finSeq());
            t.sndAcked += dataAcked;
            t.sndUna = ack;
            if (Seq.lt(t.sndNxt, ack)) {
                t.sndNxt = ack;
            }
            if (t.rttTiming && Seq.gt(ack, t.rttSeq)) {
                t.rto.sample(stack.sim().now() - t.rttStart);
                t.rttTiming = false;
            }
            t.retries = 0;
            boolean partial = t.cc.onNewAck((int) Math.min(Integer.MAX_VALUE, dataAcked), ack); // SYN/FIN not counted
            if (t.sndUna == t.sndMax) {
                Output.cancelRetransmit(c);
            } else {
                Output.armRetransmit(c, t.rto.rto());
            }
            updateWindow(t, s);
            if (partial) {
                Output.retransmitFirst(c);
            }
            if (finNowAcked) {
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
        updateWindow(t, s);
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

    /** RFC 9293 3.10.7.4 fifth step: SND.WND from the newest segment (SND.WL1, SND.WL2). */
    private static void updateWindow(Tcb t, Segment s) {
        if (Seq.lt(t.sndWl1, s.seq()) || (t.sndWl1 == s.seq() && Seq.le(t.sndWl2, s.ack()))) {
            t.sndWnd = s.window();
            t.sndWl1 = s.seq();
            t.sndWl2 = s.ack();
            if (s.window() > t.maxSndWnd) {
                t.maxSndWnd = s.window();
            }
        }
    }

    /** Seventh step: in-order text is delivered at once, out-of-order text held; ACK now or delayed. */
    private void receiveText(TcpConnection c, Tcb t, Segment s) {
        int seq = s.seq();
        int len = s.payloadLength();
        if (Seq.lt(seq, t.rcvNxt)) {
            int trim = Seq.distance(seq, t.rcvNxt);
            if (trim >= len) {
                return; // nothing new; a FIN, if any, is handled next
            }
            seq = t.rcvNxt;
            len -= trim;
        }
        int windowEnd = t.rcvNxt + t.rcvWnd;
        if (Seq.gt(seq + len, windowEnd)) {
            len = Seq.distance(seq, windowEnd);
        }
        if (len <= 0) {
            Output.sendAck(c);
            return;
        }
        if (seq != t.rcvNxt) {
            t.outOfOrder.add(seq, seq + len);
            Output.sendAck(c); // a duplicate ACK at once (RFC 5681 4.2)
            return;
        }
        boolean filledHole = !t.outOfOrder.isEmpty();
        int before = t.rcvNxt;
        t.rcvNxt = seq + len;
        if (filledHole) {
            t.rcvNxt = t.outOfOrder.advance(t.rcvNxt);
        }
        long n = Integer.toUnsignedLong(Seq.distance(before, t.rcvNxt));
        t.delivered += n;
        t.ackPending++;
        boolean finNext = (s.isFin() && s.seq() + s.payloadLength() == t.rcvNxt)
                || (t.oooFin && t.oooFinSeq == t.rcvNxt);
        if (!finNext) {
            // RFC 5681 4.2 / RFC 1122: ACK at least every second full segment, at once when a hole is filled
            if (filledHole || profile.delayedAck() == 0 || t.ackPending >= 2) {
                Output.sendAck(c);
            } else if (t.delayedAckTimer == Simulation.NO_EVENT) {
                t.delayedAckTimer = stack.sim().schedule(profile.delayedAck(), t.delayedAckEvent);
            }
        }
        if (c.accepted()) {
            c.callbacks.onData(c, n);
        } else {
            t.undelivered += n;
        }
    }

    /** Eighth step: the peer's FIN is next in sequence. */
    private void processFin(TcpConnection c, Tcb t) {
        t.rcvNxt = t.rcvNxt + 1;
        t.oooFin = false;
        Output.sendAck(c);
        switch (c.state) {
            case SYN_RECEIVED, ESTABLISHED -> c.enter(TcpState.CLOSE_WAIT, "fin");
            case FIN_WAIT_1 -> c.enter(t.finAcked() ? TcpState.TIME_WAIT : TcpState.CLOSING, "fin");
            case FIN_WAIT_2 -> c.enter(TcpState.TIME_WAIT, "fin");
            case CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT, CLOSED, LISTEN, SYN_SENT -> {
                // already past the peer's FIN, or not synchronized
            }
        }
        if (c.accepted()) {
            c.callbacks.onPeerClosed(c);
        } else if (c.tcb != null) {
            c.tcb.peerClosedUnreported = true;
        }
    }

    /**
     * TIME-WAIT on the shrunk record (RFC 9293 3.10.7.4 and Linux tcp_timewait_state_process): an RST closes it
     * unless RFC 1337 protection is on; a SYN with a higher sequence number reopens it (RFC 9293 MAY-2, RFC 6191);
     * a retransmitted FIN is acknowledged again and restarts the 2 MSL timer; anything unacceptable gets an ACK.
     */
    void timeWait(TcpConnection c, Segment s) {
        TimeWait w = c.timeWait;
        int rcvWnd = profile.receiveWindow();
        // second, check the RST bit
        if (s.isRst()) {
            if (s.seq() == w.rcvNxt) {
                if (profile.rfc1337()) {
                    stack.discard(c, s, "rst in time-wait ignored (rfc 1337)");
                } else {
                    c.closeWith(CloseReason.NORMAL, "rst");
                }
            } else if (Seq.inWindow(s.seq(), w.rcvNxt, w.rcvNxt + rcvWnd)) {
                Output.sendTimeWaitAck(c);
                stack.discard(c, s, "rst not at rcv.nxt (challenge ack)");
            } else {
                stack.discard(c, s, "unacceptable sequence number");
            }
            return;
        }
        // fourth, check the SYN bit: a new incarnation above the old sequence space may reopen the 4-tuple
        if (s.isSyn() && !s.isAck() && Seq.gt(s.seq(), w.rcvNxt)) {
            Listener l = stack.listener(c.localPort);
            if (l != null) {
                int isn = w.sndNxt + 65535 + 2; // Linux: ISN above the old connection's sequence space
                c.closeWith(CloseReason.NORMAL, "reopened by syn");
                listen(l, s, true, isn);
                return;
            }
        }
        // eighth, check the FIN bit: a retransmitted FIN is acknowledged and the 2 MSL timeout restarts
        if (s.isFin() && s.seq() + s.payloadLength() + 1 == w.rcvNxt) {
            Output.sendTimeWaitAck(c);
            c.restartTimeWait();
            return;
        }
        if (s.isSyn() || !acceptable(w.rcvNxt, rcvWnd, s)) {
            Output.sendTimeWaitAck(c);
            stack.discard(c, s, s.isSyn() ? "syn in time-wait (ack)" : "unacceptable sequence number");
            return;
        }
        stack.discard(c, s, "time-wait");
    }
}
