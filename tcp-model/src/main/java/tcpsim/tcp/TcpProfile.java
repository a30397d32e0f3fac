package tcpsim.tcp;

import java.util.Arrays;
import java.util.List;
import tcpsim.kernel.Time;

/**
 * Every constant of the TCP model: one value per {@link TcpParameter} (where each is declared, with its config key,
 * range and the named profiles' values), resolved once into an array indexed by the parameter's ordinal so that
 * the accessors the model calls per segment are one array read. Times are long nanoseconds. Use {@link #linux()},
 * {@link #rfc9293()} or {@link #named} and override through {@link #toBuilder()}.
 */
public final class TcpProfile {
    private static final TcpParameter[] PARAMETERS = TcpParameter.values();
    private static final TcpProfile LINUX = defaults("linux");
    private static final TcpProfile RFC9293 = defaults("rfc9293");

    /**
     * Longest duration a profile accepts (1 day): with at most {@link #MAX_RETRIES} + 1 timeouts per schedule, every
     * sum of timeouts and every {@code now + timeout} of a run stays exact in a long.
     */
    public static final long MAX_DURATION = 86_400L * 1_000_000_000L;
    /** Most SYN retransmissions of either kind (Linux MAX_TCP_SYNCNT, the sysctls' upper bound). */
    public static final int MAX_SYN_RETRIES = 127;
    /** Most retransmissions of a SYN-ACK, data or FIN (Linux counts them in 8 bits). */
    public static final int MAX_RETRIES = 255;

    private final String name;
    private final long[] values;

