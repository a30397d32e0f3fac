package tcpsim.experiments.config;

/** The overridable constants of a TCP profile: one per {@code TcpProfile} field, in {@code TcpProfile.keys()} order. */
public enum TcpKey {
    INITIAL_RTO("initial-rto", Kind.DURATION),
    MIN_RTO("min-rto", Kind.DURATION),
    MAX_RTO("max-rto", Kind.DURATION),
    SYN_RETRIES("syn-retries", Kind.COUNT),
    SYN_LINEAR_TIMEOUTS("syn-linear-timeouts", Kind.COUNT),
    SYNACK_RETRIES("synack-retries", Kind.COUNT),
    DATA_RETRIES("data-retries", Kind.COUNT),
    FIN_RETRIES("fin-retries", Kind.COUNT),
    TIME_WAIT("time-wait", Kind.DURATION),
    FIN_WAIT_2_TIMEOUT("fin-wait-2-timeout", Kind.DURATION),
    EPHEMERAL_PORT_MIN("ephemeral-port-min", Kind.PORT),
    EPHEMERAL_PORT_MAX("ephemeral-port-max", Kind.PORT),
    DELAYED_ACK("delayed-ack", Kind.DURATION),
    MSS("mss", Kind.POSITIVE),
    INITIAL_WINDOW("initial-window", Kind.POSITIVE),
    RECEIVE_WINDOW("receive-window", Kind.POSITIVE),
    RFC1337("rfc1337", Kind.BOOLEAN),
    TW_REUSE("tw-reuse", Kind.BOOLEAN),
    SYN_BACKLOG("syn-backlog", Kind.POSITIVE),
    ACCEPT_BACKLOG("accept-backlog", Kind.POSITIVE),
    RTTVAR_MIN("rttvar-min", Kind.DURATION),
    LINUX_QUIRKS("linux-quirks", Kind.BOOLEAN),
    INVALID_RATELIMIT("invalid-ratelimit", Kind.DURATION),
    // ---- issue 10 (Linux fidelity) ----
    TLP("tlp", Kind.BOOLEAN),
    RETRIES_BY_TIME("retries-by-time", Kind.BOOLEAN),
    DELAYED_FIN_ACK("delayed-fin-ack", Kind.BOOLEAN),
    TIMESTAMPS("timestamps", Kind.BOOLEAN),
    REOPEN_UNDO("reopen-undo", Kind.BOOLEAN);

    /** How a value is written and checked. */
    public enum Kind {
        /** a duration with a unit, >= 0 */
        DURATION,
        /** an integer >= 0 */
        COUNT,
        /** an integer >= 1 */
        POSITIVE,
        /** an integer in 1..65535 */
        PORT,
        /** true or false */
        BOOLEAN
    }

    private final String key;
    private final Kind kind;

    TcpKey(String key, Kind kind) {
        this.key = key;
        this.kind = kind;
    }

    public String key() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

    /** The key with this config spelling, or null. */
    public static TcpKey of(String key) {
        for (TcpKey k : values()) {
            if (k.key.equals(key)) {
                return k;
            }
        }
        return null;
    }

    /** All config spellings, comma separated, for error messages. */
    public static String allowed() {
        StringBuilder sb = new StringBuilder();
        for (TcpKey k : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(k.key);
        }
        return sb.toString();
    }
}
