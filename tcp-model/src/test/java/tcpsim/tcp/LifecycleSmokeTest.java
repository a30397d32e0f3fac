package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import tcpsim.kernel.Simulation;
import tcpsim.kernel.Time;
import tcpsim.kernel.net.ChannelSpec;
import tcpsim.kernel.net.DropList;
import tcpsim.kernel.net.Host;
import tcpsim.kernel.net.Ipv4;
import tcpsim.kernel.net.LossModel;
import tcpsim.kernel.net.Network;
import tcpsim.kernel.net.Packet;

/** The less common transitions, end to end with fixed ISNs (client ISN 1000, server ISN 5000). */
class LifecycleSmokeTest {
    static final int C = Ipv4.parse("10.0.0.1");
    static final int S = Ipv4.parse("10.0.0.2");

    final Simulation sim = new Simulation(1);
    final Network net = new Network(sim);
    final Host client = net.addHost("client", C);
    final Host server = net.addHost("server", S);
    final List<String> log = new ArrayList<>();
    final List<String> transitions = new ArrayList<>();
    Tcp tcp;
    TcpStack cs;
    TcpStack ss;

    void build(TcpProfile profile, LossModel up, LossModel down, int... isns) {
        net.connect(client, server, ChannelSpec.latency(Time.millis(25)).withLoss(up),
                ChannelSpec.latency(Time.millis(25)).withLoss(down));
        net.computeRoutes();
        tcp = new Tcp(net, profile, isns.length == 0 ? IsnSource.fixed(1000, 5000, 9000, 13000) : IsnSource.fixed(isns));
        tcp.addObserver(new TcpObserver() {
            @Override
            public void onStateChange(long time, Connection c, TcpState from, TcpState to, String cause) {
                transitions.add("#" + c.id() + " " + from + "->" + to);
                log.add(Time.format(time) + " #" + c.id() + " " + from + "->" + to + " (" + cause + ")");
            }

            @Override
            public void onSegmentSent(long time, Host host, Connection c, Segment s) {
                log.add(Time.format(time) + " " + host.name() + " > " + s.flagNames() + " "
                        + Integer.toUnsignedString(s.seq()) + ":" + Integer.toUnsignedString(s.ack()) + " len="
                        + s.payloadLength());
            }

            @Override
            public void onSegmentDiscarded(long time, Host host, Connection c, Segment s, String why) {
                log.add(Time.format(time) + " " + host.name() + " discards " + s.flagNames() + " (" + why + ")");
            }

            @Override
            public void onClosed(long time, Connection c, CloseReason reason) {
                log.add(Time.format(time) + " #" + c.id() + " closed " + reason);
            }
        });
        cs = tcp.install(client);
        ss = tcp.install(server);
    }

    String trace() {
        return String.join("\n", log);
    }

    static Predicate<Packet> seg(Predicate<Segment> p) {
        return pk -> pk instanceof Segment s && p.test(s);
    }

    static final class Recorder implements SocketCallbacks {
        final List<String> events = new ArrayList<>();
        final Simulation sim;
        boolean closeOnEstablished;
        boolean closeOnPeerClosed;

        Recorder(Simulation sim) {
            this.sim = sim;
        }

        @Override
        public void onEstablished(TcpSocket s) {
            events.add("established@" + Time.format(sim.now()));
            if (closeOnEstablished) {
                s.close();
            }
        }

        @Override
        public void onPeerClosed(TcpSocket s) {
            events.add("peerClosed@" + Time.format(sim.now()));
            if (closeOnPeerClosed) {
                s.close();
            }
        }

        @Override
        public void onClosed(TcpSocket s, CloseReason r) {
            events.add("closed " + r + "@" + Time.format(sim.now()));
        }
    }

    void inject(Host from, Segment s) {
        from.send(s);
    }

