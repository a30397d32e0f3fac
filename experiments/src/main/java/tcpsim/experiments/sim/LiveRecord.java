package tcpsim.experiments.sim;

import java.nio.ByteBuffer;
import tcpsim.tcp.CloseReason;
import tcpsim.tcp.Connection;
import tcpsim.tcp.TcpState;

/**
 * The {@link Recorder}'s record of one connection while it lasts: everything known about it, from both ends, in
 * primitive fields of one object of 128 bytes (64-bit JVM with compressed oops, the default below 32 GB of heap).
 * The client end waits a minute in TIME_WAIT, and so would its record: once only that wait is left, the record is
 * {@linkplain ParkedRecords parked} out of the heap ({@link #write}, {@link #read}). Small values are packed: states
 * and close reason as enum ordinals in bytes, flags in an int, the two ports in one int, host numbers (positions in
 * the run's host list) instead of names, TCB ids in ints, the 4-tuple rebuilt from the hosts' addresses when
 * needed.
 *
 * <p>Each end's stays in the {@link ConnectionRecord#TIMED_STATES timed states} are folded into one value per
 * state as they end, the longer of the two ends' stays, which is all the record keeps. That is exact because a
 * TCB passes each of those states at most once: the model's transitions among them only go forward (FIN_WAIT_1
 * to FIN_WAIT_2, CLOSING or TIME_WAIT; FIN_WAIT_2 and CLOSING to TIME_WAIT; CLOSE_WAIT to LAST_ACK), each of them
 * may end in CLOSED, and a CLOSED TCB never opens again. A stay other than TIME_WAIT's is kept in an int of ns
 * (up to 2.1 s); a longer one (rare) goes to the recorder's side map. TIME_WAIT's (a minute) is kept per end in
 * the end's {@code enteredAt}, of no more use once it has left TIME_WAIT for CLOSED, the only way out.
 */
final class LiveRecord {
    private static final TcpState[] ALL_STATES = TcpState.values();
    private static final CloseReason[] ALL_REASONS = CloseReason.values();
    /** The column of TIME_WAIT in {@link ConnectionRecord#TIMED_STATES}, the last: its stays are kept apart. */
    static final int TIME_WAIT_COLUMN = ConnectionRecord.TIMED_STATES.length - 1;
    /** A stay too long for the int fields: its value is in the recorder's side map. */
    static final int LONG_STAY = Integer.MAX_VALUE;
    /** No stay, in the int fields. */
    static final int NO_STAY = Integer.MIN_VALUE;

    static final int CLIENT_INITIATED_CLOSE = 1;
    static final int SERVER_INITIATED_CLOSE = 1 << 1;
    static final int CLIENT_CLOSED = 1 << 2;
    static final int SERVER_CLOSED = 1 << 3;
    static final int FIRST_SYN_SEEN = 1 << 4; // the first SYN of its tuple reached the server
    static final int SERVER_ESTABLISHED = 1 << 5;
    static final int KEYED = 1 << 6; // byTuple maps its tuple to it: a server connection may still join
    static final int QUEUED = 1 << 7; // in the list of connections that may have become final
    /** Bit (column) from here on: the client end completed its stay in TIMED_STATES[column]. */
    static final int CLIENT_STAYED = 1 << 8;
    /** Bit (column) from here on: the server end completed its stay in TIMED_STATES[column]. */
    static final int SERVER_STAYED = CLIENT_STAYED << ConnectionRecord.TIMED_STATES.length;
    /** The record has been handed on: nothing may change it, and the TCBs it is attached to no longer find it. */
    static final int HANDED_ON = SERVER_STAYED << ConnectionRecord.TIMED_STATES.length;
    /** The record went to {@link ParkedRecords}: this object is out of date, and the waiting TCB carries its block. */
    static final int PARKED = HANDED_ON << 1;
    /** The size of a record written by {@link #write}. */
    static final int BYTES = 7 * Long.BYTES + 11 * Integer.BYTES + 2 * Short.BYTES + 4;

