package tcpsim.tcp;

/**
 * SEGMENT ARRIVES in TIME-WAIT (RFC 9293 3.10.7.4), on the connection's shrunk {@link TimeWait} record.
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

    /**
     * TIME-WAIT on the shrunk record (RFC 9293 3.10.7.4 and Linux tcp_timewait_state_process): an RST closes it
     * unless RFC 1337 protection is on; a SYN with a higher sequence number reopens it (RFC 9293 MAY-2, RFC 6191);
     * a retransmitted FIN is acknowledged again and restarts the 2 MSL timer; anything unacceptable gets an ACK.
     */
    void arrives(TcpConnection c, Segment s) {
        TimeWait w = c.timeWait;
        int rcvWnd = profile.receiveWindow();
        // first, check sequence number (RFC 9293 3.10.7.4): folded into the steps below, as Linux's
        // tcp_timewait_state_process does
        // second, check the RST bit (RFC 9293 3.10.7.4; RFC 1337 when enabled)
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
                arrives.listen(l, s, true, isn);
                return;
            }
        }
        // eighth, check the FIN bit: a retransmitted FIN is acknowledged and the 2 MSL timeout restarts
        if (s.isFin() && s.seq() + s.payloadLength() + 1 == w.rcvNxt) {
            Output.sendTimeWaitAck(c);
            c.restartTimeWait();
            return;
        }
        if (s.isSyn() || !SegmentArrives.acceptable(w.rcvNxt, rcvWnd, s)) {
            Output.sendTimeWaitAck(c);
            stack.discard(c, s, s.isSyn() ? "syn in time-wait (ack)" : "unacceptable sequence number");
            return;
        }
        stack.discard(c, s, "time-wait");
    }
}