    @Test
    void simultaneousOpenAndSimultaneousClose() {
        build(TcpProfile.linux(), LossModel.NONE, LossModel.NONE);
        Recorder a = new Recorder(sim);
        Recorder b = new Recorder(sim);
        a.closeOnEstablished = true;
        b.closeOnEstablished = true;
        TcpSocket sa = cs.connect(4000, S, 5000, a);
        TcpSocket sb = ss.connect(5000, C, 4000, b);
        sim.run();
        assertEquals(List.of("#1 CLOSED->SYN_SENT", "#2 CLOSED->SYN_SENT", "#2 SYN_SENT->SYN_RECEIVED",
                "#1 SYN_SENT->SYN_RECEIVED", "#1 SYN_RECEIVED->ESTABLISHED", "#1 ESTABLISHED->FIN_WAIT_1",
                "#2 SYN_RECEIVED->ESTABLISHED", "#2 ESTABLISHED->FIN_WAIT_1", "#2 FIN_WAIT_1->CLOSING",
                "#1 FIN_WAIT_1->CLOSING", "#1 CLOSING->TIME_WAIT", "#2 CLOSING->TIME_WAIT", "#1 TIME_WAIT->CLOSED",
                "#2 TIME_WAIT->CLOSED"), transitions, trace());
        assertEquals(TcpState.CLOSED, sa.state());
        assertEquals(TcpState.CLOSED, sb.state());
        assertEquals(List.of("established@50 ms", "peerClosed@75 ms", "closed NORMAL@60.1 s"), a.events, trace());
    }

    @Test
    void finWait1ToTimeWaitWhenFinAndAckArriveTogether() {
        // the server's bare ACK of the client's FIN is lost; its FIN carries the same ACK
        build(TcpProfile.linux(), LossModel.NONE,
                DropList.firstMatching(1, seg(s -> !s.isFin() && !s.isSyn() && s.ack() == 1002)));
        Recorder cr = new Recorder(sim);
        cr.closeOnEstablished = true;
        ss.listen(80, sock -> {
            Recorder r = new Recorder(sim);
            r.closeOnPeerClosed = true;
            sock.setCallbacks(r);
        });
        cs.connect(S, 80, cr);
        sim.run();
        assertTrue(transitions.contains("#1 FIN_WAIT_1->TIME_WAIT"), trace());
        assertTrue(!transitions.contains("#1 FIN_WAIT_1->FIN_WAIT_2"), trace());
    }

    @Test
    void lostFinalAckMakesLastAckResendAndTimeWaitRestart() {
        build(TcpProfile.linux(), DropList.firstMatching(1, seg(s -> !s.isFin() && s.ack() == 5002)),
                LossModel.NONE);
        Recorder cr = new Recorder(sim);
        cr.closeOnEstablished = true;
        List<Long> closedAt = new ArrayList<>();
        ss.listen(80, sock -> {
            Recorder r = new Recorder(sim);
            r.closeOnPeerClosed = true;
            sock.setCallbacks(r);
        });
        cs.connect(S, 80, cr);
        tcp.addObserver(new TcpObserver() {
            @Override
            public void onClosed(long time, Connection c, CloseReason reason) {
                closedAt.add(time);
            }
        });
        sim.run();
        // FIN from server at 75 ms, final ACK lost, FIN resent one RTO (SRTT 50 + 200 ms) later at 325 ms,
        // arrives 350 ms: TIME_WAIT re-ACKs and restarts, so it ends at 60.35 s
        assertEquals(2, closedAt.size(), trace());
        assertEquals(Time.millis(375), closedAt.get(0), trace());
        assertEquals(Time.millis(60_350), closedAt.get(1), trace());
    }

    @Test
    void synReopensTimeWaitWithIsnAboveTheOldSpace() {
        build(TcpProfile.linux(), LossModel.NONE, LossModel.NONE, 1000, 5000, 2000);
        Recorder cr = new Recorder(sim);
        cr.closeOnPeerClosed = true;
        ss.listen(80, sock -> {
            Recorder r = new Recorder(sim);
            sock.setCallbacks(r);
            if (sock.id() == 2) {
                sock.close(); // server closes first: the server holds TIME_WAIT
            }
        });
        cs.connect(40000, S, 80, cr);
        sim.runUntil(Time.seconds(1));
        assertEquals(TcpState.TIME_WAIT, ss.lookup(80, C, 40000).state(), trace());
        Recorder again = new Recorder(sim);
        cs.connect(40000, S, 80, again);
        sim.runUntil(Time.seconds(2));
        assertTrue(transitions.contains("#2 TIME_WAIT->CLOSED"), trace());
        assertEquals(TcpState.ESTABLISHED, ss.lookup(80, C, 40000).state(), trace());
        assertTrue(trace().contains("server > SYN,ACK 70539:2001"), trace()); // 5002 + 65537
    }

