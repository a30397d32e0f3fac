package tcpsim.tcp;

/**
 * SEGMENT ARRIVES, seventh and eighth steps (RFC 9293 3.10.7.4 "process the segment text", "check the FIN bit"):
 * in-order delivery, out-of-order ranges, the ACK policy (delayed ACK), and the peer's FIN.
 */
final class TextArrives {
    private final TcpStack stack;
    private final TcpProfile profile;

    TextArrives(TcpStack stack) {
        this.stack = stack;
        this.profile = stack.profile();
    }

    /** Seventh step: in-order text is delivered at once, out-of-order text held; ACK now or delayed. */
    void receiveText(TcpConnection c, Tcb t, Segment s) {
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
            // RFC 5681 4.2 / RFC 1122: ACK at least every second full segment, at once when a hole is filled;
            // Linux also ACKs at once in quick-ACK mode, which starts with the first data of a connection
            boolean quick = quickAck(t);
            if (filledHole || profile.delayedAck() == 0 || t.ackPending >= 2 || quick) {
                if (quick) {
                    t.quickAcks--;
                }
                Output.sendAck(c);
            } else {
                t.delayedAck.startUnlessRunning(profile.delayedAck());
            }
        }
        if (c.accepted()) {
            c.callbacks.onData(c, n);
        } else {
            t.undelivered += n;
        }
    }

    /**
     * Linux quick-ACK mode (tcp_event_data_recv / tcp_incr_quickack): the first data received arms
     * min(16, max(2, rcv_wnd / (2 * mss))) immediate ACKs. Re-entry after idle gaps and the interactive
     * ("pingpong") mode are not modelled.
     */
    private boolean quickAck(Tcb t) {
        if (!profile.linuxQuirks() || profile.delayedAck() == 0) {
            return false;
        }
        if (t.quickAcks < 0) {
            t.quickAcks = Math.min(16, Math.max(2, t.rcvWnd / (2 * t.sendMss)));
        }
        return t.quickAcks > 0;
    }

    /**
     * Eighth step: the peer's FIN is next in sequence. Its ACK leaves at once, except under the profile's
     * delayedFinAck for a FIN that moves the connection to CLOSE_WAIT: Linux (tcp_fin) then only schedules the ACK
     * and enters pingpong mode, so the delayed-ACK timer sends it unless the application's FIN or data carries it
     * first.
     */
    void processFin(TcpConnection c, Tcb t) {
        t.rcvNxt = t.rcvNxt + 1;
        t.oooFin = false;
        boolean toCloseWait = c.state == TcpState.SYN_RECEIVED || c.state == TcpState.ESTABLISHED;
        if (toCloseWait && profile.delayedFinAck() && profile.delayedAck() > 0) {
            t.ackPending++;
            t.delayedAck.startUnlessRunning(profile.delayedAck());
        } else {
            Output.sendAck(c);
        }
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
}
