package tcpsim.tcp;

/**
 * SEGMENT ARRIVES in TIME-WAIT (RFC 9293 3.10.7.4), on the connection's shrunk {@link TimeWait} record. With the
 * profile's {@code linuxQuirks} it follows Linux's tcp_timewait_state_process instead, which differs in two
 * ways: a bare ACK at RCV.NXT and every out-of-window segment carrying ACK restart the TIME_WAIT timer, and an RST
 * that is not exactly at RCV.NXT is dropped without a challenge ACK.
 */
final class TimeWaitArrives {
    private final TcpStack stack;
    private final TcpProfile profile;
    private final SegmentArrives arrives;

    TimeWaitArrives(TcpStack stack, SegmentArrives arrives) {
        this.stack = stack;
        this.profile = stack.profile();
        this.arrives = arrives;
    }

    void arrives(TcpConnection c, Segment s) {
        Timestamps.update(c.timeWait, s);
        if (profile.linuxQuirks()) {
            linux(c, s);
        } else {
            rfc(c, s);
        }
    }

    /**
     * RFC 9293: an RST at RCV.NXT closes (unless RFC 1337 protection is on), a SYN above the old sequence space
     * may reopen (MAY-2, RFC 6191), a retransmitted FIN is acknowledged and restarts the 2 MSL timeout, anything
     * else unacceptable gets an ACK.
     */
    private void rfc(TcpConnection c, Segment s) {
        TimeWait w = c.timeWait;
        int rcvWnd = profile.receiveWindow();
        // first, check sequence number (RFC 9293 3.10.7.4): done per step below
        // second, check the RST bit (RFC 9293 3.10.7.4; RFC 5961 3.2; RFC 1337 when enabled)
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
        // fourth, check the SYN bit (RFC 9293 3.10.7.4 MAY-2, RFC 6191): a new incarnation may reopen the 4-tuple
        if (reopen(c, s)) {
            return;
        }
        // eighth, check the FIN bit (RFC 9293 3.10.7.4): acknowledge a retransmitted FIN, restart the 2 MSL timeout
        if (s.isFin() && s.seq() + s.payloadLength() + 1 == w.rcvNxt) {
            Output.sendTimeWaitAck(c);
            w.start(profile.timeWait());
            return;
        }
        if (s.isSyn() || !SegmentArrives.acceptable(w.rcvNxt, rcvWnd, s)) {
            Output.sendTimeWaitAck(c);
            stack.discard(c, s, s.isSyn() ? "syn in time-wait (ack)" : "unacceptable sequence number");
            return;
        }
        stack.discard(c, s, "time-wait");
    }

    /** Linux tcp_timewait_state_process (TIME_WAIT substate; no timestamps, so no PAWS). */
    private void linux(TcpConnection c, Segment s) {
        TimeWait w = c.timeWait;
        // a bare segment or RST exactly at RCV.NXT: an RST kills TIME_WAIT (ignored with tcp_rfc1337), a bare ACK
        // restarts the timer
        if (s.seq() == w.rcvNxt && (s.segmentLength() == 0 || s.isRst())) {
            if (s.isRst()) {
                if (profile.rfc1337()) {
                    stack.discard(c, s, "rst in time-wait ignored (rfc 1337)");
                } else {
                    c.closeWith(CloseReason.NORMAL, "rst");
                }
                return;
            }
            w.start(profile.timeWait());
            stack.discard(c, s, "time-wait (timer restarted)");
            return;
        }
        // a SYN above the old sequence space reopens the 4-tuple when someone listens
        if (reopen(c, s)) {
            return;
        }
        if (s.isRst()) {
            stack.discard(c, s, "unacceptable sequence number");
            return;
        }
        // anything else (a retransmitted FIN above all) is acknowledged; if it carries ACK the timer restarts
        if (s.isAck()) {
            w.start(profile.timeWait());
        }
        Output.sendTimeWaitAck(c);
        if (!(s.isFin() && s.seq() + s.payloadLength() + 1 == w.rcvNxt)) {
            stack.discard(c, s, "time-wait (ack)");
        }
    }

    /** A SYN without ACK above RCV.NXT reopens the connection at a listener; the new ISN is above the old space. */
    private boolean reopen(TcpConnection c, Segment s) {
        TimeWait w = c.timeWait;
        if (!s.isSyn() || s.isAck() || s.isRst() || !Seq.gt(s.seq(), w.rcvNxt)) {
            return false;
        }
        Listener l = stack.listener(c.localPort);
        if (l == null) {
            return false;
        }
        int isn = w.sndNxt + 65535 + 2; // as Linux: beyond anything the old incarnation can have sent
        if (isn == 0) {
            isn = 1;
        }
        if (profile.reopenUndo()) {
            // RFC 9293 MAY-2 (2): the record steps aside until the new incarnation is established
            stack.unregister(c);
            TcpConnection child = arrives.listen(l, s, true, isn);
            if (child == null) {
                stack.register(c);
            } else {
                child.tcb.reopenedTimeWait = c;
            }
            return true;
        }
        c.closeWith(CloseReason.NORMAL, "reopened by syn");
        arrives.listen(l, s, true, isn);
        return true;
    }
}
