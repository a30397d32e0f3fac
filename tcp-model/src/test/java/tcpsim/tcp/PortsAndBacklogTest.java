package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcpsim.tcp.TestNet.ms;
import static tcpsim.tcp.TestNet.s;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tcpsim.kernel.net.DropList;
import tcpsim.tcp.TestNet.App;
import tcpsim.tcp.TestNet.Server;

/** Ephemeral ports, TIME_WAIT blocking reuse (port exhaustion), tw-reuse, and the SYN / accept backlogs. */
class PortsAndBacklogTest {

    static TcpProfile narrowPorts(boolean twReuse) {
        return TestNet.quietLinux().toBuilder().set(TcpParameter.EPHEMERAL_PORT_MIN, 40000)
                .set(TcpParameter.EPHEMERAL_PORT_MAX, 40003).set(TcpParameter.TW_REUSE, twReuse)
                .build();
    }

    /**
     * Four connections from ports 40000-40003, each closed by the client as soon as it is established and by the
     * server when told: the client holds all four ports in TIME_WAIT from 100 ms to 60.1 s.
     */
    static List<App> fillWithTimeWait(TestNet t, Server srv) {
        srv.setup = a -> a.whenPeerClosed = TcpSocket::close;
        List<App> apps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            App a = t.connect();
            a.whenEstablished = TcpSocket::close;
            apps.add(a);
        }
        t.runUntil(ms(100));
        for (App a : apps) {
            assertEquals(TcpState.TIME_WAIT, a.socket.state(), t.trace());
        }
        return apps;
    }

    @Nested
    class EphemeralPorts {
        @Test
        void connect_usesDistinctPortsFromProfileRange() {
            TestNet t = TestNet.builder().clientProfile(narrowPorts(false)).build();
            t.listen();
            TreeSet<Integer> ports = new TreeSet<>();
            for (int i = 0; i < 4; i++) {
                ports.add(t.clientPort(t.connect()));
            }
            assertEquals(new TreeSet<>(List.of(40000, 40001, 40002, 40003)), ports);
            t.runUntil(ms(100));
            assertEquals(4, t.rec.connectionsOf("server").size());
        }

        @Test
        void connect_skipsPortsWithAListener() {
            TestNet t = TestNet.builder().clientProfile(narrowPorts(false)).build();
            t.listen();
            t.listen(t.clientStack, 40001);
            TreeSet<Integer> ports = new TreeSet<>();
            List<App> apps = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                App a = t.connect();
                apps.add(a);
                if (a.socket.state() != TcpState.CLOSED) {
                    ports.add(t.clientPort(a));
                }
            }
            assertEquals(new TreeSet<>(List.of(40000, 40002, 40003)), ports);
            t.runUntil(ms(1));
            assertEquals(CloseReason.PORT_EXHAUSTED, apps.get(3).reason);
        }

        @Test
        void connect_linuxProfile_portInLinuxRange() {
            TestNet t = TestNet.standard();
            t.listen();
            int port = t.clientPort(t.connect());
            assertTrue(port >= 32768 && port <= 60999, "port " + port);
        }
    }

    @Nested
    class PortExhaustion {
        @Test
        void timeWaitHoldsAllPorts_connectFailsPortExhausted_notReentrant() {
            TestNet t = TestNet.builder().clientProfile(narrowPorts(false)).build();
            Server srv = t.listen();
            fillWithTimeWait(t, srv);
            t.runUntil(s(1));
            t.skipSent();
            App fifth = t.connect();
            assertEquals(TcpState.CLOSED, fifth.socket.state());
            assertFalse(fifth.calledDuringConnect, "onClosed must come from a zero-delay event, not from connect()");
            assertEquals(-1, fifth.closedAt, "not yet: the event has not run");
            t.runUntil(s(1));
            assertEquals(CloseReason.PORT_EXHAUSTED, fifth.reason);
            assertEquals(s(1), fifth.closedAt);
            assertEquals(1, fifth.closedCalls);
            assertTrue(t.rec.closed.stream().anyMatch(x -> x.reason() == CloseReason.PORT_EXHAUSTED
                    && x.time() == s(1)), "observer told of the port exhaustion\n" + t.trace());
            t.expectNothingSentUntil(t.client, s(2));
        }

        @Test
        void timeWaitEnds_portsUsableAgain() {
            TestNet t = TestNet.builder().clientProfile(narrowPorts(false)).build();
            Server srv = t.listen();
            fillWithTimeWait(t, srv);
            t.runUntil(s(60) + ms(99));
            App early = t.connect();
            t.runUntil(s(60) + ms(100));
            assertEquals(CloseReason.PORT_EXHAUSTED, early.reason, t.trace());
            // every TIME_WAIT ended at 60.1 s: a connect at 60.1 s (after they ran) succeeds
            App late = t.connect();
            t.runUntil(s(61));
            assertEquals(s(60) + ms(150), late.establishedAt, t.trace());
            int p = t.clientPort(late);
            assertTrue(p >= 40000 && p <= 40003);
        }

        @Test
        void timeWaitToOneDestination_otherDestinationPortStillConnects() {
            // Linux keeps the 4-tuple unique, not the local port: TIME_WAIT towards server:80 does not block :81
            TestNet t = TestNet.builder().clientProfile(narrowPorts(false)).build();
            Server srv = t.listen();
            t.listen(t.serverStack, 81);
            fillWithTimeWait(t, srv);
            t.runUntil(s(1));
            App other = t.connect(81);
            t.runUntil(s(2));
            assertEquals(s(1) + ms(50), other.establishedAt, t.trace());
        }

        @Test
        void twReuse_connectReusesTimeWaitPortOlderThanOneSecond() {
            TestNet t = TestNet.builder().clientProfile(narrowPorts(true)).build();
            Server srv = t.listen();
            List<App> old = fillWithTimeWait(t, srv);
            t.runUntil(s(2));
            App fifth = t.connect();
            int p = t.clientPort(fifth);
            assertTrue(p >= 40000 && p <= 40003, "port " + p);
            assertNotEquals(TcpState.CLOSED, fifth.socket.state());
            t.runUntil(s(3));
            assertEquals(s(2) + ms(50), fifth.establishedAt, t.trace());
            long reused = old.stream().filter(a -> a.socket.state() == TcpState.CLOSED).count();
            assertEquals(1, reused, "exactly the reused TIME_WAIT connection ended\n" + t.trace());
            App gone = old.stream().filter(a -> a.socket.state() == TcpState.CLOSED).findFirst().orElseThrow();
            assertEquals(p, t.clientPort(gone));
            assertEquals(s(2), gone.closedAt);
            assertEquals(1, gone.closedCalls);
            // the new SYN was accepted by the server as a new connection
            assertEquals(5, srv.accepted.size());
        }

        @Test
        void twReuse_peerStillInLastAck_challengeAckRstThenRetriedSynConnects() {
            // the server never got our final ACK (all lost) and is still in LAST_ACK when tw-reuse takes the
            // 4-tuple: its challenge ACK makes the SYN-SENT client answer <SEQ=SEG.ACK><CTL=RST>, which ends LAST_ACK
            TcpProfile cp = TestNet.quietLinux().toBuilder().set(TcpParameter.EPHEMERAL_PORT_MIN, 40000)
                    .set(TcpParameter.EPHEMERAL_PORT_MAX, 40000)
                    .set(TcpParameter.TW_REUSE, true).build();
            TestNet t = TestNet.builder().clientProfile(cp).build();
            t.dropUp(DropList.matching(TestNet.seg(x -> x.isAck() && !x.isFin() && x.ack() == 5002)));
            App[] e = t.established();
            t.at(ms(100), () -> e[0].socket.close());
            t.at(ms(200), () -> e[1].socket.close());
            t.runUntil(s(2));
            assertEquals(TcpState.TIME_WAIT, e[0].socket.state());
            assertEquals(TcpState.LAST_ACK, e[1].socket.state(), t.trace());
            App again = t.connect();
            assertEquals(40000, t.clientPort(again));
            t.runUntil(s(4));
            assertEquals(CloseReason.RESET, e[1].reason, t.trace());
            assertEquals(s(3) + ms(50), again.establishedAt, t.trace());
        }

        @Test
        void twReuse_timeWaitYoungerThanOneSecond_notReused() {
            TestNet t = TestNet.builder().clientProfile(narrowPorts(true)).build();
            Server srv = t.listen();
            fillWithTimeWait(t, srv);
            t.runUntil(ms(500));
            App fifth = t.connect();
            t.runUntil(ms(600));
            assertEquals(CloseReason.PORT_EXHAUSTED, fifth.reason, t.trace());
        }
    }

    @Nested
    class Backlog {
        @Test
        void synBacklogFull_secondSynDropped_retransmissionAcceptedLater() {
            TcpProfile sp = TestNet.quietLinux().toBuilder().set(TcpParameter.SYN_BACKLOG, 1).build();
            TestNet t = TestNet.builder().serverProfile(sp).build();
            Server srv = t.listen();
            App a = t.connect();
            App b = t.connect();
            t.runUntil(ms(25));
            assertEquals(1, srv.listener.synQueueLength());
            assertEquals(1, t.rec.connectionsOf("server").size(), "the second SYN made no connection\n" + t.trace());
            assertTrue(t.rec.discarded.stream().anyMatch(d -> d.time() == ms(25) && d.seg().isSyn()
                    && d.seg().sourcePort() == t.clientPort(b)), "SYN discarded\n" + t.trace());
            t.runUntil(s(3));
            assertEquals(ms(50), a.establishedAt);
            assertEquals(s(1) + ms(50), b.establishedAt, t.trace());
            assertEquals(2, srv.accepted.size());
            long synAcksToB = t.rec.sentBy("server").stream()
                    .filter(x -> x.seg().isSyn() && x.seg().destinationPort() == t.clientPort(b)).count();
            assertEquals(1, synAcksToB);
        }

        @Test
        void synQueue_slotFreedWhenEmbryonicConnectionTimesOut() {
            TcpProfile sp = TestNet.quietLinux().toBuilder().set(TcpParameter.SYN_BACKLOG, 1).build();
            TestNet t = TestNet.builder().serverProfile(sp).build();
            Server srv = t.listen();
            boolean[] blackhole = {true};
            t.dropUp(DropList.matching(TestNet.seg(x -> blackhole[0] && !x.isSyn())));
            t.connect();
            t.runUntil(s(64));
            Connection first = t.conn(t.server, 0);
            assertEquals(CloseReason.TIMEOUT, t.closed(first).reason(), t.trace());
            assertEquals(s(63) + ms(25), t.closed(first).time());
            assertEquals(0, srv.listener.synQueueLength(), "the SYN_RECEIVED -> CLOSED child left the SYN queue");
            blackhole[0] = false;
            App later = t.connect();
            t.runUntil(s(66));
            assertEquals(s(64) + ms(50), later.establishedAt, t.trace());
            assertEquals(1, srv.accepted.size());
        }

        @Test
        void synQueue_slotFreedWhenEmbryonicConnectionReset() {
            TcpProfile sp = TestNet.quietLinux().toBuilder().set(TcpParameter.SYN_BACKLOG, 1).build();
            TestNet t = TestNet.builder().serverProfile(sp).build();
            Server srv = t.listen();
            t.dropDown(DropList.positions(1));
            App a = t.connect();
            int cp = t.clientPort(a);
            t.at(ms(30), () -> t.deliver(TestNet.fromClient(cp, TestNet.RST, 1001, 0)));
            t.runUntil(ms(100));
            assertEquals(0, srv.listener.synQueueLength(), t.trace());
            t.runUntil(s(2));
            assertEquals(s(1) + ms(50), a.establishedAt, t.trace());
        }

        @Test
        void acceptQueue_dataAndFinBeforeAccept_deliveredOnAccept() {
            TestNet t = TestNet.standard();
            Server srv = t.listen();
            srv.listener.setAccepting(false);
            App c = t.connect();
            c.whenEstablished = sock -> {
                sock.send(500);
                sock.close();
            };
            t.runUntil(ms(200));
            assertEquals(TcpState.CLOSE_WAIT, t.conn(t.server, 0).state(), t.trace());
            assertTrue(srv.accepted.isEmpty());
            t.at(ms(300), () -> srv.listener.setAccepting(true));
            t.runUntil(ms(300));
            App sv = srv.accepted.get(0);
            assertEquals(List.of("accepted@300", "data:500@300", "peerClosed@300"), sv.events);
            sv.socket.close();
            t.runUntil(ms(400));
            assertEquals(CloseReason.NORMAL, sv.reason, t.trace());
        }

        /** Linux timing without Linux's departures from the RFCs: a backlog of N holds exactly N. */
        TestNet strictBacklog() {
            return TestNet.builder().profile(TestNet.quietLinux().toBuilder().set(TcpParameter.LINUX_QUIRKS, false)
                    .build()).build();
        }

        @Test
        void acceptQueue_linuxHoldsBacklogPlusOne() {
            // Linux sk_acceptq_is_full(): sk_ack_backlog > sk_max_ack_backlog, so listen(fd, 1) queues 2
            TestNet t = TestNet.standard();
            Server srv = t.listen(t.serverStack, TestNet.PORT, 1);
            srv.listener.setAccepting(false);
            App a = t.connect();
            App b = t.connect();
            t.runUntil(ms(100));
            App c = t.connect();
            t.runUntil(ms(200));
            assertEquals(2, srv.listener.acceptQueueLength(), t.trace());
            assertTrue(t.rec.discarded.stream().anyMatch(d -> d.time() == ms(125) && d.seg().isSyn()
                    && d.seg().sourcePort() == t.clientPort(c)), "the third SYN is dropped\n" + t.trace());
            assertEquals(ms(50), a.establishedAt);
            assertEquals(ms(50), b.establishedAt);
        }

        @Test
        void acceptQueueFull_newSynDropped_untilApplicationAccepts() {
            TestNet t = strictBacklog();
            Server srv = t.listen(t.serverStack, TestNet.PORT, 1);
            srv.listener.setAccepting(false);
            App a = t.connect();
            t.runUntil(ms(100));
            assertEquals(1, srv.listener.acceptQueueLength());
            assertTrue(srv.accepted.isEmpty());
            assertEquals(ms(75), t.entered(t.conn(t.server, 0), TcpState.ESTABLISHED));
            App b = t.connect();
            t.runUntil(ms(125));
            assertTrue(t.rec.discarded.stream().anyMatch(d -> d.time() == ms(125) && d.seg().isSyn()),
                    "SYN dropped on a full accept queue\n" + t.trace());
            assertEquals(1, t.rec.connectionsOf("server").size(), t.trace());
            t.at(ms(500), () -> srv.listener.setAccepting(true));
            t.runUntil(s(3));
            assertEquals(ms(50), a.establishedAt);
            assertEquals(ms(500), srv.accepted.get(0).establishedAt, "handed over when accepting resumes");
            assertEquals(a.socket.tuple().localPort(), srv.accepted.get(0).socket.tuple().remotePort());
            assertEquals(s(1) + ms(150), b.establishedAt, t.trace());
            assertEquals(2, srv.accepted.size());
        }

        @Test
        void acceptQueueFull_thirdAckDropped_serverRetransmitsSynAckUntilRoom() {
            TestNet t = strictBacklog();
            Server srv = t.listen(t.serverStack, TestNet.PORT, 1);
            srv.listener.setAccepting(false);
            App a = t.connect();
            App b = t.connect();
            t.runUntil(ms(75));
            assertEquals(1, srv.listener.acceptQueueLength(), t.trace());
            Connection sb = t.conn(t.server, 1);
            assertEquals(TcpState.SYN_RECEIVED, sb.state(), "B's third ACK dropped: queue full\n" + t.trace());
            assertTrue(t.rec.discarded.stream().anyMatch(d -> d.time() == ms(75)
                    && d.seg().sourcePort() == t.clientPort(b)), t.trace());
            assertEquals(ms(50), b.establishedAt, "the client cannot tell");
            t.at(s(2), () -> srv.listener.setAccepting(true));
            t.runUntil(s(10));
            assertEquals(2, srv.accepted.size(), t.trace());
            assertEquals(s(2), srv.accepted.get(0).establishedAt);
            // SYN-ACK retransmissions at 1.025 s (ACK dropped again: queue still full) and 3.025 s (ACK accepted)
            assertEquals(s(3) + ms(75), t.entered(sb, TcpState.ESTABLISHED), t.trace());
            assertEquals(s(3) + ms(75), srv.accepted.get(1).establishedAt);
            assertEquals(a.socket.tuple().localPort(), srv.accepted.get(0).socket.tuple().remotePort());
        }
    }
}