    @Test
    void rstInTimeWaitClosesItUnlessRfc1337() {
        for (boolean rfc1337 : new boolean[] {false, true}) {
            LifecycleSmokeTest t = new LifecycleSmokeTest();
            t.build(TcpProfile.linux().toBuilder().set(TcpParameter.RFC1337, rfc1337)
                    .build(), LossModel.NONE, LossModel.NONE);
            Recorder cr = new Recorder(t.sim);
            cr.closeOnEstablished = true;
            t.ss.listen(80, sock -> {
                Recorder r = new Recorder(t.sim);
                r.closeOnPeerClosed = true;
                sock.setCallbacks(r);
            });
            TcpSocket c = t.cs.connect(S, 80, cr);
            t.sim.runUntil(Time.seconds(1));
            assertEquals(TcpState.TIME_WAIT, c.state(), t.trace());
            int port = c.tuple().localPort();
            t.inject(t.server, new Segment(S, C, 80, port, 5002, 0, Segment.RST, 0, 0, 0));
            t.sim.runUntil(Time.seconds(2));
            assertEquals(rfc1337 ? TcpState.TIME_WAIT : TcpState.CLOSED, c.state(), t.trace());
        }
    }

    @Test
    void finWait2TimesOutWhenThePeerNeverCloses() {
        build(TcpProfile.linux(), LossModel.NONE, LossModel.NONE);
        Recorder cr = new Recorder(sim);
        cr.closeOnEstablished = true;
        ss.listen(80, sock -> sock.setCallbacks(new Recorder(sim)));
        cs.connect(S, 80, cr);
        sim.runUntil(Time.seconds(100));
        assertEquals(List.of("established@50 ms", "closed TIMEOUT@60.1 s"), cr.events, trace());
        assertTrue(transitions.contains("#1 FIN_WAIT_2->CLOSED"), trace());
    }

    @Test
    void challengeAckForAnRstInsideTheWindow() {
        build(TcpProfile.linux(), LossModel.NONE, LossModel.NONE);
        ss.listen(80, sock -> sock.setCallbacks(new Recorder(sim)));
        TcpSocket c = cs.connect(S, 80, new Recorder(sim));
        sim.runUntil(Time.seconds(1));
        int port = c.tuple().localPort();
        inject(server, new Segment(S, C, 80, port, 5001 + 100, 0, Segment.RST, 0, 0, 0));
        sim.runUntil(Time.seconds(2));
        assertEquals(TcpState.ESTABLISHED, c.state());
        assertTrue(trace().contains("1.025 s client > ACK 1001:5001 len=0"), trace());
        inject(server, new Segment(S, C, 80, port, 5001, 0, Segment.RST, 0, 0, 0));
        sim.runUntil(Time.seconds(3));
        assertEquals(TcpState.CLOSED, c.state());
    }

    @Test
    void rstInSynReceivedReturnsToListen() {
        build(TcpProfile.linux(), LossModel.NONE, DropList.matching(seg(s -> s.isSyn() && s.isAck())));
        ss.listen(80, sock -> { });
        cs.connect(40000, S, 80, new Recorder(sim));
        sim.runUntil(Time.millis(30));
        inject(client, new Segment(C, S, 40000, 80, 1001, 0, Segment.RST, 0, 0, 0));
        sim.runUntil(Time.millis(60));
        assertTrue(transitions.contains("#2 SYN_RECEIVED->LISTEN"), trace());
        assertTrue(transitions.contains("#2 LISTEN->CLOSED"), trace());
        assertEquals(0, ss.connectionCount(), trace());
    }

