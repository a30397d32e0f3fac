package tcpsim.experiments.capture;

import java.util.Locale;
import tcpsim.experiments.config.Units;
import tcpsim.kernel.net.Ipv4;
import tcpsim.tcp.Segment;

/**
 * One row of {@code trace.csv}: a segment sent, received or dropped, or a connection's state change.
 *
 * <p>Columns: {@value #HEADER}, with the run's parameter columns (see {@code SweepColumns}) after
 * {@code replication} when there is a sweep. Not applicable fields are empty cells; in this record they are
 * {@code connection, tcb == 0}, {@code flags, seq, ack, length == -1}, {@code state == ""}.
 *
 * @param timeNs simulated time in ns ({@code time_s} in the file, 9 fractional digits)
 * @param host the host that sent or received the segment, or the node that dropped it, or the connection's host
 * @param connection the workload's number of the connection (as in connections.csv), 0 when the row's TCB belongs
 *        to none or no TCB holds (or held) the 4-tuple
 * @param tcb the model's id of the TCB at the row's host that holds (or last held) the 4-tuple (unique per run, both
 *        ends apart), 0 when none
 * @param localAddress for send and drop rows the segment's source, for receive rows its destination
 * @param flags TCP flag bits as in {@link Segment} ({@code flags} in the file: names joined by '+', e.g. SYN+ACK)
 * @param seq sequence number, unsigned 32 bit
 * @param ack acknowledgment number, unsigned 32 bit, -1 when the ACK flag is not set
 * @param length payload bytes
 * @param state for state rows the state entered; for segment rows the connection's state once the simulator event
 *        that sent, received or dropped the segment has completed
 */
