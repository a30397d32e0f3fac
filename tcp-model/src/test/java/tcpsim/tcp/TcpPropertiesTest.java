package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcpsim.tcp.TestNet.ms;
import static tcpsim.tcp.TestNet.s;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;
import tcpsim.kernel.net.DropList;
import tcpsim.tcp.TestNet.App;
import tcpsim.tcp.TestNet.Server;

/**
 * Random loss patterns (drop lists at random positions in both directions), random request / response sizes and
 * close orders: every connection ends CLOSED with exactly one reason within a bounded simulated time, nothing is
 * left pending, data arrives exactly, and {@link Invariants} (SND.UNA <= SND.NXT, monotone RCV.NXT, diagram edges,
 * ...) holds after every event.
 */
class TcpPropertiesTest {
    /** Bounded simulated time: TIME_WAIT / FIN_WAIT_2 (60 s) plus backed-off retransmissions of a few drops. */
    static final long BOUND = s(600);

    enum CloseOrder {
        /** The client closes when it has the whole response; the server closes when told. */
        CLIENT_FIRST,
        /** The server closes right after queueing the response; the client closes when told. */
        SERVER_FIRST,
        /** Both close without waiting for the other: server after queueing, client on the whole response. */
        BOTH
    }

    static long[] positions(List<Integer> drops) {
        long[] out = new long[drops.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = drops.get(i);
        }
        return out;
    }

    record Run(TestNet net, List<App> clients, Server server) { }

    static Run run(List<Integer> upDrops, List<Integer> downDrops, int request, int response, CloseOrder order,
            int connections, boolean delayedAck, long bound) {
        TcpProfile p = delayedAck ? TcpProfile.linux() : TestNet.quietLinux();
        return run(TestNet.builder().profile(p), upDrops, downDrops, request, response, order, connections, bound);
    }