    @Test
    void halfOpenConnectionIsResetWhenTheSurvivorSends() {
        build(TcpProfile.linux(), LossModel.NONE, DropList.matching(seg(Segment::isRst)).or(LossModel.NONE));
        TcpSocket[] server = {null};
        ss.listen(80, sock -> server[0] = sock);
        Recorder cr = new Recorder(sim);
        TcpSocket c = cs.connect(S, 80, cr);
        sim.runUntil(Time.seconds(1));
        server[0].abort(); // its RST is lost: the client does not know
        sim.runUntil(Time.seconds(2));
        assertEquals(TcpState.ESTABLISHED, c.state());
        c.send(100);
        sim.runUntil(Time.seconds(3));
        assertEquals(TcpState.ESTABLISHED, c.state(), "the server's RST answers are lost too");
    }

    @Test
    void halfOpenDetectedOnData() {
        build(TcpProfile.linux(), LossModel.NONE, DropList.firstMatching(1, seg(Segment::isRst)));
        TcpSocket[] server = {null};
        ss.listen(80, sock -> server[0] = sock);
        Recorder cr = new Recorder(sim);
        TcpSocket c = cs.connect(S, 80, cr);
        sim.runUntil(Time.seconds(1));
        server[0].abort();
        sim.runUntil(Time.seconds(2));
        c.send(100);
        sim.runUntil(Time.seconds(3));
        assertEquals(TcpState.CLOSED, c.state(), trace());
        assertEquals("closed RESET@2.05 s", cr.events.get(1), trace());
    }

    @Test
    void synQueueOverflowDropsTheSyn() {
        build(TcpProfile.linux().toBuilder().set(TcpParameter.SYN_BACKLOG, 1).build(), LossModel.NONE,
                DropList.matching(seg(s -> s.isSyn() && s.isAck())));
        ss.listen(80, sock -> { });
        cs.connect(S, 80, new Recorder(sim));
        cs.connect(S, 80, new Recorder(sim));
        sim.runUntil(Time.millis(100));
        assertTrue(trace().contains("server discards SYN (syn queue full)"), trace());
    }

    @Test
    void twReuseLetsConnectTakeAnOldTimeWaitTuple() {
        build(TcpProfile.linux().toBuilder().set(TcpParameter.EPHEMERAL_PORT_MIN, 40000)
                .set(TcpParameter.EPHEMERAL_PORT_MAX, 40000).set(TcpParameter.TW_REUSE, true).build(),
                LossModel.NONE, LossModel.NONE);
        ss.listen(80, sock -> {
            Recorder r = new Recorder(sim);
            r.closeOnPeerClosed = true;
            sock.setCallbacks(r);
        });
        Recorder first = new Recorder(sim);
        first.closeOnEstablished = true;
        cs.connect(S, 80, first);
        sim.runUntil(Time.millis(500));
        Recorder early = new Recorder(sim);
        cs.connect(S, 80, early);
        sim.runUntil(Time.millis(600));
        assertEquals(List.of("closed PORT_EXHAUSTED@500 ms"), early.events);
        sim.runUntil(Time.seconds(2));
        Recorder late = new Recorder(sim);
        cs.connect(S, 80, late);
        sim.runUntil(Time.seconds(3));
        assertEquals(List.of("established@2.05 s"), late.events, trace());
        assertTrue(log.stream().anyMatch(l -> l.contains("TIME_WAIT->CLOSED (tw-reuse)")), trace());
    }

    @Test
    void dataRetriesExhaustedTimesOut() {
        boolean[] cut = {false};
        build(TcpProfile.linux().toBuilder().set(TcpParameter.DATA_RETRIES, 3).build(), pk -> cut[0], LossModel.NONE);
        ss.listen(80, sock -> { });
        Recorder cr = new Recorder(sim);
        TcpSocket c = cs.connect(S, 80, cr);
        sim.runUntil(Time.seconds(1));
        cut[0] = true;
        c.send(1000);
        sim.runUntil(Time.seconds(100));
        assertEquals(TcpState.CLOSED, c.state(), trace());
        assertTrue(cr.events.get(1).startsWith("closed TIMEOUT"), trace());
    }