    /** @throws IllegalArgumentException naming the config key when a value is out of its range or inconsistent */
    private TcpProfile(String name, long[] values) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("profile name must not be empty");
        }
        for (TcpParameter p : PARAMETERS) {
            if (!p.allows(values[p.ordinal()])) {
                throw new IllegalArgumentException(p.key() + " must be in " + range(p) + ", got "
                        + show(p, values[p.ordinal()]));
            }
        }
        this.name = name;
        this.values = values;
        if (minRto() > maxRto()) {
            throw new IllegalArgumentException("min-rto (" + Time.format(minRto()) + ") must not exceed max-rto ("
                    + Time.format(maxRto()) + ")");
        }
        if (timerHz() != 0 && Time.SECOND % timerHz() != 0) {
            throw new IllegalArgumentException("timer-hz must be 0 or divide 1000000000 (a tick of whole ns: 100, "
                    + "250, 1000 ...), got " + timerHz() + " Hz");
        }
        if (ephemeralPortMin() > ephemeralPortMax()) {
            throw new IllegalArgumentException("ephemeral ports must satisfy 1 <= ephemeral-port-min <= "
                    + "ephemeral-port-max <= 65535, got " + ephemeralPortMin() + "-" + ephemeralPortMax());
        }
    }

    private static TcpProfile defaults(String name) {
        long[] v = new long[PARAMETERS.length];
        for (TcpParameter p : PARAMETERS) {
            v[p.ordinal()] = p.defaultIn(name);
        }
        return new TcpProfile(name, v);
    }

    private static String range(TcpParameter p) {
        return switch (p.kind()) {
            case BOOLEAN -> "true/false";
            case DURATION -> Time.format(p.min()) + ".." + (p.max() == Long.MAX_VALUE ? "" : Time.format(p.max()));
            case INTEGER -> p.min() + ".." + p.max() + (p.unit().isEmpty() || p.unit().equals("port") ? ""
                    : " " + p.unit());
        };
    }

    private static String show(TcpParameter p, long v) {
        return switch (p.kind()) {
            case DURATION -> Time.format(v);
            case INTEGER -> p.unit().isEmpty() || p.unit().equals("port") ? Long.toString(v) : v + " " + p.unit();
            case BOOLEAN -> Boolean.toString(v != 0);
        };
    }

    /**
     * Today's Linux (6.x defaults): initial RTO 1 s, min RTO 200 ms (RTTVAR term >= 200 ms), max RTO 120 s, SYNs at
     * 0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 67 s and failure at 131 s, SYN-ACKs at 0, 1, 3, 7, 15, 31 s, TIME_WAIT 60 s,
     * FIN_WAIT_2 timeout 60 s, ports 32768-60999, delayed ACK 40 ms, IW 10, out-of-window ACKs at most every
     * 500 ms, and Linux's departures from the RFCs ({@code linux-quirks}).
     */
    public static TcpProfile linux() {
        return LINUX;
    }

    /**
     * RFC 9293 with RFC 6298 timers: initial RTO 1 s, min RTO 1 s, max RTO 60 s, SYNs for at least 3 minutes
     * (MUST-23: 0, 1, 3, 7, 15, 31, 63, 123 s, failure at 183 s), MSL 2 min so TIME_WAIT 4 min, no FIN_WAIT_2
     * timeout, IANA ephemeral ports 49152-65535, delayed ACK 200 ms, IW 3 (RFC 5681 / RFC 3390 for MSS 1460).
     */
    public static TcpProfile rfc9293() {
        return RFC9293;
    }

    /** The profile called {@code name}: one of {@link TcpParameter#PROFILES}. */
    public static TcpProfile named(String name) {
        return switch (name) {
            case "linux" -> LINUX;
            case "rfc9293" -> RFC9293;
            default -> throw new IllegalArgumentException("unknown TCP profile '" + name
                    + "'; allowed: " + String.join(", ", TcpParameter.PROFILES));
        };
    }

    /** The config keys, one per parameter, in declaration order. */
    public static List<String> keys() {
        return Arrays.stream(PARAMETERS).map(TcpParameter::key).toList();
    }

    public String name() {
        return name;
    }

    /** The value of {@code p}: ns for durations, the number for integers, 1/0 for flags. */
    public long value(TcpParameter p) {
        return values[p.ordinal()];
    }

    /** The value of the flag {@code p}. */
    public boolean flag(TcpParameter p) {
        return values[p.ordinal()] != 0;
    }

    // The model's accessors: each reads its parameter's slot (the help is in TcpParameter).

    public long initialRto() {
        return values[TcpParameter.INITIAL_RTO.ordinal()];
    }

    public long minRto() {
        return values[TcpParameter.MIN_RTO.ordinal()];
    }

    public long maxRto() {
        return values[TcpParameter.MAX_RTO.ordinal()];
    }

    public int synRetries() {
        return (int) values[TcpParameter.SYN_RETRIES.ordinal()];
    }

    public int synLinearTimeouts() {
        return (int) values[TcpParameter.SYN_LINEAR_TIMEOUTS.ordinal()];
    }

    public int synAckRetries() {
        return (int) values[TcpParameter.SYNACK_RETRIES.ordinal()];
    }

    public int dataRetries() {
        return (int) values[TcpParameter.DATA_RETRIES.ordinal()];
    }

    public int finRetries() {
        return (int) values[TcpParameter.FIN_RETRIES.ordinal()];
    }

    public long timeWait() {
        return values[TcpParameter.TIME_WAIT.ordinal()];
    }

    public long finWait2Timeout() {
        return values[TcpParameter.FIN_WAIT_2_TIMEOUT.ordinal()];
    }

    public int ephemeralPortMin() {
        return (int) values[TcpParameter.EPHEMERAL_PORT_MIN.ordinal()];
    }

    public int ephemeralPortMax() {
        return (int) values[TcpParameter.EPHEMERAL_PORT_MAX.ordinal()];
    }

    public long delayedAck() {
        return values[TcpParameter.DELAYED_ACK.ordinal()];
    }

    public int mss() {
        return (int) values[TcpParameter.MSS.ordinal()];
    }

    public int initialWindow() {
        return (int) values[TcpParameter.INITIAL_WINDOW.ordinal()];
    }

    public int receiveWindow() {
        return (int) values[TcpParameter.RECEIVE_WINDOW.ordinal()];
    }

    public boolean rfc1337() {
        return values[TcpParameter.RFC1337.ordinal()] != 0;
    }

    public boolean twReuse() {
        return values[TcpParameter.TW_REUSE.ordinal()] != 0;
    }

    public int synBacklog() {
        return (int) values[TcpParameter.SYN_BACKLOG.ordinal()];
    }

    public int acceptBacklog() {
        return (int) values[TcpParameter.ACCEPT_BACKLOG.ordinal()];
    }

    public long rttvarMin() {
        return values[TcpParameter.RTTVAR_MIN.ordinal()];
    }

    public boolean linuxQuirks() {
        return values[TcpParameter.LINUX_QUIRKS.ordinal()] != 0;
    }

    public long invalidRatelimit() {
        return values[TcpParameter.INVALID_RATELIMIT.ordinal()];
    }

    public boolean tlp() {
        return values[TcpParameter.TLP.ordinal()] != 0;
    }

    public boolean retriesByTime() {
        return values[TcpParameter.RETRIES_BY_TIME.ordinal()] != 0;
    }

    public boolean delayedFinAck() {
        return values[TcpParameter.DELAYED_FIN_ACK.ordinal()] != 0;
    }

    public boolean timestamps() {
        return values[TcpParameter.TIMESTAMPS.ordinal()] != 0;
    }

    public boolean reopenUndo() {
        return values[TcpParameter.REOPEN_UNDO.ordinal()] != 0;
    }

    /** Ticks a second of the hosts' jiffies clock; 0 = exact timers (see {@link Jiffies}). */
    public int timerHz() {
        return (int) values[TcpParameter.TIMER_HZ.ordinal()];
    }

    /** TIME_WAIT connections a host may hold; 0 = unlimited. */
    public int maxTwBuckets() {
        return (int) values[TcpParameter.MAX_TW_BUCKETS.ordinal()];
    }

    public boolean syncookies() {
        return values[TcpParameter.SYNCOOKIES.ordinal()] != 0;
    }

    /**
     * Linux tcp_model_timeout: the time {@code retries} retransmissions take when the RTO starts at min-rto and
     * doubles up to max-rto, ((2 << n) - 1) * min-rto with n = min(retries, log2(max-rto / min-rto)), plus max-rto
     * for each further retry. With Linux's values 8 (tcp_orphan_retries 0) gives 102.2 s, 15 (tcp_retries2) 924.6 s.
     */
    public long retriesTimeout(int retries) {
        int threshold = 63 - Long.numberOfLeadingZeros(maxRto() / minRto());
        int n = Math.min(retries, threshold);
        return ((2L << n) - 1) * minRto() + (long) (retries - n) * maxRto();
    }

    /** Timeout armed after the SYN with 0-based index {@code retransmissions} (0 = the first SYN). */
    public long synTimeout(int retransmissions) {
        if (retransmissions < synLinearTimeouts()) {
            return Math.min(initialRto(), maxRto());
        }
        return backoff(initialRto(), retransmissions - synLinearTimeouts());
    }

    /** Timeout armed after the SYN-ACK with 0-based index {@code retransmissions}. */
    public long synAckTimeout(int retransmissions) {
        return backoff(initialRto(), retransmissions);
    }

    /** SYN retransmissions before connect fails: synRetries() + synLinearTimeouts(). */
    public int synRetransmissions() {
        return synRetries() + synLinearTimeouts();
    }

    /** {@code base * 2^shift}, capped at maxRto(). */
    long backoff(long base, int shift) {
        long t = base;
        for (int i = 0; i < shift && t < maxRto(); i++) {
            t *= 2;
        }
        return Math.min(t, maxRto());
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
        long[] out = new long[synAckRetries() + 1];
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

    @Override
    public boolean equals(Object o) {
        return o instanceof TcpProfile p && name.equals(p.name) && Arrays.equals(values, p.values);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TcpProfile[").append(name);
        for (TcpParameter p : PARAMETERS) {
            sb.append(", ").append(p.key()).append('=').append(show(p, values[p.ordinal()]));
        }
        return sb.append(']').toString();
    }

    /** Overrides by parameter; {@link #build()} validates. */
    public static final class Builder {
        private String name;
        private final long[] values;

        private Builder(TcpProfile p) {
            name = p.name;
            values = p.values.clone();
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        /** Sets a duration (ns) or integer parameter. */
        public Builder set(TcpParameter p, long v) {
            if (p.kind() == TcpParameter.Kind.BOOLEAN) {
                throw new IllegalArgumentException(p.key() + " is true/false, not a number");
            }
            values[p.ordinal()] = v;
            return this;
        }

        /** Sets a flag. */
        public Builder set(TcpParameter p, boolean v) {
            if (p.kind() != TcpParameter.Kind.BOOLEAN) {
                throw new IllegalArgumentException(p.key() + " is a number, not true/false");
            }
            values[p.ordinal()] = v ? 1 : 0;
            return this;
        }

        public TcpProfile build() {
            return new TcpProfile(name, values.clone());
        }
    }
}
