package tcpsim.tcp;

/**
 * SEGMENT ARRIVES (RFC 9293 3.10.7) for one host: one entry per group of states (CLOSED, LISTEN, SYN-SENT, the
 * others, and TIME-WAIT, which runs on its shrunk record), each in the RFC's check order.
 */
final class SegmentArrives {
    /** Default MSS when the SYN carries no MSS option (RFC 9293 3.7.1). */
    static final int DEFAULT_MSS = 536;

    private final TcpStack stack;
    private final TcpProfile profile;
    private final AckArrives acks;
    private final TextArrives text;
    private final TimeWaitArrives timeWait;
    private final SynCookies cookies;

    SegmentArrives(TcpStack stack) {
        this.stack = stack;
        this.profile = stack.profile();
        this.acks = new AckArrives(stack);
        this.text = new TextArrives(stack);
        this.timeWait = new TimeWaitArrives(stack, this);
        this.cookies = new SynCookies(stack);
    }

    /** TIME-WAIT, on the shrunk record. */
    void timeWait(TcpConnection c, Segment s) {
        timeWait.arrives(c, s);
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
     * full (then it is dropped, as Linux does; with syncookies a full SYN queue is answered by a cookie SYN-ACK
     * instead). An ACK carrying a valid cookie creates the connection in ESTABLISHED. {@code isnGiven}: the ISN is
     * {@code isn} (a SYN reopening TIME_WAIT). Returns the new connection in SYN_RECEIVED, or null when the segment
     * made none.
     */
    TcpConnection listen(Listener l, Segment s, boolean isnGiven, int isn) {
        // first, check for an RST (RFC 9293 3.10.7.2)
        if (s.isRst()) {
            stack.discard(null, s, "rst to a listener");
            return null;
        }
        // Linux tcp_v4_cookie_check, before the ACK check: a non-SYN ACK may carry a cookie
        if (s.isAck() && !s.isSyn() && profile.syncookies() && cookieAck(l, s)) {
            return null;
        }
        // second, check for an ACK (RFC 9293 3.10.7.2): <SEQ=SEG.ACK><CTL=RST>
        if (s.isAck()) {
            stack.transmit(null, reply(s, s.ack(), 0, Segment.RST));
            return null;
        }
        // third, check for a SYN (RFC 9293 3.10.7.2); Linux drops it when a queue is full
        if (!s.isSyn()) {
            stack.discard(null, s, "no syn to a listener");
            return null;
        }
        boolean cookie = false;
        if (l.synQueueFull()) {
            // a SYN reopening TIME_WAIT never gets a cookie (Linux tcp_conn_request: only when !isn)
            if (!profile.syncookies() || isnGiven) {
                stack.discard(null, s, TcpStack.SYN_QUEUE_FULL);
                return null;
            }
            cookie = true; // Linux tcp_syn_flood_action: "Possible SYN flooding ... Sending cookies"
        }
        if (l.acceptQueueFull()) {
            stack.discard(null, s, TcpStack.ACCEPT_QUEUE_FULL);
            return null;
        }
        if (cookie) {
            sendCookieSynAck(s);
            return null;
        }
        TcpConnection c = stack.newPassive(s.destinationPort(), s.source(), s.sourcePort());
        int iss = isnGiven ? isn : stack.nextIsn(c);
        Tcb t = new Tcb(c, profile, iss);
        c.tcb = t;
        t.irs = s.seq();
        t.rcvNxt = s.seq() + 1;
        t.sndNxt = iss + 1;
        t.sndMax = iss + 1;
        Timestamps.negotiate(profile, t, s);
        t.sendMss = Timestamps.dataMss(t, sendMss(s));
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
        t.retransmit.start(profile.synAckTimeout(0));
        return c;
    }

    /**
     * The SYN-ACK of a SYN cookie (Linux cookie_v4_init_sequence): from the listener, keeping no state, so it is
     * never retransmitted; the client's MSS lives in the ISN, the option bits in the TSval.
     */
    private void sendCookieSynAck(Segment syn) {
        boolean ts = profile.timestamps() && syn.timestamps();
        Segment s = new Segment(syn.destination(), syn.source(), syn.destinationPort(), syn.sourcePort(),
                cookies.isn(syn), syn.seq() + 1, Segment.SYN | Segment.ACK, profile.receiveWindow(), 0,
                profile.mss(), ts, ts ? SynCookies.tsVal(Timestamps.clock(stack)) : 0, ts ? syn.tsVal() : 0);
        stack.transmit(null, s);
    }

    /**
     * Linux cookie_v4_check and tcp_get_cookie_sock: an ACK to a listener whose ACK field is a valid cookie + 1
     * creates the connection directly in ESTABLISHED (unless the accept queue is full: then it is dropped), and the
     * segment is then processed in ESTABLISHED (its data, its FIN). Returns false when it carries no valid cookie.
     */
    private boolean cookieAck(Listener l, Segment s) {
        int mss = cookies.check(s);
        if (mss < 0) {
            return false;
        }
        if (l.acceptQueueFull()) {
            stack.discard(null, s, TcpStack.ACCEPT_QUEUE_FULL);
            return true;
        }
        TcpConnection c = stack.newPassive(s.destinationPort(), s.source(), s.sourcePort());
        int iss = s.ack() - 1;
        Tcb t = new Tcb(c, profile, iss);
        c.tcb = t;
        t.irs = s.seq() - 1;
        t.rcvNxt = s.seq();
        t.sndNxt = iss + 1;
        t.sndMax = iss + 1;
        // the timestamps option on the ACK says the SYN had it (cookie_timestamp_decode)
        t.tsOk = profile.timestamps() && s.timestamps();
        if (t.tsOk) {
            t.tsRecent = s.tsVal();
        }
        t.sendMss = Timestamps.dataMss(t, Math.min(profile.mss(), mss));
        l.adoptEstablished(c);
        acks.establish(c, t, s);
        c.enter(TcpState.ESTABLISHED, "syn cookie");
        l.established(c);
        if (c.tcb == t) {
            synchronizedOrSynReceived(c, s);
        }
        return true;
    }

    private int sendMss(Segment s) {
        return Math.min(profile.mss(), s.mss() > 0 ? s.mss() : DEFAULT_MSS);
    }

    /** RFC 9293 3.10.7.3: SYN-SENT. */
    void synSent(TcpConnection c, Segment s) {
        Tcb t = c.tcb;
        // first, check the ACK bit (RFC 9293 3.10.7.3)
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
        // second, check the RST bit (RFC 9293 3.10.7.3; RFC 5961 3.2: only when it acknowledges our SYN)
        if (s.isRst()) {
            if (ackAcceptable) {
                c.closeWith(CloseReason.REFUSED, "rst");
            } else {
                stack.discard(c, s, "rst without ack in syn-sent");
            }
            return;
        }
        // third, check security (RFC 9293 3.10.7.3): not modelled
        // fourth, check the SYN bit (RFC 9293 3.10.7.3)
        if (!s.isSyn()) {
            stack.discard(c, s, "neither syn nor rst in syn-sent");
            return;
        }
        t.irs = s.seq();
        t.rcvNxt = s.seq() + 1;
        Timestamps.negotiate(profile, t, s);
        t.sendMss = Timestamps.dataMss(t, sendMss(s));
        if (ackAcceptable) {
            t.unaPosition = t.position(s.ack());
            t.sndUna = s.ack();
            acks.establish(c, t, s);
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

    /**
     * RFC 9293 3.10.7.4: SYN-RECEIVED and the synchronized states except TIME-WAIT, in the RFC's eight steps. Each
     * step returns whether processing goes on.
     */
    void synchronizedOrSynReceived(TcpConnection c, Segment s) {
        Tcb t = c.tcb;
        boolean crossingSynAck = crossingSynAck(c, t, s);
        // first to fourth (the third, check security, is not modelled)
        if (!crossingSynAck && !(checkSequenceNumber(c, t, s) && checkRst(c, t, s) && checkSyn(c, s))) {
            return;
        }
        if (!checkAck(c, t, s, crossingSynAck)) {
            return;
        }
        // sixth, check the URG bit (RFC 9293 3.10.7.4): not modelled
        if (!processText(c, t, s)) {
            return;
        }
        checkFin(c, t, s);
    }

    /**
     * Simultaneous open (Linux tcp_validate_incoming): in SYN-RECEIVED after an active open, the peer's SYN,ACK
     * that acknowledges our SYN skips the first four steps (its SYN lies below RCV.NXT) and completes the handshake
     * in the fifth.
     */
    private static boolean crossingSynAck(TcpConnection c, Tcb t, Segment s) {
        return c.state == TcpState.SYN_RECEIVED && c.activeOpen && s.isSyn() && s.isAck() && !s.isRst()
                && s.seq() == t.irs && s.ack() == t.sndNxt;
    }

    /** First, check sequence number (RFC 9293 3.10.7.4, acceptability table of 3.3). */
    private boolean checkSequenceNumber(TcpConnection c, Tcb t, Segment s) {
        if (linuxRetransmittedSyn(c, t, s)) {
            return false;
        }
        if (Timestamps.pawsRejects(t, s)) { // RFC 7323 5.3: before the sequence check, answered like it
            Output.sendInvalidAck(c, s);
            stack.discard(c, s, "paws: old timestamp");
            return false;
        }
        if (!acceptable(t.rcvNxt, t.rcvWnd, s)) {
            if (!s.isRst()) {
                Output.sendInvalidAck(c, s);
            }
            stack.discard(c, s, "unacceptable sequence number");
            return false;
        }
        Timestamps.update(t, s);
        return true;
    }

    /**
     * Linux tcp_check_req, before the first step: in SYN-RECEIVED after a passive open, a retransmitted SYN resends
     * the SYN-ACK at once and restarts its timer. Returns whether it handled the segment.
     */
    private boolean linuxRetransmittedSyn(TcpConnection c, Tcb t, Segment s) {
        if (!(profile.linuxQuirks() && c.state == TcpState.SYN_RECEIVED && !c.activeOpen && s.isSyn() && !s.isAck()
                && !s.isRst() && s.seq() == t.irs)) {
            return false;
        }
        t.handshakeRetransmissions++;
        t.rttTiming = false;
        Output.sendSynAck(c);
        t.retransmit.start(profile.synAckTimeout(t.retries));
        return true;
    }

    /** Second, check the RST bit (RFC 9293 3.10.7.4; RFC 5961 3.2: reset only at exactly RCV.NXT). */
    private boolean checkRst(TcpConnection c, Tcb t, Segment s) {
        if (!s.isRst()) {
            return true;
        }
        if (s.seq() != t.rcvNxt) {
            Output.sendInvalidAck(c, s);
            stack.discard(c, s, "rst not at rcv.nxt (challenge ack)");
            return false;
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
        return false;
    }

    /** Fourth, check the SYN bit (RFC 9293 3.10.7.4; RFC 5961 4.2: challenge ACK). */
    private boolean checkSyn(TcpConnection c, Segment s) {
        if (!s.isSyn()) {
            return true;
        }
        if (c.state == TcpState.SYN_RECEIVED && !c.activeOpen) {
            backToListen(c, "syn");
        } else {
            Output.sendInvalidAck(c, s);
            stack.discard(c, s, "syn in a synchronized state (challenge ack)");
        }
        return false;
    }

    /** Fifth, check the ACK field (RFC 9293 3.10.7.4). */
    private boolean checkAck(TcpConnection c, Tcb t, Segment s, boolean crossingSynAck) {
        if (!s.isAck()) {
            stack.discard(c, s, "no ack");
            return false;
        }
        if (c.state == TcpState.SYN_RECEIVED && !completeHandshake(c, t, s, crossingSynAck)) {
            return false;
        }
        if (Seq.gt(s.ack(), t.sndMax)) {
            Output.sendInvalidAck(c, s);
            stack.discard(c, s, "ack of unsent data");
            return false;
        }
        if (Seq.lt(s.ack(), t.sndUna - t.maxSndWnd)) {
            Output.sendInvalidAck(c, s); // RFC 5961 5.2
            stack.discard(c, s, "ack below the window");
            return false;
        }
        boolean finInOrder = s.isFin() && Seq.le(s.seq(), t.rcvNxt)
                && Seq.ge(s.seq() + s.payloadLength(), t.rcvNxt);
        return acks.processAck(c, t, s, finInOrder);
    }

    /**
     * Fifth step in SYN-RECEIVED: an acceptable ACK (SND.UNA &lt; SEG.ACK =&lt; SND.NXT) enters ESTABLISHED, unless the
     * listener's accept queue is full (Linux drops the ACK then). Returns whether the ACK is processed further as in
     * ESTABLISHED; the crossing SYN,ACK of a simultaneous open is answered by an ACK and goes no further.
     */
    private boolean completeHandshake(TcpConnection c, Tcb t, Segment s, boolean crossingSynAck) {
        if (!(Seq.lt(t.sndUna, s.ack()) && Seq.le(s.ack(), t.sndNxt))) {
            Output.sendReset(c, s.ack());
            stack.discard(c, s, "unacceptable ack in syn-received");
            return false;
        }
        if (crossingSynAck) {
            // it acknowledges our SYN and goes no further than this step: SND.UNA = SEG.ACK here (RFC 9293 3.10.7.3)
            t.unaPosition = t.position(s.ack());
            t.sndUna = s.ack();
        }
        Listener l = c.listener;
        if (!c.activeOpen && l != null && l.acceptQueueFull()) {
            stack.discard(c, s, TcpStack.ACCEPT_QUEUE_FULL);
            return false;
        }
        acks.establish(c, t, s);
        c.enter(TcpState.ESTABLISHED, crossingSynAck ? "syn-ack" : "ack");
        if (l != null) {
            l.established(c);
        } else {
            c.callbacks.onEstablished(c);
        }
        if (c.tcb != t) {
            return false;
        }
        if (crossingSynAck) {
            Output.sendAck(c);
            Output.output(c);
            return false;
        }
        return true;
    }

    /** Seventh, process the segment text (RFC 9293 3.10.7.4). */
    private boolean processText(TcpConnection c, Tcb t, Segment s) {
        if (s.payloadLength() == 0) {
            return true;
        }
        switch (c.state) {
            case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2 -> text.receiveText(c, t, s);
            case CLOSE_WAIT, CLOSING, LAST_ACK -> {
                // the peer's FIN came already: ignore the text
            }
            case CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, TIME_WAIT -> {
                return false;
            }
        }
        return c.tcb == t;
    }

    /** Eighth, check the FIN bit (RFC 9293 3.10.7.4); a FIN beyond a hole waits until the hole is filled. */
    private void checkFin(TcpConnection c, Tcb t, Segment s) {
        if (s.isFin()) {
            int finSeq = s.seq() + s.payloadLength();
            if (finSeq == t.rcvNxt) {
                text.processFin(c, t);
                return;
            } else if (Seq.gt(finSeq, t.rcvNxt)) {
                t.oooFin = true;
                t.oooFinSeq = finSeq;
            }
        }
        if (t.oooFin && t.oooFinSeq == t.rcvNxt) {
            text.processFin(c, t);
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

    /** A passively opened connection returns to LISTEN: the listener stays, the child TCB is discarded. */
    private void backToListen(TcpConnection c, String cause) {
        c.enter(TcpState.LISTEN, cause);
        c.closeWith(CloseReason.RESET, "discarded");
    }
}
