package tcpsim.tcp;

/**
 * Segment output of a connection: new data and FIN within the send window (min of cwnd and the peer's window),
 * retransmissions, ACKs, SYN, SYN-ACK and RST. Sending new data starts the retransmission timer unless it runs
 * (RFC 6298 5.1); every segment of a synchronized connection carries the pending ACK and stops the delayed-ACK
 * timer.
 */
final class Output {
    private Output() {
    }

    /** Sends what the windows allow: queued data, then the FIN once CLOSE was called and all data is sent. */
    static void output(TcpConnection c) {
        switch (c.state) {
            case ESTABLISHED, CLOSE_WAIT, FIN_WAIT_1, CLOSING, LAST_ACK -> {
            }
            case CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, FIN_WAIT_2, TIME_WAIT -> {
                return;
            }
        }
        Tcb t = c.tcb;
        if (t.closedInSynReceived()) {
            // our SYN is not acknowledged yet, so only a FIN with no data before it may go (RFC 9293 3.10.4);
            // queued data waits for the handshake
            if (t.finQueued && t.sndQueued == 0 && !t.finBefore(t.sndNxt)) {
                t.sndNxt = t.finSeq() + 1;
                t.sndMax = t.sndNxt;
                transmit(c, t.finSeq(), Segment.ACK | Segment.FIN, 0, 0);
                t.retransmit.startUnlessRunning(t.rto.rto());
            }
            return;
        }
        if (sendWhatTheWindowsAllow(c, t)) {
            TailLossProbe.afterBurst(c, t);
        }
    }

    /** The loop of {@link #output}: true when it sent anything new. */
    private static boolean sendWhatTheWindowsAllow(TcpConnection c, Tcb t) {
        boolean sent = false;
        while (true) {
            long unsent = t.sndQueued - t.dataBefore(t.sndNxt);
            if (unsent > 0) {
                long window = Math.min(t.cc.cwnd, t.sndWnd);
                long available = window - t.flight();
                int len = (int) Math.min(t.sendMss, unsent);
                if (available < len) {
                    if (available <= 0 || t.flight() > 0) {
                        if (t.flight() == 0) {
                            // a zero window and nothing in flight: the timer sends a window probe (RFC 9293 3.8.6.1)
                            t.retransmit.startUnlessRunning(t.rto.rto());
                        }
                        return sent; // wait for ACKs
                    }
                    len = (int) available;
                }
                boolean fin = t.finQueued && len == unsent;
                sendNew(c, t, len, fin);
            } else if (t.finQueued && !t.finBefore(t.sndNxt)) {
                sendNew(c, t, 0, true);
            } else {
                return sent;
            }
            sent = true;
        }
    }

    private static void sendNew(TcpConnection c, Tcb t, int len, boolean fin) {
        int seq = t.sndNxt;
        boolean fresh = Seq.ge(seq, t.sndMax);
        t.sndNxt = seq + len + (fin ? 1 : 0);
        if (Seq.gt(t.sndNxt, t.sndMax)) {
            t.sndMax = t.sndNxt;
        }
        if (fresh) {
            t.lastSegmentSeq = seq;
        }
        if (fresh && !t.rttTiming) {
            t.rttTiming = true;
            t.rttSeq = seq;
            t.rttStart = c.stack.sim().now();
        } else if (!fresh) {
            t.rttTiming = false; // Karn: a retransmission spoils the timed segment
        }
        transmit(c, seq, Segment.ACK | (fin ? Segment.FIN : 0), len, 0);
        TailLossProbe.afterSegment(c, t);
    }

    /** Resends the newest segment (from {@link Tcb#lastSegmentSeq} to SND.MAX) as a tail loss probe. */
    static void retransmitLast(TcpConnection c) {
        Tcb t = c.tcb;
        int seq = Seq.lt(t.lastSegmentSeq, t.sndUna) ? t.sndUna : t.lastSegmentSeq;
        boolean fin = t.finBefore(t.sndMax);
        int len = Seq.distance(seq, t.sndMax) - (fin ? 1 : 0);
        t.rttTiming = false; // Karn
        transmit(c, seq, Segment.ACK | (fin ? Segment.FIN : 0), len, 0);
    }

    /**
     * Zero-window probe (RFC 9293 3.8.6.1, MUST-36): nothing is in flight and the window lets nothing go, so one byte
     * of new data (or the FIN) is sent beyond the window; its ACK carries the peer's current window. The caller
     * (the retransmission timer) counts the probe as a retry and backs off.
     */
    static void probe(TcpConnection c) {
        Tcb t = c.tcb;
        long unsent = t.sndQueued - t.dataBefore(t.sndNxt);
        if (unsent > 0) {
            sendNew(c, t, 1, t.finQueued && unsent == 1);
        } else if (t.finQueued && !t.finBefore(t.sndNxt)) {
            sendNew(c, t, 0, true);
        } else {
            return;
        }
        TailLossProbe.afterBurst(c, t);
    }

