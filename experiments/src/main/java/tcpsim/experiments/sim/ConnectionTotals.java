package tcpsim.experiments.sim;

/**
 * The per-run accumulators the summary needs of the connection records, fed in id order so that sums come out
 * bit for bit as a pass over the records would give: counts by outcome, the sum and count of client setup times
 * (seconds) and of server setup times, and the largest client setup time; besides, the connection ends (either
 * side) that found no TIME_WAIT bucket (max-tw-buckets), the SYN cookies sent and the SYNs a full listen queue
 * dropped, counted as the model reports them.
 */
public final class ConnectionTotals {
    private long connections;
    private final long[] outcomes = new long[Outcome.values().length];
    private double setupSum;
    private long setupCount;
    private double serverSetupSum;
    private long serverSetupCount;
    private long maxSetup = ConnectionRecord.NONE;
    private long timeWaitOverflows;
    private long synCookiesSent;
    private long listenSynDrops;

    /** Adds the next record (records must come in id order). */
    public void add(ConnectionRecord c) {
        connections++;
        outcomes[c.outcome().ordinal()]++;
        if (c.clientSetup() != ConnectionRecord.NONE) {
            setupSum += c.clientSetup() / 1e9;
            setupCount++;
            maxSetup = Math.max(maxSetup, c.clientSetup());
        }
        if (c.serverSetup() != ConnectionRecord.NONE) {
            serverSetupSum += c.serverSetup() / 1e9;
            serverSetupCount++;
        }
    }

    /** A connection end went to CLOSED instead of TIME_WAIT: its host's TIME_WAIT buckets were all taken. */
    void timeWaitOverflow() {
        timeWaitOverflows++;
    }

    /** Connection ends of the run destroyed on entering TIME_WAIT (max-tw-buckets). */
    public long timeWaitOverflows() {
        return timeWaitOverflows;
    }

    /** A listener answered a SYN with a SYN cookie: its SYN queue was full (syncookies). */
    void synCookieSent() {
        synCookiesSent++;
    }

    /** SYN-ACKs of the run sent from a SYN cookie (Linux TcpExtSyncookiesSent). */
    public long synCookiesSent() {
        return synCookiesSent;
    }

    /** A listener dropped a SYN: its SYN queue (syncookies off) or its accept queue was full. */
    void listenSynDrop() {
        listenSynDrops++;
    }

    /** SYNs of the run dropped by a full SYN or accept queue (Linux ListenDrops, SYNs only). */
    public long listenSynDrops() {
        return listenSynDrops;
    }

    public long connections() {
        return connections;
    }

    public long outcome(Outcome o) {
        return outcomes[o.ordinal()];
    }

    /** Sum of the client setup times, s, in id order. */
    public double setupSum() {
        return setupSum;
    }

    /** Connections with a client setup time. */
    public long setupCount() {
        return setupCount;
    }

    public double serverSetupSum() {
        return serverSetupSum;
    }

    public long serverSetupCount() {
        return serverSetupCount;
    }

    /** The largest client setup time, ns; {@link ConnectionRecord#NONE} when no connection has one. */
    public long maxSetup() {
        return maxSetup;
    }
}
