package tcpsim.tcp;

import tcpsim.kernel.Simulation;

/**
 * What a connection keeps in TIME_WAIT (RFC 9293 3.10.7.4, and what Linux keeps in its tcp_timewait_sock): the
 * sequence numbers needed to re-acknowledge a retransmitted FIN and to judge a reopening SYN, and the 2 MSL timer.
 */
final class TimeWait {
    final int sndNxt;
    final int rcvNxt;
    final long enteredAt;
    long timer = Simulation.NO_EVENT;

    TimeWait(int sndNxt, int rcvNxt, long enteredAt) {
        this.sndNxt = sndNxt;
        this.rcvNxt = rcvNxt;
        this.enteredAt = enteredAt;
    }
}
