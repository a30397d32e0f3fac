package tcpsim.tcp;

import java.util.List;
import tcpsim.kernel.Time;

/**
 * Every constant of the TCP model, under one name per parameter (the config key is the name in kebab-case, see
 * {@link #keys()}). Times are long nanoseconds. Use {@link #linux()} or {@link #rfc9293()} and override through
 * {@link #toBuilder()}.
 *
 * @param name profile name
 * @param initialRto RTO before any RTT sample, and the base of the SYN / SYN-ACK schedules (RFC 6298 2.1)
 * @param minRto lower bound of the RTO (RFC 6298 2.4)
 * @param maxRto upper bound of the RTO and of every backed-off timeout (RFC 6298 2.5)
 * @param synRetries SYN retransmissions after the linear phase (Linux tcp_syn_retries)
 * @param synLinearTimeouts leading SYN timeouts that stay at initialRto (Linux tcp_syn_linear_timeouts)
 * @param synAckRetries SYN-ACK retransmissions (Linux tcp_synack_retries)
 * @param dataRetries retransmissions of the same data before the connection times out (Linux tcp_retries2)
 * @param finRetries retransmissions while closing (FIN_WAIT_1, CLOSING, LAST_ACK; Linux tcp_orphan_retries)
 * @param timeWait TIME_WAIT duration (2 MSL)
 * @param finWait2Timeout how long FIN_WAIT_2 waits for the peer's FIN (Linux tcp_fin_timeout); 0 = forever
 * @param ephemeralPortMin first ephemeral port (inclusive)
 * @param ephemeralPortMax last ephemeral port (inclusive)
 * @param delayedAck delayed-ACK timeout; 0 = every segment is acknowledged at once
 * @param mss maximum segment size this end announces and uses
 * @param initialWindow initial congestion window in segments (RFC 6928)
 * @param receiveWindow receive window in bytes (the application reads at once, so it never shrinks)
 * @param rfc1337 ignore RST in TIME_WAIT (RFC 1337 protection, Linux tcp_rfc1337)
 * @param twReuse connect may reuse a 4-tuple held in TIME_WAIT for at least 1 s (Linux tcp_tw_reuse)
 * @param synBacklog maximum connections in SYN_RECEIVED per listener (Linux tcp_max_syn_backlog)
 * @param acceptBacklog default accept-queue limit of listen (Linux somaxconn)
 * @param rttvarMin lower bound of the variance term K*RTTVAR of the RTO (Linux keeps it at tcp_rto_min, so its
 *     RTO is at least SRTT + 200 ms); 0 for plain RFC 6298.
 * @param linuxQuirks behave as Linux where it departs from the RFCs without a number to tune: a retransmitted SYN
 *     at a SYN_RECEIVED server resends the SYN-ACK at once and re-arms its timer (tcp_check_req); the initial
 *     window drops to one segment only after more than one SYN / SYN-ACK retransmission (tcp_init_transfer; RFC
 *     5681 3.1 says after any); TIME_WAIT follows tcp_timewait_state_process; the first data segments are ACKed
 *     at once (quick-ACK mode); the accept queue holds backlog + 1.
 * @param invalidRatelimit least time between two ACKs a connection sends in reply to out-of-window pure ACKs, SYNs or
 *     RSTs (Linux tcp_invalid_ratelimit, 500 ms; RFC 5961 7 asks for such a limit), which stops ACK loops; 0 = none.
 * @param tlp (issue 10, Linux fidelity) RFC 8985 tail loss probe as Linux schedules it: the last segment is resent
 *     once after 2 SRTT (plus min-rto when it is the only one in flight), at most one RTO, and the RTO restarts from
 *     the probe
 * @param retriesByTime (issue 10) data-retries and fin-retries are converted into a time as Linux does
 *     (retransmits_timed_out / tcp_model_timeout with a 200 ms base), counted from the first retransmission,
 *     instead of counting retransmissions
 * @param delayedFinAck (issue 10) a FIN that moves the connection to CLOSE_WAIT is acknowledged by the delayed-ACK
 *     timer, as Linux does in pingpong mode (tcp_fin), so the ACK rides on the application's own FIN or data when
 *     that comes within delayed-ack; other FINs are acknowledged at once
 * @param timestamps (issue 10) RFC 7323 timestamps (Linux tcp_timestamps): offered on the SYN and, when both ends
 *     agree, carried on every segment; they give RTT samples where Karn's rule gives none (an ACK of a retransmitted
 *     SYN, SYN-ACK or segment), PAWS drops segments with an older TSval, and the data MSS is 12 bytes smaller
 * @param reopenUndo (issue 10) RFC 9293 MAY-2 condition 2 (RFC 1122 4.2.2.13): a TIME_WAIT connection reopened by
 *     a SYN returns to TIME_WAIT if the new incarnation ends before it is established (the SYN was an old
 *     duplicate, answered by an RST); Linux instead drops the TIME_WAIT at the SYN
 */