    @Test
    void acceptQueueHoldsConnectionsUntilAccepting() {
        build(TcpProfile.linux().toBuilder().set(TcpParameter.LINUX_QUIRKS, false)
                .build(), LossModel.NONE, LossModel.NONE); // N, not N+1
        List<TcpSocket> accepted = new ArrayList<>();
        TcpListener l = ss.listen(80, 1, accepted::add);
        l.setAccepting(false);
        TcpSocket c1 = cs.connect(S, 80, new Recorder(sim));
        c1.send(10);
        cs.connect(S, 80, new Recorder(sim));
        sim.runUntil(Time.seconds(1));
        assertEquals(1, l.acceptQueueLength(), trace());
        assertEquals(1, l.synQueueLength(), trace()); // the second child's third ACK was dropped
        long[] got = {0};
        l.setAccepting(true);
        assertEquals(1, accepted.size());
        sim.runUntil(Time.seconds(5));
        assertEquals(2, accepted.size(), trace());
        assertEquals(0, got[0]);
    }

    @Test
    void closeInSynReceivedAfterSimultaneousOpen() {
        build(TcpProfile.linux(), LossModel.NONE, LossModel.NONE);
        Recorder a = new Recorder(sim);
        Recorder b = new Recorder(sim);
        b.closeOnPeerClosed = true;
        TcpSocket sa = cs.connect(4000, S, 5000, a);
        ss.connect(5000, C, 4000, b);
        sim.runUntil(Time.millis(30)); // both in SYN_RECEIVED
        assertEquals(TcpState.SYN_RECEIVED, sa.state(), trace());
        sa.close();
        sim.run();
        assertEquals(TcpState.CLOSED, sa.state(), trace());
        assertEquals("closed NORMAL@60.08 s", a.events.get(a.events.size() - 1), trace());
        assertEquals(0, cs.connectionCount() + ss.connectionCount());
    }

    @Test
    void synQueueSlotIsFreedWhenTheEmbryonicConnectionTimesOut() {
        boolean[] blackhole = {true};
        build(TcpProfile.linux().toBuilder().set(TcpParameter.SYN_BACKLOG, 1).build(), LossModel.NONE,
                pk -> blackhole[0] && pk instanceof Segment s && s.isSyn() && s.isAck(),
                1000, 5000, 9000, 13000, 17000, 21000, 25000, 29000);
        TcpListener l = ss.listen(80, sock -> { });
        cs.connect(S, 80, new Recorder(sim));
        sim.runUntil(Time.seconds(200)); // the client gives up at 131 s, the server child some time later
        assertEquals(0, l.synQueueLength(), trace());
        blackhole[0] = false;
        Recorder late = new Recorder(sim);
        cs.connect(S, 80, late);
        sim.runUntil(Time.seconds(201));
        assertEquals(List.of("established@200.05 s"), late.events, trace());
    }

    @Test
    void initialWindowAfterOneLostSyn() {
        for (TcpProfile p : new TcpProfile[] {TcpProfile.linux(), TcpProfile.rfc9293()}) {
            LifecycleSmokeTest t = new LifecycleSmokeTest();
            t.build(p.toBuilder().set(TcpParameter.INITIAL_WINDOW, 10).build(),
                    DropList.firstMatching(1, seg(s -> s.isSyn())), LossModel.NONE);
            t.ss.listen(80, sock -> { });
            TcpSocket c = t.cs.connect(S, 80, new SocketCallbacks() {
                @Override
                public void onEstablished(TcpSocket s) {
                    s.send(20 * 1460);
                }
            });
            t.sim.runUntil(Time.millis(1051));
            long dataSegments = t.log.stream().filter(l -> l.contains("client > ACK") && l.endsWith("len=1460"))
                    .count();
            assertEquals(p.linuxQuirks() ? 10 : 1, dataSegments, p.name() + "\n" + t.trace());
            assertEquals(TcpState.ESTABLISHED, c.state());
        }
    }

