package tcpsim.experiments.capture;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tcpsim.experiments.sim.ConnectionNumbers;
import tcpsim.kernel.Simulation;
import tcpsim.kernel.net.Channel;
import tcpsim.kernel.net.DropReason;
import tcpsim.kernel.net.Host;
import tcpsim.kernel.net.NetworkObserver;
import tcpsim.kernel.net.Node;
import tcpsim.kernel.net.Packet;
import tcpsim.tcp.Connection;
import tcpsim.tcp.FourTuple;
import tcpsim.tcp.Segment;
import tcpsim.tcp.TcpObserver;
import tcpsim.tcp.TcpState;

/**
 * Turns one run's network and TCP events into {@link TraceRow}s, in the order they happen, and hands them to a
 * {@link RowSink} (a part file or a list in memory, see {@link TraceHook}).
 *
 * <p>Segment rows come from the network: a send when a host hands a segment to its link, a receive when it
 * arrives at the host it is addressed to, a drop wherever the network loses it. State rows come from
 * {@link TcpObserver#onStateChange}. A segment row names the connection that holds (or last held) its 4-tuple and
 * that connection's state once the simulator event it happened in is over: rows are held until the event
 * ends (the next callback from a later event, or {@link #close()}) and completed then.
 */
final class TraceRecorder implements NetworkObserver, TcpObserver, Closeable {
    private final Simulation sim;
    private final int point;
    private final int replication;
    private final RowSink out;
    private final ConnectionNumbers numbers;
    private final Map<FourTuple, Connection> byTuple = new HashMap<>(); // looked up, never iterated
    /** TCB id -> the workload's connection number, asked at the TCB's first state change. */
    private final Map<Long, Long> numberOf = new HashMap<>(); // looked up, never iterated
    private final List<Pending> batch = new ArrayList<>();
    private long batchEvent = -1;
    private long rows;
    private boolean closed;

    /** A row waiting for the end of its event; {@code key} is null for state rows (already complete). */
    private record Pending(TraceRow row, FourTuple key) {
    }

    /** Where the completed rows go, in order. */
    interface RowSink extends Closeable {
        void accept(TraceRow row) throws IOException;
    }

    /** A sink writing each row as one CSV line of trace.csv (no header, no parameter columns) to {@code out}. */
    static RowSink csvLines(Writer out) {
        return csvLines(out, "");
    }

    /** A sink writing each row as one CSV line of trace.csv with the run's parameter cells (no header). */
    static RowSink csvLines(Writer out, String params) {
        StringBuilder line = new StringBuilder(160);
        return new RowSink() {
            @Override
            public void accept(TraceRow row) throws IOException {
                line.setLength(0);
                row.appendTo(line, params);
                out.append(line);
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }

    /**
     * @param numbers the workload's connection number of a TCB: the run's recorder, an observer added before this
     *        one, so that it has seen a TCB's first state change when this one asks
     */
    TraceRecorder(Simulation sim, int point, int replication, ConnectionNumbers numbers, RowSink out) {
        this.sim = sim;
        this.numbers = numbers;
        this.point = point;
        this.replication = replication;
        this.out = out;
    }

    long rows() {
        return rows;
    }

    @Override
    public void onSend(long time, Channel channel, Packet packet) {
        if (!closed && packet instanceof Segment s && channel.from() instanceof Host h) {
            segment(time, h, TraceRow.Event.SEND, s, true);
        }
    }

    @Override
    public void onDeliver(long time, Channel channel, Packet packet) {
        if (!closed && packet instanceof Segment s && channel.to() instanceof Host h
                && h.address() == s.destination()) {
            segment(time, h, TraceRow.Event.RECEIVE, s, false);
        }
    }

    @Override
    public void onDrop(long time, Node node, Channel channel, Packet packet, DropReason reason) {
        if (!closed && packet instanceof Segment s) {
            segment(time, node, TraceRow.Event.DROP, s, true);
        }
    }

    @Override
    public void onStateChange(long time, Connection c, TcpState from, TcpState to, String cause) {
        if (closed) {
            return;
        }
        enterEvent();
        byTuple.put(c.tuple(), c);
        FourTuple t = c.tuple();
        batch.add(new Pending(new TraceRow(time, point, replication, c.host().name(), TraceRow.Event.STATE,
                number(c), c.id(), t.localAddress(), t.localPort(), t.remoteAddress(), t.remotePort(), -1, -1, -1, -1, to.name()),
                null));
    }

    private void segment(long time, Node node, TraceRow.Event event, Segment s, boolean outgoing) {
        enterEvent();
        TraceRow row = TraceRow.segment(time, point, replication, node.name(), event, 0, 0, s, outgoing, "");
        FourTuple key = new FourTuple(row.localAddress(), row.localPort(), row.remoteAddress(), row.remotePort());
        batch.add(new Pending(row, key));
    }

    /** The workload's number of TCB {@code c}'s connection, kept from the first time it was asked. */
    private long number(Connection c) {
        return numberOf.computeIfAbsent(c.id(), id -> numbers.of(c));
    }

    private void enterEvent() {
        long e = sim.eventsProcessed();
        if (e != batchEvent) {
            flush();
            batchEvent = e;
        }
    }

    private void flush() {
        if (batch.isEmpty()) {
            return;
        }
        for (Pending p : batch) {
            TraceRow row = p.row();
            if (p.key() != null) {
                Connection c = byTuple.get(p.key());
                if (c != null) {
                    row = new TraceRow(row.timeNs(), point, replication, row.host(), row.event(), number(c),
                            c.id(), row.localAddress(), row.localPort(), row.remoteAddress(), row.remotePort(), row.flags(),
                            row.seq(), row.ack(), row.length(), c.state().name());
                }
            }
            try {
                out.accept(row);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the trace", e);
            }
            rows++;
        }
        batch.clear();
    }

    /** Hands over the rows still held and closes the sink; later callbacks are ignored. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        flush();
        closed = true;
        out.close();
    }
}