    /** Retransmits the first unacknowledged segment without moving SND.NXT (fast retransmit, partial ACK). */
    static void retransmitFirst(TcpConnection c) {
        Tcb t = c.tcb;
        long unacked = t.sndQueued - t.sndAcked;
        int len = (int) Math.min(t.sendMss, unacked);
        boolean fin = len == unacked && t.finBefore(t.sndMax);
        if (len == 0 && !fin) {
            return;
        }
        t.rttTiming = false;
        transmit(c, t.sndUna, Segment.ACK | (fin ? Segment.FIN : 0), len, 0);
        t.lossProbe.stop(); // recovery: no probe, the retransmission timer runs
        t.retransmit.startUnlessRunning(t.rto.rto()); // a running timer keeps going (RFC 6582 4.2, Impatient)
    }

    /**
     * <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, where SND.NXT is the highest sequence number sent (SND.MAX): after a
     * retransmission timeout SND.NXT is rewound, and an ACK below the peer's RCV.NXT would be unacceptable there
     * (BSD sends ACK-only segments at snd_max; Linux never rewinds snd_nxt).
     */
    static void sendAck(TcpConnection c) {
        transmit(c, c.tcb.sndMax, Segment.ACK, 0, 0);
    }

    /**
     * The ACK that answers an unacceptable segment (RFC 9293 3.10.7.4 first step, RFC 5961 challenge ACKs). Pure
     * ACKs, SYNs and RSTs get at most one per the profile's invalidRatelimit (Linux tcp_oow_rate_limited), so two
     * desynchronized ends cannot ping-pong ACKs at wire speed; segments with data are always answered.
     */
    static void sendInvalidAck(TcpConnection c, Segment s) {
        Tcb t = c.tcb;
        long limit = c.stack.profile().invalidRatelimit();
        long now = c.stack.sim().now();
        if (limit > 0 && (s.payloadLength() == 0 || s.isSyn())) {
            if (now - t.lastInvalidAck < limit) {
                return;
            }
            t.lastInvalidAck = now;
        }
        sendAck(c);
    }

    /** <SEQ=ISS><CTL=SYN> with the MSS option. */
    static void sendSyn(TcpConnection c) {
        Tcb t = c.tcb;
        Segment s = new Segment(c.stack.host().address(), c.remoteAddress, c.localPort, c.remotePort, t.iss, 0,
                Segment.SYN, t.rcvWnd, 0, c.stack.profile().mss(), c.stack.profile().timestamps(),
                Timestamps.clock(c.stack), 0);
        c.stack.transmit(c, s);
    }

    /** <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> with the MSS option. */
    static void sendSynAck(TcpConnection c) {
        Tcb t = c.tcb;
        t.ackPending = 0;
        Segment s = new Segment(c.stack.host().address(), c.remoteAddress, c.localPort, c.remotePort, t.iss,
                t.rcvNxt, Segment.SYN | Segment.ACK, t.rcvWnd, 0, c.stack.profile().mss(), t.tsOk,
                Timestamps.clock(c.stack), t.tsRecent);
        c.stack.transmit(c, s);
    }

    /** <SEQ=seq><CTL=RST> from a connection (ABORT). */
    static void sendReset(TcpConnection c, int seq) {
        boolean ts = c.tcb != null && c.tcb.tsOk;
        Segment s = new Segment(c.stack.host().address(), c.remoteAddress, c.localPort, c.remotePort, seq, 0,
                Segment.RST, 0, 0, 0, ts, ts ? Timestamps.clock(c.stack) : 0, ts ? c.tcb.tsRecent : 0);
        c.stack.transmit(c, s);
    }

    /** A segment of a synchronized connection: it acknowledges RCV.NXT, so any pending ACK is now sent. */
    static void transmit(TcpConnection c, int seq, int flags, int len, int mss) {
        Tcb t = c.tcb;
        t.ackPending = 0;
        t.delayedAck.stop();
        Segment s = new Segment(c.stack.host().address(), c.remoteAddress, c.localPort, c.remotePort, seq,
                t.rcvNxt, flags, t.rcvWnd, len, mss, t.tsOk, t.tsOk ? Timestamps.clock(c.stack) : 0, t.tsRecent);
        c.stack.transmit(c, s);
    }

    /** ACK from a TIME_WAIT record: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>. */
    static void sendTimeWaitAck(TcpConnection c) {
        TimeWait w = c.timeWait;
        Segment s = new Segment(c.stack.host().address(), c.remoteAddress, c.localPort, c.remotePort, w.sndNxt,
                w.rcvNxt, Segment.ACK, c.stack.profile().receiveWindow(), 0, 0, w.tsOk,
                w.tsOk ? Timestamps.clock(c.stack) : 0, w.tsRecent);
        c.stack.transmit(c, s);
    }
}
