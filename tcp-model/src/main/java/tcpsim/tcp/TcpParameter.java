package tcpsim.tcp;

import java.util.List;
import tcpsim.kernel.Time;

/**
 * The constants of the TCP model, each declared once: its config key (kebab-case), kind and unit, its value in
 * each named profile ({@code linux}, {@code rfc9293}), the values it may take and a one-line help. {@link TcpProfile}
 * stores one value per parameter (durations in ns, booleans as 0/1), validates each against this range, and the
 * experiments' {@code tcp.*} config keys, their reference and README's table are generated from this table.
 * Adding a constant is one line here plus its use ({@code profile.value(TcpParameter.X)} or an accessor).
 */
public enum TcpParameter {
    INITIAL_RTO("initial-rto", Kind.DURATION, "", ms(1000), ms(1000), 1, TcpProfile.MAX_DURATION,
            "RTO before any RTT sample; base of the SYN/SYN-ACK schedules (RFC 6298 2.1)"),
    MIN_RTO("min-rto", Kind.DURATION, "", ms(200), ms(1000), 1, TcpProfile.MAX_DURATION,
            "lower bound of the RTO (RFC 6298 2.4)"),
    MAX_RTO("max-rto", Kind.DURATION, "", ms(120_000), ms(60_000), 1, TcpProfile.MAX_DURATION,
            "upper bound of the RTO and of every backed-off timeout (RFC 6298 2.5)"),
    SYN_RETRIES("syn-retries", Kind.INTEGER, "retransmissions", 6, 7, 0, TcpProfile.MAX_SYN_RETRIES,
            "SYN retransmissions after the linear phase (tcp_syn_retries)"),
    SYN_LINEAR_TIMEOUTS("syn-linear-timeouts", Kind.INTEGER, "timeouts", 4, 0, 0, TcpProfile.MAX_SYN_RETRIES,
            "leading SYN timeouts that stay at initial-rto (tcp_syn_linear_timeouts)"),
    SYNACK_RETRIES("synack-retries", Kind.INTEGER, "retransmissions", 5, 7, 0, TcpProfile.MAX_RETRIES,
            "SYN-ACK retransmissions (tcp_synack_retries)"),
    DATA_RETRIES("data-retries", Kind.INTEGER, "retransmissions", 15, 15, 0, TcpProfile.MAX_RETRIES,
            "retransmissions of the same data before the connection times out (tcp_retries2)"),
    FIN_RETRIES("fin-retries", Kind.INTEGER, "retransmissions", 8, 15, 0, TcpProfile.MAX_RETRIES,
            "retransmissions while closing: FIN_WAIT_1, CLOSING, LAST_ACK (tcp_orphan_retries)"),
    TIME_WAIT("time-wait", Kind.DURATION, "", ms(60_000), ms(240_000), 0, TcpProfile.MAX_DURATION,
            "TIME_WAIT duration (2 MSL)"),
    FIN_WAIT_2_TIMEOUT("fin-wait-2-timeout", Kind.DURATION, "", ms(60_000), 0, 0, TcpProfile.MAX_DURATION,
            "how long FIN_WAIT_2 waits for the peer's FIN (tcp_fin_timeout); 0 = forever"),
    EPHEMERAL_PORT_MIN("ephemeral-port-min", Kind.INTEGER, "port", 32768, 49152, 1, 65535,
            "first ephemeral port (ip_local_port_range)"),
    EPHEMERAL_PORT_MAX("ephemeral-port-max", Kind.INTEGER, "port", 60999, 65535, 1, 65535,
            "last ephemeral port, inclusive"),
    DELAYED_ACK("delayed-ack", Kind.DURATION, "", ms(40), ms(200), 0, TcpProfile.MAX_DURATION,
            "delayed-ACK timeout; 0 = every segment is acknowledged at once"),
    MSS("mss", Kind.INTEGER, "bytes", 1460, 1460, 1, 65495,
            "maximum segment size this end announces and uses"),
    INITIAL_WINDOW("initial-window", Kind.INTEGER, "segments", 10, 3, 1, Integer.MAX_VALUE,
            "initial congestion window (RFC 6928; RFC 5681 / 3390 for MSS 1460)"),
    RECEIVE_WINDOW("receive-window", Kind.INTEGER, "bytes", 65535, 65535, 1, Segment.MAX_WINDOW,
            "receive window (the application reads at once, so it never shrinks); at most 65535 << 14, "
                    + "the largest TCP can announce"),
    RFC1337("rfc1337", Kind.BOOLEAN, "", 0, 0, 0, 1,
            "ignore RST in TIME_WAIT (RFC 1337 protection, tcp_rfc1337)"),
    TW_REUSE("tw-reuse", Kind.BOOLEAN, "", 0, 0, 0, 1,
            "connect may reuse a 4-tuple held in TIME_WAIT for at least 1 s (tcp_tw_reuse)"),
    SYN_BACKLOG("syn-backlog", Kind.INTEGER, "connections", 4096, 4096, 1, Integer.MAX_VALUE,
            "connections in SYN_RECEIVED per listener (tcp_max_syn_backlog)"),
    ACCEPT_BACKLOG("accept-backlog", Kind.INTEGER, "connections", 4096, 4096, 1, Integer.MAX_VALUE,
            "default accept-queue limit of listen (somaxconn)"),
    RTTVAR_MIN("rttvar-min", Kind.DURATION, "", ms(200), 0, 0, TcpProfile.MAX_DURATION,
            "floor of the RTO's variance term K*RTTVAR: RTO >= SRTT + rttvar-min; 0 = plain RFC 6298"),
    LINUX_QUIRKS("linux-quirks", Kind.BOOLEAN, "", 1, 0, 0, 1,
            "behave as Linux where it departs from the RFCs without a number to tune, window updates "
                    + "included (README: TCP model, Profiles)"),
    INVALID_RATELIMIT("invalid-ratelimit", Kind.DURATION, "", ms(500), 0, 0, TcpProfile.MAX_DURATION,
            "least time between ACKs answering out-of-window segments (tcp_invalid_ratelimit); 0 = none"),
    DUPTHRESH("dupthresh", Kind.INTEGER, "ACKs", 3, 3, 1, 1000,
            "duplicate ACKs that trigger fast retransmit (RFC 5681 DupThresh; Linux tcp_reordering, not adapted)"),
    TLP("tlp", Kind.BOOLEAN, "", 1, 0, 0, 1,
            "RFC 8985 tail loss probe as Linux schedules it: the last segment is resent once after 2 SRTT (plus "
                    + "min-rto when it is alone in flight), at most one RTO; the RTO restarts from the probe"),
    RETRIES_BY_TIME("retries-by-time", Kind.BOOLEAN, "", 1, 0, 0, 1,
            "data-retries and fin-retries become a time as Linux computes it (retransmits_timed_out, "
                    + "tcp_model_timeout from min-rto), counted from the first retransmission"),
    DELAYED_FIN_ACK("delayed-fin-ack", Kind.BOOLEAN, "", 1, 0, 0, 1,
            "a FIN that leads to CLOSE_WAIT is ACKed by the delayed-ACK timer (Linux pingpong mode), so the ACK "
                    + "rides on the application's own FIN when it closes in time"),
    TIMESTAMPS("timestamps", Kind.BOOLEAN, "", 1, 0, 0, 1,
            "RFC 7323 timestamps (tcp_timestamps): TSval/TSecr on every segment once negotiated, RTT samples "
                    + "from the echo, PAWS, data MSS 12 bytes smaller"),
    REOPEN_UNDO("reopen-undo", Kind.BOOLEAN, "", 0, 1, 0, 1,
            "RFC 9293 MAY-2 condition 2: a TIME_WAIT reopened by an old duplicate SYN returns to TIME_WAIT "
                    + "(Linux drops the TIME_WAIT at the SYN)"),
    TIMER_HZ("timer-hz", Kind.INTEGER, "Hz", 250, 0, 0, 1000,
            "timer resolution: 0 = exact; else Linux's CONFIG_HZ (a divisor of 10^9, e.g. 100, 250, 1000): "
                    + "timeouts in whole jiffies, each timer fires at a tick, rounded up by the timer wheel "
                    + "(8^n jiffies at level n: a 1 s timer at 250 Hz takes up to 1.032 s, 60 s up to 62.05 s)"),
    MAX_TW_BUCKETS("max-tw-buckets", Kind.INTEGER, "connections", 131072, 0, 0, Integer.MAX_VALUE,
            "TIME_WAIT connections one host holds (tcp_max_tw_buckets, per netns); past it a connection entering "
                    + "TIME_WAIT is destroyed at once (counted: time_wait_overflow); 0 = unlimited"),
    SYNCOOKIES("syncookies", Kind.BOOLEAN, "", 1, 0, 0, 1,
            "SYN cookies when a listener's SYN queue is full (tcp_syncookies=1): the SYN is answered by a SYN-ACK "
                    + "keeping no state, never resent; a valid third ACK establishes at once; off = the SYN is dropped");