    @Test
    void bareAckInTimeWaitRestartsTheTimerOnlyUnderLinux() {
        for (TcpProfile p : new TcpProfile[] {TcpProfile.linux(), TcpProfile.rfc9293()}) {
            LifecycleSmokeTest t = new LifecycleSmokeTest();
            t.build(p, LossModel.NONE, LossModel.NONE);
            Recorder cr = new Recorder(t.sim);
            cr.closeOnEstablished = true;
            t.ss.listen(80, sock -> {
                Recorder r = new Recorder(t.sim);
                r.closeOnPeerClosed = true;
                sock.setCallbacks(r);
            });
            TcpSocket c = t.cs.connect(S, 80, cr);
            t.sim.runUntil(Time.seconds(1));
            assertEquals(TcpState.TIME_WAIT, c.state(), t.trace());
            int port = c.tuple().localPort();
            t.inject(t.server, new Segment(S, C, 80, port, 5002, 1002, Segment.ACK, 65535, 0, 0));
            t.sim.run();
            long expected = p.linuxQuirks() ? Time.seconds(1) + Time.millis(25) + p.timeWait()
                    : Time.millis(100) + p.timeWait();
            assertEquals("closed NORMAL@" + Time.format(expected), cr.events.get(cr.events.size() - 1), t.trace());
        }
    }

    @Test
    void ackLoopsAreRateLimitedUnderLinux() {
        for (TcpProfile p : new TcpProfile[] {TcpProfile.linux(), TcpProfile.rfc9293()}) {
            LifecycleSmokeTest t = new LifecycleSmokeTest();
            t.build(p, LossModel.NONE, LossModel.NONE);
            t.ss.listen(80, sock -> { });
            TcpSocket c = t.cs.connect(S, 80, new Recorder(t.sim));
            t.sim.runUntil(Time.seconds(1));
            int port = c.tuple().localPort();
            for (int i = 0; i < 3; i++) {
                // pure ACKs far below RCV.NXT: each is answered by an ACK unless rate-limited
                t.inject(t.server, new Segment(S, C, 80, port, 5001 - 100_000, 1001, Segment.ACK, 65535, 0, 0));
            }
            t.sim.runUntil(Time.seconds(2));
            long acks = t.log.stream().filter(l -> l.startsWith("1.025 s client > ACK")).count();
            assertEquals(p.invalidRatelimit() > 0 ? 1 : 3, acks, p.name() + "\n" + t.trace());
        }
    }

    @Test
    void linuxAcksTheFirstDataAtOnceRfcDelaysIt() {
        for (TcpProfile p : new TcpProfile[] {TcpProfile.linux(), TcpProfile.rfc9293()}) {
            LifecycleSmokeTest t = new LifecycleSmokeTest();
            t.build(p, LossModel.NONE, LossModel.NONE);
            t.ss.listen(80, sock -> { });
            t.cs.connect(S, 80, new SocketCallbacks() {
                @Override
                public void onEstablished(TcpSocket s) {
                    s.send(100);
                }
            });
            t.sim.runUntil(Time.seconds(1));
            String expected = p.linuxQuirks() ? "75 ms server > ACK 5001:1101 len=0" : "275 ms server > ACK 5001:1101 len=0";
            assertTrue(t.log.contains(expected), p.name() + "\n" + t.trace());
        }
    }

    @Test
    void halfOpenDiscoveryWhenTheCrashedEndReopens() {
        // RFC 9293 figure 10: A (client) forgot the connection (its RST was lost) and opens again from the same port
        build(TcpProfile.linux(), DropList.firstMatching(1, seg(Segment::isRst)), LossModel.NONE,
                1000, 5000, 90000, 13000);
        List<TcpSocket> accepted = new ArrayList<>();
        List<CloseReason> serverReasons = new ArrayList<>();
        ss.listen(80, sock -> {
            accepted.add(sock);
            sock.setCallbacks(new SocketCallbacks() {
                @Override
                public void onClosed(TcpSocket x, CloseReason r) {
                    serverReasons.add(r);
                }
            });
        });
        TcpSocket a = cs.connect(40000, S, 80, new Recorder(sim));
        sim.runUntil(Time.seconds(1));
        a.abort();
        sim.runUntil(Time.seconds(2));
        Recorder again = new Recorder(sim);
        cs.connect(40000, S, 80, again);
        sim.runUntil(Time.seconds(10));
        // B answers the SYN with a challenge ACK, A resets B with <SEQ=SEG.ACK>, A's next SYN opens anew
        assertEquals(List.of(CloseReason.RESET), serverReasons, trace());
        assertEquals(2, accepted.size(), trace());
        assertEquals(List.of("established@3.05 s"), again.events, trace());
    }
}