    final long id;
    final long start;
    // when the end entered its current state; once it has left TIME_WAIT (for CLOSED), the stay there
    long clientEnteredAt;
    long serverEnteredAt;
    long clientEstablished = ConnectionRecord.NONE;
    /**
     * The server's setup time as far as it is known: the first SYN's arrival (FIRST_SYN_SEEN alone), the server
     * end's first ESTABLISHED (SERVER_ESTABLISHED alone), their difference (both), NONE (neither).
     */
    long serverSetup = ConnectionRecord.NONE;
    long closedAt = ConnectionRecord.NONE; // when the last end that has closed so far reached CLOSED
    final int clientHost;
    final int serverHost;
    int ports; // client port << 16 | server port
    int clientTcb; // the model's id of the client's TCB, 0 before connect made one
    int serverTcb; // the model's id of the server's TCB matched to it, 0 when none (yet)
    // the longer of the two ends' stays in TIMED_STATES[i] but TIME_WAIT, ns; NO_STAY when neither completed one
    int stay0 = NO_STAY;
    int stay1 = NO_STAY;
    int stay2 = NO_STAY;
    int stay3 = NO_STAY;
    int stay4 = NO_STAY;
    int flags;
    short clientSyns; // SYNs the client end sent
    short serverSyns; // SYN-ACKs the server end sent
    byte clientState = (byte) TcpState.CLOSED.ordinal();
    byte serverState = (byte) TcpState.CLOSED.ordinal();
    byte clientStateBeforeClosed = -1; // ordinal of the client's state before CLOSED; -1 before
    byte clientReason = -1; // ordinal of how the client application learnt it ended; -1 before
    /** The socket of an end that entered TIME_WAIT, which is to carry the record's block if it is parked. */
    Connection waiting;

    LiveRecord(long id, int clientHost, int serverHost, int serverPort, long start) {
        this.id = id;
        this.clientHost = clientHost;
        this.serverHost = serverHost;
        this.ports = serverPort & 0xffff;
        this.start = start;
    }

    boolean is(int flag) {
        return (flags & flag) != 0;
    }

    void set(int flag, boolean on) {
        flags = on ? flags | flag : flags & ~flag;
    }

    int clientPort() {
        return ports >>> 16;
    }

    int serverPort() {
        return ports & 0xffff;
    }

    void clientPort(int port) {
        ports = (port & 0xffff) << 16 | (ports & 0xffff);
    }

    boolean hasServer() {
        return serverTcb != 0;
    }

    boolean clientClosed() {
        return is(CLIENT_CLOSED);
    }

    boolean serverClosed() {
        return is(SERVER_CLOSED);
    }

    /** The end named by {@code client} reached CLOSED at {@code time}. */
    void closed(boolean client, long time) {
        set(client ? CLIENT_CLOSED : SERVER_CLOSED, true);
        closedAt = closedAt == ConnectionRecord.NONE ? time : Math.max(closedAt, time);
    }

    /** When the last of the two ends reached CLOSED; NONE when one never did. */
    long end() {
        return clientClosed() && (!hasServer() || serverClosed()) ? closedAt : ConnectionRecord.NONE;
    }

    boolean firstSynSeen() {
        return is(FIRST_SYN_SEEN);
    }

    /** The first SYN of the connection's tuple reached the server at {@code time}. */
    void firstSynArrived(long time) {
        set(FIRST_SYN_SEEN, true);
        serverSetup = is(SERVER_ESTABLISHED) ? serverSetup - time : time;
    }

    /** The server end is ESTABLISHED at {@code time} (the first time counts). */
    void serverEstablished(long time) {
        if (!is(SERVER_ESTABLISHED)) {
            set(SERVER_ESTABLISHED, true);
            serverSetup = firstSynSeen() ? time - serverSetup : time;
        }
    }

    /** First SYN arrival to server ESTABLISHED; NONE when either is unknown. */
    long serverSetup() {
        return hasServer() && firstSynSeen() && is(SERVER_ESTABLISHED) ? serverSetup : ConnectionRecord.NONE;
    }

    TcpState state(boolean client) {
        return ALL_STATES[client ? clientState : serverState];
    }

    /**
     * The end named by {@code client} moves to {@code to} at {@code time}; returns when it had entered the state
     * it leaves.
     */
    long enter(boolean client, TcpState to, long time) {
        long enteredAt;
        if (client) {
            enteredAt = clientEnteredAt;
            clientState = (byte) to.ordinal();
            clientEnteredAt = time;
        } else {
            enteredAt = serverEnteredAt;
            serverState = (byte) to.ordinal();
            serverEnteredAt = time;
        }
        return enteredAt;
    }

    /**
     * The end named by {@code client} left TIME_WAIT after {@code ns}: its enteredAt keeps the stay from now on
     * (the end is CLOSED for good).
     */
    void leftTimeWait(boolean client, long ns) {
        if (state(client) != TcpState.CLOSED) {
            throw new IllegalStateException("connection " + id + ": the " + (client ? "client" : "server")
                    + " end left TIME_WAIT for " + state(client) + ", not CLOSED");
        }
        if (client) {
            clientEnteredAt = ns;
        } else {
            serverEnteredAt = ns;
        }
        set((client ? CLIENT_STAYED : SERVER_STAYED) << TIME_WAIT_COLUMN, true);
    }