    /** How a value is written: a duration (stored in ns), a whole number, or a flag (stored as 0 or 1). */
    public enum Kind {
        DURATION,
        INTEGER,
        BOOLEAN
    }

    /** The named profiles, in the order of the value columns above. */
    public static final List<String> PROFILES = List.of("linux", "rfc9293");

    private final String key;
    private final Kind kind;
    private final String unit;
    private final long linux;
    private final long rfc9293;
    private final long min;
    private final long max;
    private final String help;

    TcpParameter(String key, Kind kind, String unit, long linux, long rfc9293, long min, long max, String help) {
        this.key = key;
        this.kind = kind;
        this.unit = unit;
        this.linux = linux;
        this.rfc9293 = rfc9293;
        this.min = min;
        this.max = max;
        this.help = help;
    }

    private static long ms(long n) {
        return Time.millis(n);
    }

    /** The config key, e.g. {@code time-wait}. */
    public String key() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

    /** What an integer counts ({@code bytes}, {@code segments}, {@code port} ...); empty for durations and flags. */
    public String unit() {
        return unit;
    }

    /** Smallest allowed value (ns for durations, 0 for false). */
    public long min() {
        return min;
    }

    /** Largest allowed value. */
    public long max() {
        return max;
    }

    public String help() {
        return help;
    }

    /** The value in the named profile {@code profile} (one of {@link #PROFILES}). */
    public long defaultIn(String profile) {
        return switch (profile) {
            case "linux" -> linux;
            case "rfc9293" -> rfc9293;
            default -> throw new IllegalArgumentException("unknown TCP profile '" + profile + "'; allowed: "
                    + String.join(", ", PROFILES));
        };
    }

    /** Whether {@code value} is in the allowed range. */
    public boolean allows(long value) {
        return value >= min && value <= max;
    }

    /** The parameter with config key {@code key}, or null. */
    public static TcpParameter of(String key) {
        for (TcpParameter p : values()) {
            if (p.key.equals(key)) {
                return p;
            }
        }
        return null;
    }
}