public record TcpProfile(String name, long initialRto, long minRto, long maxRto, int synRetries,
        int synLinearTimeouts, int synAckRetries, int dataRetries, int finRetries, long timeWait,
        long finWait2Timeout, int ephemeralPortMin, int ephemeralPortMax, long delayedAck, int mss,
        int initialWindow, int receiveWindow, boolean rfc1337, boolean twReuse, int synBacklog, int acceptBacklog,
        long rttvarMin, boolean linuxQuirks, long invalidRatelimit,
        // ---- issue 10 (Linux fidelity): new components ----
        boolean tlp, boolean retriesByTime, boolean delayedFinAck, boolean timestamps, boolean reopenUndo) {

    private static final List<String> KEYS = List.of("initial-rto", "min-rto", "max-rto", "syn-retries",
            "syn-linear-timeouts", "synack-retries", "data-retries", "fin-retries", "time-wait",
            "fin-wait-2-timeout", "ephemeral-port-min", "ephemeral-port-max", "delayed-ack", "mss", "initial-window",
            "receive-window", "rfc1337", "tw-reuse", "syn-backlog", "accept-backlog", "rttvar-min", "linux-quirks",
            "invalid-ratelimit",
            // ---- issue 10 (Linux fidelity) ----
            "tlp", "retries-by-time", "delayed-fin-ack", "timestamps", "reopen-undo");

    public TcpProfile {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("profile name must not be empty");
        }
        positive("initial-rto", initialRto);
        positive("min-rto", minRto);
        positive("max-rto", maxRto);
        if (minRto > maxRto) {
            throw new IllegalArgumentException("min-rto (" + Time.format(minRto) + ") must not exceed max-rto ("
                    + Time.format(maxRto) + ")");
        }
        nonNegative("syn-retries", synRetries);
        nonNegative("syn-linear-timeouts", synLinearTimeouts);
        nonNegative("synack-retries", synAckRetries);
        nonNegative("data-retries", dataRetries);
        nonNegative("fin-retries", finRetries);
        nonNegative("time-wait", timeWait);
        nonNegative("fin-wait-2-timeout", finWait2Timeout);
        if (ephemeralPortMin < 1 || ephemeralPortMax > 65535 || ephemeralPortMin > ephemeralPortMax) {
            throw new IllegalArgumentException("ephemeral ports must satisfy 1 <= ephemeral-port-min <= "
                    + "ephemeral-port-max <= 65535, got " + ephemeralPortMin + "-" + ephemeralPortMax);
        }
        nonNegative("delayed-ack", delayedAck);
        if (mss < 1 || mss > 65495) {
            throw new IllegalArgumentException("mss must be in 1..65495 bytes, got " + mss);
        }
        positive("initial-window", initialWindow);
        positive("receive-window", receiveWindow);
        positive("syn-backlog", synBacklog);
        positive("accept-backlog", acceptBacklog);
        nonNegative("rttvar-min", rttvarMin);
        nonNegative("invalid-ratelimit", invalidRatelimit);
    }

    /**
     * The contract's 21-value constructor: {@code rttvarMin} 0 (plain RFC 6298), {@code linuxQuirks} false,
     * {@code invalidRatelimit} 0, and the issue 10 mechanisms off.
     */
    public TcpProfile(String name, long initialRto, long minRto, long maxRto, int synRetries,
            int synLinearTimeouts, int synAckRetries, int dataRetries, int finRetries, long timeWait,
            long finWait2Timeout, int ephemeralPortMin, int ephemeralPortMax, long delayedAck, int mss,
            int initialWindow, int receiveWindow, boolean rfc1337, boolean twReuse, int synBacklog,
            int acceptBacklog) {
        this(name, initialRto, minRto, maxRto, synRetries, synLinearTimeouts, synAckRetries, dataRetries, finRetries,
                timeWait, finWait2Timeout, ephemeralPortMin, ephemeralPortMax, delayedAck, mss, initialWindow,
                receiveWindow, rfc1337, twReuse, synBacklog, acceptBacklog, 0L, false, 0L,
                // ---- issue 10 (Linux fidelity) ----
                false, false, false, false, false);
    }

    private static void positive(String key, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(key + " must be > 0, got " + v);
        }
    }

    private static void nonNegative(String key, long v) {
        if (v < 0) {
            throw new IllegalArgumentException(key + " must be >= 0, got " + v);
        }
    }

    /**
     * Today's Linux (6.x defaults): initial RTO 1 s, min RTO 200 ms (RTTVAR term >= 200 ms), max RTO 120 s, SYNs at
     * 0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 67 s and failure at 131 s, SYN-ACKs at 0, 1, 3, 7, 15, 31 s, TIME_WAIT 60 s,
     * FIN_WAIT_2 timeout 60 s, ports 32768-60999, delayed ACK 40 ms, IW 10, out-of-window ACKs at most every
     * 500 ms, and Linux's departures from the RFCs ({@code linuxQuirks}).
     */
    public static TcpProfile linux() {
        return new TcpProfile("linux", Time.seconds(1), Time.millis(200), Time.seconds(120), 6, 4, 5, 15, 8,
                Time.seconds(60), Time.seconds(60), 32768, 60999, Time.millis(40), 1460, 10, 65535, false, false,
                4096, 4096, Time.millis(200), true, Time.millis(500),
                // ---- issue 10 (Linux fidelity): tlp, retries-by-time, delayed-fin-ack, timestamps, reopen-undo ----
                true, true, true, true, false);
    }

    /**
     * RFC 9293 with RFC 6298 timers: initial RTO 1 s, min RTO 1 s, max RTO 60 s, SYNs for at least 3 minutes
     * (MUST-23: 0, 1, 3, 7, 15, 31, 63, 123 s, failure at 183 s), MSL 2 min so TIME_WAIT 4 min, no FIN_WAIT_2
     * timeout, IANA ephemeral ports 49152-65535, delayed ACK 200 ms, IW 3 (RFC 5681 / RFC 3390 for MSS 1460).
     */
    public static TcpProfile rfc9293() {
        return new TcpProfile("rfc9293", Time.seconds(1), Time.seconds(1), Time.seconds(60), 7, 0, 7, 15, 15,
                Time.seconds(240), 0, 49152, 65535, Time.millis(200), 1460, 3, 65535, false, false, 4096, 4096, 0L,
                false, 0L,
                // ---- issue 10 (Linux fidelity): tlp, retries-by-time, delayed-fin-ack, timestamps, reopen-undo ----
                false, false, false, false, true);
    }

    /** The profile called {@code name}: linux or rfc9293. */
    public static TcpProfile named(String name) {
        return switch (name) {
            case "linux" -> linux();
            case "rfc9293" -> rfc9293();
            default -> throw new IllegalArgumentException("unknown TCP profile '" + name
                    + "'; allowed: linux, rfc9293");
        };
    }

    /** The config keys, one per parameter except the name, in declaration order. */
    public static List<String> keys() {
        return KEYS;
    }

    /** Timeout armed after the SYN with 0-based index {@code retransmissions} (0 = the first SYN). */
    public long synTimeout(int retransmissions) {
        if (retransmissions < synLinearTimeouts) {
            return Math.min(initialRto, maxRto);
        }
        return backoff(initialRto, retransmissions - synLinearTimeouts);
    }

    /** Timeout armed after the SYN-ACK with 0-based index {@code retransmissions}. */
    public long synAckTimeout(int retransmissions) {
        return backoff(initialRto, retransmissions);
    }

    /** SYN retransmissions before connect fails: synRetries + synLinearTimeouts. */
    public int synRetransmissions() {
        return synRetries + synLinearTimeouts;
    }

    /**
     * Linux tcp_model_timeout: the time {@code retries} retransmissions take when the RTO starts at min-rto and
     * doubles up to max-rto, ((2 << n) - 1) * min-rto with n = min(retries, log2(max-rto / min-rto)), plus max-rto
     * for each further retry. With Linux's values 8 (tcp_orphan_retries 0) gives 102.2 s, 15 (tcp_retries2) 924.6 s.
     */
    public long retriesTimeout(int retries) {
        int threshold = 63 - Long.numberOfLeadingZeros(maxRto / minRto);
        int n = Math.min(retries, threshold);
        return ((2L << n) - 1) * minRto + (long) (retries - n) * maxRto;
    }

    /** {@code base * 2^shift}, capped at maxRto. */
    long backoff(long base, int shift) {
        long t = base;
        for (int i = 0; i < shift && t < maxRto; i++) {
            t *= 2;
        }
        return Math.min(t, maxRto);
    }

    /** Send times (ns after connect) of every SYN, the first included. */
    public long[] synSchedule() {
        long[] out = new long[synRetransmissions() + 1];
        for (int i = 1; i < out.length; i++) {
            out[i] = out[i - 1] + synTimeout(i - 1);
        }
        return out;
    }

    /** Time after connect at which connect fails when no SYN-ACK ever arrives. */
    public long synGiveUp() {
        long[] s = synSchedule();
        return s[s.length - 1] + synTimeout(s.length - 1);
    }

    /** Send times (ns after the SYN arrives) of every SYN-ACK, the first included. */
    public long[] synAckSchedule() {
        long[] out = new long[synAckRetries + 1];
        for (int i = 1; i < out.length; i++) {
            out[i] = out[i - 1] + synAckTimeout(i - 1);
        }
        return out;
    }

    /** Time after the SYN at which the server drops the embryonic connection when no ACK arrives. */
    public long synAckGiveUp() {
        long[] s = synAckSchedule();
        return s[s.length - 1] + synAckTimeout(s.length - 1);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Typed overrides, one setter per field. */
    public static final class Builder {
        private String name;
        private long initialRto;
        private long minRto;
        private long maxRto;
        private int synRetries;
        private int synLinearTimeouts;
        private int synAckRetries;
        private int dataRetries;
        private int finRetries;
        private long timeWait;
        private long finWait2Timeout;
        private int ephemeralPortMin;
        private int ephemeralPortMax;
        private long delayedAck;
        private int mss;
        private int initialWindow;
        private int receiveWindow;
        private boolean rfc1337;
        private boolean twReuse;
        private int synBacklog;
        private int acceptBacklog;
        private long rttvarMin;
        private boolean linuxQuirks;
        private long invalidRatelimit;
        // ---- issue 10 (Linux fidelity) ----
        private boolean tlp;
        private boolean retriesByTime;
        private boolean delayedFinAck;
        private boolean timestamps;
        private boolean reopenUndo;

        private Builder(TcpProfile p) {
            name = p.name;
            initialRto = p.initialRto;
            minRto = p.minRto;
            maxRto = p.maxRto;
            synRetries = p.synRetries;
            synLinearTimeouts = p.synLinearTimeouts;
            synAckRetries = p.synAckRetries;
            dataRetries = p.dataRetries;
            finRetries = p.finRetries;
            timeWait = p.timeWait;
            finWait2Timeout = p.finWait2Timeout;
            ephemeralPortMin = p.ephemeralPortMin;
            ephemeralPortMax = p.ephemeralPortMax;
            delayedAck = p.delayedAck;
            mss = p.mss;
            initialWindow = p.initialWindow;
            receiveWindow = p.receiveWindow;
            rfc1337 = p.rfc1337;
            twReuse = p.twReuse;
            synBacklog = p.synBacklog;
            acceptBacklog = p.acceptBacklog;
            rttvarMin = p.rttvarMin;
            linuxQuirks = p.linuxQuirks;
            invalidRatelimit = p.invalidRatelimit;
            // ---- issue 10 (Linux fidelity) ----
            tlp = p.tlp;
            retriesByTime = p.retriesByTime;
            delayedFinAck = p.delayedFinAck;
            timestamps = p.timestamps;
            reopenUndo = p.reopenUndo;
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder initialRto(long v) {
            initialRto = v;
            return this;
        }

        public Builder minRto(long v) {
            minRto = v;
            return this;
        }

        public Builder maxRto(long v) {
            maxRto = v;
            return this;
        }

        public Builder synRetries(int v) {
            synRetries = v;
            return this;
        }

        public Builder synLinearTimeouts(int v) {
            synLinearTimeouts = v;
            return this;
        }

        public Builder synAckRetries(int v) {
            synAckRetries = v;
            return this;
        }

        public Builder dataRetries(int v) {
            dataRetries = v;
            return this;
        }

        public Builder finRetries(int v) {
            finRetries = v;
            return this;
        }

        public Builder timeWait(long v) {
            timeWait = v;
            return this;
        }

        public Builder finWait2Timeout(long v) {
            finWait2Timeout = v;
            return this;
        }

        public Builder ephemeralPortMin(int v) {
            ephemeralPortMin = v;
            return this;
        }

        public Builder ephemeralPortMax(int v) {
            ephemeralPortMax = v;
            return this;
        }

        public Builder delayedAck(long v) {
            delayedAck = v;
            return this;
        }

        public Builder mss(int v) {
            mss = v;
            return this;
        }

        public Builder initialWindow(int v) {
            initialWindow = v;
            return this;
        }

        public Builder receiveWindow(int v) {
            receiveWindow = v;
            return this;
        }

        public Builder rfc1337(boolean v) {
            rfc1337 = v;
            return this;
        }

        public Builder twReuse(boolean v) {
            twReuse = v;
            return this;
        }

        public Builder synBacklog(int v) {
            synBacklog = v;
            return this;
        }

        public Builder acceptBacklog(int v) {
            acceptBacklog = v;
            return this;
        }

        public Builder rttvarMin(long v) {
            rttvarMin = v;
            return this;
        }

        public Builder linuxQuirks(boolean v) {
            linuxQuirks = v;
            return this;
        }

        public Builder invalidRatelimit(long v) {
            invalidRatelimit = v;
            return this;
        }

        // ---- issue 10 (Linux fidelity) ----
        public Builder tlp(boolean v) {
            tlp = v;
            return this;
        }

        public Builder retriesByTime(boolean v) {
            retriesByTime = v;
            return this;
        }

        public Builder delayedFinAck(boolean v) {
            delayedFinAck = v;
            return this;
        }

        public Builder timestamps(boolean v) {
            timestamps = v;
            return this;
        }

        public Builder reopenUndo(boolean v) {
            reopenUndo = v;
            return this;
        }

        public TcpProfile build() {
            return new TcpProfile(name, initialRto, minRto, maxRto, synRetries, synLinearTimeouts, synAckRetries,
                    dataRetries, finRetries, timeWait, finWait2Timeout, ephemeralPortMin, ephemeralPortMax,
                    delayedAck, mss, initialWindow, receiveWindow, rfc1337, twReuse, synBacklog, acceptBacklog,
                    rttvarMin, linuxQuirks, invalidRatelimit,
                    // ---- issue 10 (Linux fidelity) ----
                    tlp, retriesByTime, delayedFinAck, timestamps, reopenUndo);
        }
    }
}