    /** The longer of the two ends' complete TIME_WAIT stays; NONE when neither end completed one. */
    long timeWaitStay() {
        long v = ConnectionRecord.NONE;
        if (is(CLIENT_STAYED << TIME_WAIT_COLUMN)) {
            v = clientEnteredAt;
        }
        if (is(SERVER_STAYED << TIME_WAIT_COLUMN)) {
            v = Math.max(v, serverEnteredAt);
        }
        return v;
    }

    /** The int kept for TIMED_STATES[i] (not TIME_WAIT). */
    int stay(int i) {
        return switch (i) {
            case 0 -> stay0;
            case 1 -> stay1;
            case 2 -> stay2;
            case 3 -> stay3;
            default -> stay4;
        };
    }

    void stay(int i, int s) {
        switch (i) {
            case 0 -> stay0 = s;
            case 1 -> stay1 = s;
            case 2 -> stay2 = s;
            case 3 -> stay3 = s;
            default -> stay4 = s;
        }
    }

    boolean hasLongStay() {
        return stay0 == LONG_STAY || stay1 == LONG_STAY || stay2 == LONG_STAY || stay3 == LONG_STAY
                || stay4 == LONG_STAY;
    }

    void sentSyn(boolean client) {
        if (client) {
            clientSyns = countUp(clientSyns);
        } else {
            serverSyns = countUp(serverSyns);
        }
    }

    static short countUp(short n) {
        if (n == Short.MAX_VALUE) {
            throw new IllegalStateException("more than " + Short.MAX_VALUE + " SYNs sent by one connection end");
        }
        return (short) (n + 1);
    }

    TcpState clientStateBeforeClosed() {
        return clientStateBeforeClosed < 0 ? null : ALL_STATES[clientStateBeforeClosed];
    }

    void clientStateBeforeClosed(TcpState s) {
        clientStateBeforeClosed = (byte) s.ordinal();
    }

    boolean clientEstablished() {
        return clientEstablished != ConnectionRecord.NONE;
    }

    void clientEstablished(long time) {
        if (clientEstablished == ConnectionRecord.NONE) {
            clientEstablished = time;
        }
    }

    CloseReason clientReason() {
        return clientReason < 0 ? null : ALL_REASONS[clientReason];
    }

    /** The first reason the client learns is the one kept. */
    void clientReason(CloseReason r) {
        if (clientReason < 0) {
            clientReason = (byte) r.ordinal();
        }
    }

    /** Writes every field but {@link #waiting} at {@code at} in {@code b}: {@link #BYTES} bytes. */
    void write(ByteBuffer b, int at) {
        b.putLong(at, id).putLong(at + 8, start).putLong(at + 16, clientEnteredAt).putLong(at + 24, serverEnteredAt)
                .putLong(at + 32, clientEstablished).putLong(at + 40, serverSetup).putLong(at + 48, closedAt)
                .putInt(at + 56, clientHost).putInt(at + 60, serverHost).putInt(at + 64, ports)
                .putInt(at + 68, clientTcb).putInt(at + 72, serverTcb).putInt(at + 76, stay0).putInt(at + 80, stay1)
                .putInt(at + 84, stay2).putInt(at + 88, stay3).putInt(at + 92, stay4).putInt(at + 96, flags)
                .putShort(at + 100, clientSyns).putShort(at + 102, serverSyns).put(at + 104, clientState)
                .put(at + 105, serverState).put(at + 106, clientStateBeforeClosed).put(at + 107, clientReason);
    }

    /** The record {@link #write} wrote at {@code at} in {@code b}. */
    static LiveRecord read(ByteBuffer b, int at) {
        LiveRecord r = new LiveRecord(b.getLong(at), b.getInt(at + 56), b.getInt(at + 60), 0, b.getLong(at + 8));
        r.clientEnteredAt = b.getLong(at + 16);
        r.serverEnteredAt = b.getLong(at + 24);
        r.clientEstablished = b.getLong(at + 32);
        r.serverSetup = b.getLong(at + 40);
        r.closedAt = b.getLong(at + 48);
        r.ports = b.getInt(at + 64);
        r.clientTcb = b.getInt(at + 68);
        r.serverTcb = b.getInt(at + 72);
        r.stay0 = b.getInt(at + 76);
        r.stay1 = b.getInt(at + 80);
        r.stay2 = b.getInt(at + 84);
        r.stay3 = b.getInt(at + 88);
        r.stay4 = b.getInt(at + 92);
        r.flags = b.getInt(at + 96);
        r.clientSyns = b.getShort(at + 100);
        r.serverSyns = b.getShort(at + 102);
        r.clientState = b.get(at + 104);
        r.serverState = b.get(at + 105);
        r.clientStateBeforeClosed = b.get(at + 106);
        r.clientReason = b.get(at + 107);
        return r;
    }
}
