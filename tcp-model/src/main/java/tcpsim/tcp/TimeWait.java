package tcpsim.tcp;

/**
 * What a connection keeps in TIME_WAIT (RFC 9293 3.10.7.4, and what Linux keeps in its tcp_timewait_sock): the
 * sequence numbers needed to re-acknowledge a retransmitted FIN and to judge a reopening SYN. The record is its own
 * 2 MSL timer ({@link #start}: started on entering TIME_WAIT, restarted by a retransmitted FIN and Linux's ACKs), so
 * that a connection in TIME_WAIT is two objects, this one (48 bytes) and its TcpConnection.
 */
final class TimeWait extends Timer {
    final int sndNxt;
    final int rcvNxt;
    final long enteredAt;
    /** Issue 10: the connection used timestamps, and the TSval its ACKs echo (TS.Recent). */
    boolean tsOk;
    int tsRecent;

    TimeWait(TcpConnection c, int sndNxt, int rcvNxt, long enteredAt) {
        super(c);
        this.sndNxt = sndNxt;
        this.rcvNxt = rcvNxt;
        this.enteredAt = enteredAt;
    }

    @Override
    Kind kind() {
        return Kind.TIME_WAIT;
    }
}