    static Run run(TestNet.Builder builder, List<Integer> upDrops, List<Integer> downDrops, int request,
            int response, CloseOrder order, int connections, long bound) {
        TestNet t = builder.build();
        t.dropUp(DropList.positions(positions(upDrops)));
        t.dropDown(DropList.positions(positions(downDrops)));
        Server srv = t.listen();
        srv.setup = a -> {
            a.whenData = (sock, n) -> {
                if (a.received == request) {
                    sock.send(response);
                    if (order != CloseOrder.CLIENT_FIRST) {
                        sock.close();
                    }
                }
            };
            a.whenPeerClosed = sock -> {
                if (order == CloseOrder.CLIENT_FIRST) {
                    sock.close();
                }
            };
        };
        List<App> clients = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            App c = new App(t.sim);
            c.whenEstablished = sock -> sock.send(request);
            c.whenData = (sock, n) -> {
                if (c.received == response && order != CloseOrder.SERVER_FIRST) {
                    sock.close();
                }
            };
            c.whenPeerClosed = sock -> {
                if (order == CloseOrder.SERVER_FIRST) {
                    sock.close();
                }
            };
            clients.add(c);
            t.at(ms(10) * i, () -> c.socket = t.clientStack.connect(TestNet.SERVER_IP, TestNet.PORT, c));
        }
        t.runUntil(bound);
        return new Run(t, clients, srv);
    }

    @Property(tries = 200, seed = "20261124", generation = GenerationMode.RANDOMIZED, edgeCases = EdgeCasesMode.MIXIN)
    void randomLoss_everyConnectionEndsClosedWithOneReason_dataExact_invariantsHold(
            @ForAll @Size(max = 6) List<@IntRange(min = 1, max = 40) Integer> upDrops,
            @ForAll @Size(max = 6) List<@IntRange(min = 1, max = 40) Integer> downDrops,
            @ForAll @IntRange(min = 1, max = 30_000) int request,
            @ForAll @IntRange(min = 1, max = 30_000) int response,
            @ForAll CloseOrder order,
            @ForAll @IntRange(min = 1, max = 3) int connections,
            @ForAll boolean delayedAck) {
        Statistics.collect(order, upDrops.size() + downDrops.size() > 0 ? "loss" : "no loss");
        Run r = run(upDrops, downDrops, request, response, order, connections, delayedAck, BOUND);
        TestNet t = r.net();
        String ctx = "up=" + upDrops + " down=" + downDrops + " req=" + request + " resp=" + response + " " + order
                + " n=" + connections + " delack=" + delayedAck + "\n";
        assertTrue(t.inv.violations.isEmpty(), ctx + t.inv.violations);
        assertTrue(t.inv.unfinished().isEmpty(), ctx + "hanging: " + t.inv.unfinished() + "\n" + t.trace());
        assertEquals(2 * connections, t.inv.tracks.size(), ctx + t.trace());
        assertEquals(0, t.sim.pendingEvents(), ctx + "events still pending after every connection closed");
        for (App c : r.clients()) {
            assertEquals(1, c.closedCalls, ctx + t.trace());
            assertEquals(CloseReason.NORMAL, c.reason, ctx + t.trace());
            assertEquals(response, c.received, ctx + t.trace());
        }
        assertEquals(connections, r.server().accepted.size(), ctx + t.trace());
        for (App a : r.server().accepted) {
            assertEquals(1, a.closedCalls, ctx + t.trace());
            assertEquals(CloseReason.NORMAL, a.reason, ctx + t.trace());
            assertEquals(request, a.received, ctx + t.trace());
        }
        for (Invariants.Track tr : t.inv.tracks.values()) {
            assertEquals(CloseReason.NORMAL, tr.reason, ctx + "#" + tr.conn.id() + "\n" + t.trace());
        }
    }

    @Property(tries = 100, seed = "4242", generation = GenerationMode.RANDOMIZED, edgeCases = EdgeCasesMode.MIXIN)
    void heavyRandomLoss_everyConnectionStillEndsWithAReason(
            @ForAll @Size(max = 25) List<@IntRange(min = 1, max = 60) Integer> upDrops,
            @ForAll @Size(max = 25) List<@IntRange(min = 1, max = 60) Integer> downDrops,
            @ForAll @IntRange(min = 1, max = 20_000) int request,
            @ForAll @IntRange(min = 1, max = 20_000) int response,
            @ForAll CloseOrder order,
            @ForAll @IntRange(min = 1, max = 3) int connections) {
        Run r = run(upDrops, downDrops, request, response, order, connections, false, s(3000));
        TestNet t = r.net();
        String ctx = "up=" + upDrops + " down=" + downDrops + " req=" + request + " resp=" + response + " " + order
                + " n=" + connections + "\n";
        assertTrue(t.inv.violations.isEmpty(), ctx + t.inv.violations);
        List<Connection> open = t.inv.unfinished();
        for (Connection u : open) {
            // The only way to stay open: a half-open connection (RFC 9293 3.5.1) whose peer gave up silently after
            // its retries (TIMEOUT, no RST, as Linux) while this side, ESTABLISHED, waits for data that never comes.
            Invariants.Track peer = peerOf(t, u);
            assertTrue(u.state() == TcpState.ESTABLISHED && peer != null && peer.closedReported
                    && peer.reason == CloseReason.TIMEOUT, ctx + "hanging: " + u + "\n" + lastLines(t));
        }
        if (open.isEmpty()) {
            assertEquals(0, t.sim.pendingEvents(), ctx + "events still pending after every connection closed");
        }
        for (App c : r.clients()) {
            assertTrue(c.closedCalls == 1 || open.contains(c.socket), ctx + t.trace());
            assertTrue(c.received <= response, ctx);
            if (c.reason == CloseReason.NORMAL) {
                assertEquals(response, c.received, ctx + "closed NORMAL without the whole response\n" + t.trace());
            }
        }
        for (App a : r.server().accepted) {
            assertTrue(a.closedCalls == 1 || open.contains(a.socket), ctx + t.trace());
            assertTrue(a.received <= request, ctx);
        }
    }

    @Property(tries = 120, seed = "777", generation = GenerationMode.RANDOMIZED, edgeCases = EdgeCasesMode.MIXIN)
    void bottleneckJitterReordering_orderlyExchangesStillCompleteExactly(
            @ForAll @Size(max = 4) List<@IntRange(min = 1, max = 80) Integer> upDrops,
            @ForAll @Size(max = 4) List<@IntRange(min = 1, max = 80) Integer> downDrops,
            @ForAll @IntRange(min = 1, max = 120_000) int request,
            @ForAll @IntRange(min = 1, max = 120_000) int response,
            @ForAll CloseOrder order,
            @ForAll @IntRange(min = 1, max = 3) int connections,
            @ForAll @IntRange(min = 0, max = 3) int bandwidthChoice,
            @ForAll @IntRange(min = 1, max = 12) int queueLimit,
            @ForAll @IntRange(min = 0, max = 30) int jitterMs,
            @ForAll boolean reorder,
            @ForAll boolean delayedAck,
            @ForAll @IntRange(min = 1, max = 1000) int seed) {
        long[] bandwidths = {1_000_000, 10_000_000, 100_000_000, 0};
        TcpProfile p = delayedAck ? TcpProfile.linux() : TestNet.quietLinux();
        TestNet.Builder b = TestNet.builder().profile(p).seed(seed)
                .bandwidth(bandwidths[bandwidthChoice], queueLimit).jitter(ms(jitterMs), reorder);
        Run r = run(b, upDrops, downDrops, request, response, order, connections, s(3000));
        TestNet t = r.net();
        long queueDrops = t.up.queueDropCount() + t.down.queueDropCount();
        Statistics.label("queue drops").collect(queueDrops == 0 ? "none" : queueDrops < 10 ? "1-9" : "10+");
        Statistics.label("reordered").collect(reorder && jitterMs > 0);
        String ctx = "up=" + upDrops + " down=" + downDrops + " req=" + request + " resp=" + response + " " + order
                + " n=" + connections + " bw=" + bandwidths[bandwidthChoice] + " q=" + queueLimit + " jitter="
                + jitterMs + " reorder=" + reorder + " delack=" + delayedAck + " seed=" + seed + "\n";
        assertTrue(t.inv.violations.isEmpty(), ctx + t.inv.violations);
        assertTrue(t.inv.unfinished().isEmpty(), ctx + "hanging: " + t.inv.unfinished());
        assertEquals(0, t.sim.pendingEvents(), ctx + "events still pending after every connection closed");
        for (App c : r.clients()) {
            assertEquals(1, c.closedCalls, ctx);
            assertEquals(CloseReason.NORMAL, c.reason, ctx + lastLines(t));
            assertEquals(response, c.received, ctx);
        }
        assertEquals(connections, r.server().accepted.size(), ctx);
        for (App a : r.server().accepted) {
            assertEquals(CloseReason.NORMAL, a.reason, ctx + lastLines(t));
            assertEquals(request, a.received, ctx);
        }
    }

    @Property(tries = 150, seed = "31337", generation = GenerationMode.RANDOMIZED, edgeCases = EdgeCasesMode.MIXIN)
    void independentCloseTimes_halfCloseStillDeliversEveryByte(
            @ForAll @Size(max = 6) List<@IntRange(min = 1, max = 60) Integer> upDrops,
            @ForAll @Size(max = 6) List<@IntRange(min = 1, max = 60) Integer> downDrops,
            @ForAll @IntRange(min = 0, max = 60_000) int request,
            @ForAll @IntRange(min = 0, max = 60_000) int response,
            @ForAll @IntRange(min = 0, max = 3000) int clientCloseAfterMs,
            @ForAll @IntRange(min = 0, max = 3000) int serverCloseAfterMs,
            @ForAll @IntRange(min = 1, max = 3) int connections,
            @ForAll boolean delayedAck) {
        TcpProfile p = delayedAck ? TcpProfile.linux() : TestNet.quietLinux();
        TestNet t = TestNet.builder().profile(p).build();
        t.dropUp(DropList.positions(positions(upDrops)));
        t.dropDown(DropList.positions(positions(downDrops)));
        Server srv = t.listen();
        // each side queues everything at once and closes at its own time: CLOSE is a half-close (RFC 9293 3.10.4),
        // so every byte still arrives, whatever the order of the FINs
        srv.setup = a -> {
            a.socket.send(response);
            t.sim.schedule(ms(serverCloseAfterMs), () -> a.socket.close());
        };
        List<App> clients = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            App c = new App(t.sim);
            c.whenEstablished = sock -> {
                sock.send(request);
                t.sim.schedule(ms(clientCloseAfterMs), sock::close);
            };
            clients.add(c);
            t.at(ms(7) * i, () -> c.socket = t.clientStack.connect(TestNet.SERVER_IP, TestNet.PORT, c));
        }
        t.runUntil(BOUND);
        String ctx = "up=" + upDrops + " down=" + downDrops + " req=" + request + " resp=" + response + " cClose="
                + clientCloseAfterMs + " sClose=" + serverCloseAfterMs + " n=" + connections + " delack="
                + delayedAck + "\n";
        assertTrue(t.inv.violations.isEmpty(), ctx + t.inv.violations);
        assertTrue(t.inv.unfinished().isEmpty(), ctx + "hanging: " + t.inv.unfinished() + "\n" + lastLines(t));
        assertEquals(0, t.sim.pendingEvents(), ctx);
        // exempt: a pair where one side's FIN_WAIT_2 timeout (60 s) ended it while the peer was still retrying
        Set<Long> cut = finWait2TimedOutPairs(t);
        for (App c : clients) {
            if (!cut.contains(c.socket.id())) {
                assertEquals(CloseReason.NORMAL, c.reason, ctx + lastLines(t));
                assertEquals(response, c.received, ctx + lastLines(t));
            }
        }
        assertEquals(connections, srv.accepted.size(), ctx);
        for (App a : srv.accepted) {
            if (!cut.contains(a.socket.id())) {
                assertEquals(CloseReason.NORMAL, a.reason, ctx + lastLines(t));
                assertEquals(request, a.received, ctx + lastLines(t));
            }
        }
    }

    @Property(tries = 150, seed = "8080", generation = GenerationMode.RANDOMIZED, edgeCases = EdgeCasesMode.MIXIN)
    void portAllocation_exhaustedExactlyWhenEveryFourTupleToTheDestinationIsHeld(
            @ForAll @Size(min = 20, max = 60) List<@IntRange(min = 0, max = 5999) Integer> actions,
            @ForAll boolean twReuse) {
        // action = gap ((0..999) % 120 ms) * 6 + destination (80/81) * 3 + how it ends (client closes first -> client
        // TIME_WAIT; server closes first -> no TIME_WAIT at the client; client aborts)
        TcpProfile cp = TestNet.quietLinux().toBuilder().set(TcpParameter.EPHEMERAL_PORT_MIN, 40000)
                .set(TcpParameter.EPHEMERAL_PORT_MAX, 40007)
                .set(TcpParameter.TW_REUSE, twReuse).set(TcpParameter.TIME_WAIT, s(5)).build();
        TestNet t = TestNet.builder().clientProfile(cp).build();
        for (int port : new int[] {80, 81}) {
            Server srv = t.listen(t.serverStack, port);
            srv.setup = a -> {
                a.whenPeerClosed = TcpSocket::close;
                a.whenData = (sock, n) -> sock.close(); // a client that sends a byte wants the server to close first
            };
        }
        long at = 0;
        List<String> problems = new ArrayList<>();
        for (int action : actions) {
            at += ms((action / 6) % 120);
            int dest = (action / 3) % 2 == 0 ? 80 : 81;
            int how = action % 3;
            t.at(at, () -> {
                // the reference: ports held towards this destination by connections that are not CLOSED
                Set<Integer> held = new HashSet<>();
                Set<Integer> reusable = new HashSet<>();
                for (Invariants.Track tr : t.inv.tracks.values()) {
                    Connection c = tr.conn;
                    if (c.host() == t.client && !tr.closedReported && c.tuple().remotePort() == dest
                            && c.state() != TcpState.CLOSED) {
                        held.add(c.tuple().localPort());
                        long since = t.entered(c, TcpState.TIME_WAIT);
                        if (twReuse && c.state() == TcpState.TIME_WAIT && t.now() - since >= s(1)) {
                            reusable.add(c.tuple().localPort());
                        }
                    }
                }
                boolean exhausted = held.size() == 8 && reusable.isEmpty();
                App a = new App(t.sim);
                if (how == 0) {
                    a.whenEstablished = TcpSocket::close;
                } else if (how == 1) {
                    a.whenEstablished = sock -> sock.send(1);
                } else {
                    a.whenEstablished = TcpSocket::abort;
                }
                a.whenPeerClosed = TcpSocket::close;
                a.socket = t.clientStack.connect(TestNet.SERVER_IP, dest, a);
                int port = a.socket.tuple().localPort();
                if (exhausted != (a.socket.state() == TcpState.CLOSED)) {
                    problems.add(TestNet.fmt(t.now()) + " ms dest " + dest + ": held " + held + " reusable "
                            + reusable + " but connect gave " + a.socket);
                } else if (!exhausted && held.contains(port) && !reusable.contains(port)) {
                    problems.add(TestNet.fmt(t.now()) + " ms dest " + dest + ": port " + port + " is held " + held);
                }
            });
        }
        t.runUntil(at + s(100));
        long exhausted = t.rec.closed.stream().filter(x -> x.reason() == CloseReason.PORT_EXHAUSTED).count();
        Statistics.label("port exhausted").collect(exhausted == 0 ? "never" : "sometimes");
        assertTrue(problems.isEmpty(), problems + "\n" + lastLines(t));
        assertTrue(t.inv.unfinished().isEmpty(), "hanging: " + t.inv.unfinished());
    }

    /** Ids of connections that ended by the FIN_WAIT_2 timeout, and of their peers. */
    static Set<Long> finWait2TimedOutPairs(TestNet t) {
        Set<Long> out = new HashSet<>();
        for (TestNet.Recorder.Change ch : t.rec.changes) {
            if (ch.from() == TcpState.FIN_WAIT_2 && ch.to() == TcpState.CLOSED) {
                out.add(ch.conn().id());
                Invariants.Track peer = peerOf(t, ch.conn());
                if (peer != null) {
                    out.add(peer.conn.id());
                }
            }
        }
        return out;
    }

    /** The other end (same 4-tuple seen from the other host) of {@code c}, if the model ever created it. */
    static Invariants.Track peerOf(TestNet t, Connection c) {
        FourTuple tu = c.tuple();
        for (Invariants.Track tr : t.inv.tracks.values()) {
            FourTuple o = tr.conn.tuple();
            if (o.localAddress() == tu.remoteAddress() && o.localPort() == tu.remotePort()
                    && o.remoteAddress() == tu.localAddress() && o.remotePort() == tu.localPort()) {
                return tr;
            }
        }
        return null;
    }

    static String lastLines(TestNet t) {
        List<String> l = t.rec.lines;
        return String.join("\n", l.subList(Math.max(0, l.size() - 60), l.size()));
    }
}