public record TraceRow(long timeNs, int point, int replication, String host, Event event, long connection,
        long tcb, int localAddress, int localPort, int remoteAddress, int remotePort, int flags, long seq, long ack,
        int length, String state) {

    /** The header line of {@code trace.csv} without a sweep (without line end). */
    public static final String HEADER = "time_s,point,replication,host,event,connection,tcb,local_addr,local_port,"
            + "remote_addr,remote_port,flags,seq,ack,length,state";
    /** The columns after the parameter columns. */
    static final String OWN_COLUMNS = HEADER.substring("time_s,point,replication,".length());
    /** The number of columns without a sweep. */
    static final int COLUMNS = HEADER.split(",").length;

    /** The header line for the parameter columns {@code params} (see {@code SweepColumns#rowHeader}). */
    public static String header(java.util.List<String> params) {
        return params.isEmpty() ? HEADER : "time_s,point,replication," + String.join(",", params) + "," + OWN_COLUMNS;
    }

    /** The kind of a row; written in lower case. */
    public enum Event {
        SEND, RECEIVE, DROP, STATE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Event parse(String s) {
            for (Event e : values()) {
                if (e.label().equals(s)) {
                    return e;
                }
            }
            throw new IllegalArgumentException("unknown trace event '" + s + "' (send|receive|drop|state)");
        }
    }

    public boolean isSegment() {
        return event != Event.STATE;
    }

    /** A segment row for {@code s}, seen from the side whose address is {@code s.source()} when {@code outgoing}. */
    static TraceRow segment(long time, int point, int replication, String host, Event event, long connection,
            long tcb, Segment s, boolean outgoing, String state) {
        return new TraceRow(time, point, replication, host, event, connection, tcb,
                outgoing ? s.source() : s.destination(), outgoing ? s.sourcePort() : s.destinationPort(),
                outgoing ? s.destination() : s.source(), outgoing ? s.destinationPort() : s.sourcePort(),
                s.flags(), Integer.toUnsignedLong(s.seq()), s.isAck() ? Integer.toUnsignedLong(s.ack()) : -1,
                s.payloadLength(), state);
    }

    /** Appends this row as one CSV line without parameter columns, {@code \n} included. */
    public void appendTo(StringBuilder sb) {
        appendTo(sb, "");
    }

    /** Appends this row as one CSV line, {@code \n} included, with the run's parameter cells (each after a comma). */
    public void appendTo(StringBuilder sb, String params) {
        Units.appendSeconds(sb, timeNs);
        sb.append(',').append(point).append(',').append(replication).append(params).append(',').append(host)
                .append(',').append(event.label()).append(',');
        if (connection != 0) {
            sb.append(connection);
        }
        sb.append(',');
        if (tcb != 0) {
            sb.append(tcb);
        }
        sb.append(',').append(Ipv4.format(localAddress)).append(',').append(localPort).append(',')
                .append(Ipv4.format(remoteAddress)).append(',').append(remotePort).append(',');
        if (flags >= 0) {
            sb.append(Segment.flagNames(flags, '+'));
        }
        sb.append(',');
        if (seq >= 0) {
            sb.append(seq);
        }
        sb.append(',');
        if (ack >= 0) {
            sb.append(ack);
        }
        sb.append(',');
        if (length >= 0) {
            sb.append(length);
        }
        sb.append(',').append(state).append('\n');
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        appendTo(sb);
        return sb.substring(0, sb.length() - 1);
    }

    /** Parses one CSV line written by {@link #appendTo(StringBuilder)} (no line end). */
    public static TraceRow parse(String line) {
        return parse(line, 0);
    }

    /** Parses one CSV line with {@code params} parameter cells after the replication (no line end). */
    public static TraceRow parse(String line, int params) {
        String[] f = line.split(",", -1);
        if (f.length != COLUMNS + params) {
            throw new IllegalArgumentException("trace row needs " + (COLUMNS + params) + " fields, got " + f.length
                    + ": " + line);
        }
        int o = 3 + params; // the first column after the parameters
        try {
            return new TraceRow(parseSeconds(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]), f[o],
                    Event.parse(f[o + 1]), f[o + 2].isEmpty() ? 0 : Long.parseLong(f[o + 2]),
                    f[o + 3].isEmpty() ? 0 : Long.parseLong(f[o + 3]), Ipv4.parse(f[o + 4]),
                    Integer.parseInt(f[o + 5]), Ipv4.parse(f[o + 6]), Integer.parseInt(f[o + 7]),
                    f[o + 8].isEmpty() ? -1 : parseFlags(f[o + 8]), f[o + 9].isEmpty() ? -1 : Long.parseLong(f[o + 9]),
                    f[o + 10].isEmpty() ? -1 : Long.parseLong(f[o + 10]),
                    f[o + 11].isEmpty() ? -1 : Integer.parseInt(f[o + 11]), f[o + 12]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad trace row: " + line, e);
        }
    }

    static int parseFlags(String s) {
        int flags = 0;
        for (String name : s.split("\\+", -1)) {
            int bit = Segment.FLAG_NAMES.indexOf(name);
            if (bit < 0) {
                throw new IllegalArgumentException("unknown TCP flag '" + name + "' in '" + s + "'");
            }
            flags |= 1 << bit;
        }
        return flags;
    }

    /** Inverse of {@link Units#appendSeconds}: exact, accepts 0 to 9 fractional digits. */
    public static long parseSeconds(String s) {
        boolean negative = s.startsWith("-");
        String body = negative ? s.substring(1) : s;
        int dot = body.indexOf('.');
        String whole = dot < 0 ? body : body.substring(0, dot);
        String frac = dot < 0 ? "" : body.substring(dot + 1);
        if (whole.isEmpty() || frac.length() > 9 || !whole.chars().allMatch(Character::isDigit)
                || !frac.chars().allMatch(Character::isDigit)) {
            throw new NumberFormatException("not a time in seconds: '" + s + "'");
        }
        long ns = Long.parseLong(whole) * 1_000_000_000L;
        if (!frac.isEmpty()) {
            ns += Long.parseLong(frac) * POW10[9 - frac.length()];
        }
        return negative ? -ns : ns;
    }

    private static final long[] POW10 = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
            100_000_000L, 1_000_000_000L};
}
