package tcpsim.tcp;

/**
 * What a connection keeps in TIME_WAIT (RFC 9293 3.10.7.4, and what Linux keeps in its tcp_timewait_sock): the
 * sequence numbers needed to re-acknowledge a retransmitted FIN and to judge a reopening SYN, and the 2 MSL timer.
 */
final class TimeWait {
    final int sndNxt;
    final int rcvNxt;
    final long enteredAt;
    /** The 2 MSL timer: started on entering TIME_WAIT, restarted by a retransmitted FIN (and Linux's ACKs). */
    final Timer timer;
    /** Issue 10: the connection used timestamps, and the TSval its ACKs echo (TS.Recent). */
    boolean tsOk;
    int tsRecent;

    TimeWait(TcpConnection c, int sndNxt, int rcvNxt, long enteredAt) {
        this.sndNxt = sndNxt;
        this.rcvNxt = rcvNxt;
        this.enteredAt = enteredAt;
        this.timer = new Timer(c, Timer.Kind.TIME_WAIT);
    }
}
