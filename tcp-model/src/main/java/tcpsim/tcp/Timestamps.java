package tcpsim.tcp;

import tcpsim.kernel.Time;

/**
 * RFC 7323 timestamps under the profile's {@code timestamps} (Linux tcp_timestamps): the TSval clock, TS.Recent,
 * PAWS and RTT samples from TSecr. TSval is 1 + the simulated time in milliseconds (Linux's 1 kHz timestamp clock;
 * its random per-connection offset is left out, the 1 keeps a SYN sent at time 0 from a TSval of 0, which as TSecr
 * means "no echo"). The option is offered on the SYN and used on every segment of the
 * connection when the SYN-ACK (or the SYN, at the server) carries it too; RSTs to segments without a connection
 * carry none, as Linux's. Not modelled: PAWS and the timestamp rules of TIME_WAIT (a reopening SYN and
 * {@code tw-reuse} are judged by sequence number and age only), and the 24-day staleness rule.
 */
final class Timestamps {
    private Timestamps() {
    }

    /** The TSval clock: 1 + milliseconds of simulated time. */
    static int clock(TcpStack stack) {
        return (int) (stack.sim().now() / Time.MILLISECOND) + 1;
    }

    /** The SYN or SYN-ACK {@code s} negotiates timestamps for {@code t}: TS.Recent is its TSval. */
    static void negotiate(TcpProfile p, Tcb t, Segment s) {
        t.tsOk = p.timestamps() && s.timestamps();
        if (t.tsOk) {
            t.tsRecent = s.tsVal();
        }
    }

    /** The data MSS: the option's 12 bytes come off the segment size when timestamps are on. */
    static int dataMss(Tcb t, int mss) {
        return t.tsOk ? mss - Segment.TIMESTAMPS_OPTION_BYTES : mss;
    }

    /**
     * PAWS (RFC 7323 5.3, Linux tcp_paws_discard): a segment with the option whose TSval is older than TS.Recent is
     * a duplicate from an earlier instance of the sequence space. RSTs are exempt (Linux accepts them).
     */
    static boolean pawsRejects(Tcb t, Segment s) {
        return t.tsOk && s.timestamps() && !s.isRst() && s.tsVal() - t.tsRecent < 0;
    }

    /** RFC 7323 4.3: an acceptable segment at or below RCV.NXT with a newer TSval updates TS.Recent. */
    static void update(Tcb t, Segment s) {
        if (t.tsOk && s.timestamps() && Seq.le(s.seq(), t.rcvNxt) && s.tsVal() - t.tsRecent >= 0) {
            t.tsRecent = s.tsVal();
        }
    }

    /** The same in TIME_WAIT (Linux tcp_timewait_state_process keeps tw_ts_recent), so its ACKs echo the newest. */
    static void update(TimeWait w, Segment s) {
        if (w.tsOk && s.timestamps() && Seq.le(s.seq(), w.rcvNxt) && s.tsVal() - w.tsRecent >= 0) {
            w.tsRecent = s.tsVal();
        }
    }

    /**
     * RTT from the echoed timestamp (Linux tcp_rtt_tsopt_us), in whole milliseconds and at least 1 ms, or -1 when
     * {@code s} echoes none.
     */
    static long echoRtt(TcpStack stack, Tcb t, Segment s) {
        if (!t.tsOk || !s.timestamps() || s.tsEcr() == 0) {
            return -1;
        }
        return Math.max(1, clock(stack) - s.tsEcr()) * Time.MILLISECOND;
    }
}
