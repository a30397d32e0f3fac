package tcpsim.experiments.sim;

import java.util.Arrays;
import tcpsim.tcp.TcpState;

/**
 * What one connection did, from both ends; one row of connections.csv. Times are ns since the start of the run;
 * {@link #NONE} marks "not applicable / never happened".
 *
 * @param id the workload's number for the connection, 1-based in the order the client opened it: the
 *        {@code connection} of every table
 * @param clientTcb the model's id of the client's TCB (0 when connect made none)
 * @param serverTcb the model's id of the server's TCB matched to it, 0 when none
 * @param client client host name
 * @param server server host name
 * @param clientPort the client's ephemeral port (0 when none was free)
 * @param serverPort the server port
 * @param start when the client application called connect
 * @param outcome how the connection ended, from the client's side
 * @param clientSetup connect to client ESTABLISHED
 * @param serverSetup first SYN arrival at the server to server ESTABLISHED
 * @param synRetransmits SYNs sent beyond the first
 * @param synAckRetransmits SYN-ACKs sent beyond the first
 * @param closeInitiator client, server, both (simultaneous close) or "" (never closed)
 * @param stateTimes time in FIN_WAIT_1, FIN_WAIT_2, CLOSING, CLOSE_WAIT, LAST_ACK, TIME_WAIT (see
 *        {@link #TIMED_STATES}): the longer of the two ends' complete stays; NONE when neither end completed one
 * @param end when the last of the two ends reached CLOSED; NONE when one never did
 */
public record ConnectionRecord(long id, long clientTcb, long serverTcb, String client, String server, int clientPort, int serverPort, long start,
        Outcome outcome, long clientSetup, long serverSetup, int synRetransmits, int synAckRetransmits,
        String closeInitiator, long[] stateTimes, long end) {
    public static final long NONE = Long.MIN_VALUE;

    /** The states whose times are reported, in column order. */
    public static final TcpState[] TIMED_STATES = {TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2, TcpState.CLOSING,
        TcpState.CLOSE_WAIT, TcpState.LAST_ACK, TcpState.TIME_WAIT};

    public ConnectionRecord {
        stateTimes = stateTimes.clone();
    }

    @Override
    public long[] stateTimes() {
        return stateTimes.clone();
    }

    public long stateTime(int i) {
        return stateTimes[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionRecord r && id == r.id && clientTcb == r.clientTcb
                && serverTcb == r.serverTcb && client.equals(r.client) && server.equals(r.server)
                && clientPort == r.clientPort && serverPort == r.serverPort && start == r.start
                && outcome.equals(r.outcome) && clientSetup == r.clientSetup && serverSetup == r.serverSetup
                && synRetransmits == r.synRetransmits && synAckRetransmits == r.synAckRetransmits
                && closeInitiator.equals(r.closeInitiator) && Arrays.equals(stateTimes, r.stateTimes)
                && end == r.end;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + Long.hashCode(start);
    }

    @Override
    public String toString() {
        return "ConnectionRecord[" + id + " " + client + ":" + clientPort + "->" + server + ":" + serverPort + " "
                + outcome + " setup=" + clientSetup + " end=" + end + "]";
    }
}
