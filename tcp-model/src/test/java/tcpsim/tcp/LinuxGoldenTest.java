package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcpsim.tcp.TestNet.ms;
import static tcpsim.tcp.TestNet.s;

import java.util.List;
import org.junit.jupiter.api.Test;
import tcpsim.kernel.net.DropList;
import tcpsim.tcp.GoldenCase.Wire;
import tcpsim.tcp.TestNet.App;
import tcpsim.tcp.TestNet.Server;

/**
 * The measured Linux cases of {@code linux-golden/} staged in tcpsim under the {@code linux} profile: two hosts,
 * 25 ms each way, the case's applications and its drop rule by segment kind and occurrence. Each test asserts the
 * exact list of differences from the measured wire ({@link GoldenWire#diff}: same segments in the same order,
 * times within 5 ms); an empty list is a match, any other list is the known difference of that case, and the
 * comment above it says why it remains. A mechanism that changes a case makes its test fail until the list is
 * updated.
 */
class LinuxGoldenTest {
    static final int REQUEST = 100;
    static final int RESPONSE = 1000;

    /** How the server application closes. */
    enum ServerClose {
        /** When the client's FIN arrives, after {@code serverCloseDelay}. */
        ON_EOF,
        /** Right after queueing the response (it is the active closer). */
        AFTER_RESPONSE,
        /** The test closes it. */
        BY_TEST
    }

    /** One staged case: the network, the wire recorder and the applications. */
    static final class Stage {
        final TestNet net;
        final GoldenWire wire = new GoldenWire();
        final Server server;
        int request = REQUEST;
        int response = RESPONSE;
        long serverCloseDelay;
        ServerClose serverClose = ServerClose.ON_EOF;
        /** The server answers only after the client's FIN, this long after it (c08b); -1 = on the request. */
        long respondAfterEof = -1;

        Stage() {
            net = TestNet.builder().profile(profile()).oneWay(ms(25)).build();
            net.net.addObserver(wire);
            server = net.listen();
            server.setup = this::serve;
        }

        static TcpProfile profile() {
            return TcpProfile.linux();
        }

        private void serve(App a) {
            if (respondAfterEof >= 0) {
                a.whenPeerClosed = sk -> net.at(net.now() + respondAfterEof, () -> {
                    sk.send(response);
                    sk.close();
                });
                return;
            }
            Runnable respond = () -> {
                a.socket.send(response);
                if (serverClose == ServerClose.AFTER_RESPONSE) {
                    a.socket.close();
                }
            };
            if (request == 0) {
                respond.run();
            } else {
                a.whenData = (sk, n) -> {
                    if (a.received == request) {
                        respond.run();
                    }
                };
            }
            if (serverClose == ServerClose.ON_EOF) {
                a.whenPeerClosed = sk -> {
                    if (serverCloseDelay == 0) {
                        sk.close();
                    } else {
                        net.at(net.now() + serverCloseDelay, sk::close);
                    }
                };
            }
        }

        /** A client at {@code time}: request, then close after the whole response (or on EOF when passive). */
        App client(long time, boolean closeAfterResponse) {
            App[] holder = new App[1];
            net.at(time, () -> holder[0] = clientNow(closeAfterResponse));
            net.runUntil(time);
            return holder[0];
        }

        private App clientNow(boolean closeAfterResponse) {
            App c = net.connect();
            c.whenEstablished = sk -> sk.send(request);
            if (closeAfterResponse) {
                c.whenData = (sk, n) -> {
                    if (c.received == response) {
                        sk.close();
                    }
                };
            } else {
                c.whenPeerClosed = TcpSocket::close;
            }
            return c;
        }

        /** A client that shutdown(SHUT_WR)s right after the request and closes on EOF. */
        App shutdownClient(long time) {
            App[] holder = new App[1];
            net.at(time, () -> {
                App c = net.connect();
                c.whenEstablished = sk -> {
                    sk.send(request);
                    sk.shutdown();
                };
                c.whenPeerClosed = TcpSocket::close;
                holder[0] = c;
            });
            net.runUntil(time);
            return holder[0];
        }

        List<String> diff(String caseName, long until) {
            net.runUntil(until);
            List<Wire> linux = GoldenCase.load(caseName).wire();
            return GoldenWire.diff(linux, wire.wire);
        }
    }

    static boolean pureAck(Wire w, long ack) {
        return w.flags().equals("A") && w.len() == 0 && w.ack() == ack;
    }

    /**
     * Runs the case to {@code until} and asserts that its differences from the measured wire are exactly those
     * listed for it in {@link KnownDifferences}, which must also say why each remains.
     */
    static void known(String caseName, Stage st, long until) {
        List<String> actual = st.diff(caseName, until);
        KnownDifferences.Entry known = KnownDifferences.load().of(caseName);
        assertEquals(String.join("\n", known.lines()), String.join("\n", actual), caseName + ": differences");
        assertTrue(actual.isEmpty() || !known.why().isEmpty(), caseName + ": a difference needs its reason");
    }

    // ------------------------------------------------------------------ the cases

    @Test
    void parserReadsEveryWireLineOfACase() {
        List<Wire> w = GoldenCase.load("c01-final-ack-lost-x5").wire();
        assertEquals(20, w.size());
        assertEquals("0.0000 0 AB S 0 - 0", w.get(0).toString());
        assertEquals("0.0505 0 AB A 1 1 100", w.get(3).toString()); // PA: PSH is not compared
        assertEquals("0.1527 0 AB DROP A 102 1002 0", w.get(9).toString());
        assertEquals(5, w.stream().filter(Wire::lost).count());
        assertEquals(2, GoldenCase.load("c04-fw2-timeout").wire().stream().mapToInt(Wire::conn).distinct().count());
    }

    @Test
    void diffNamesMissingExtraAndLateSegmentsPerDirection() {
        Wire syn = new Wire(0, 0, true, false, "S", 0, -1, 0);
        Wire synAck = new Wire(ms(25), 0, false, false, "SA", 0, 1, 0);
        Wire ack = new Wire(ms(50), 0, true, false, "A", 1, 1, 0);
        Wire lateAck = new Wire(ms(56), 0, true, false, "A", 1, 1, 0);
        Wire data = new Wire(ms(50), 0, true, false, "A", 1, 1, 100);
        assertEquals(List.of(), GoldenWire.diff(List.of(syn, synAck, ack), List.of(syn, synAck,
                new Wire(ms(55), 0, true, false, "A", 1, 1, 0))));
        assertEquals(List.of("AB: time: 0 AB A 1 1 0 linux 0.0500 tcpsim 0.0560", "AB: linux only: 0.0500 0 AB A 1 1 100",
                "BA: tcpsim only: 0.0250 0 BA SA 0 1 0"),
                GoldenWire.diff(List.of(syn, ack, data), List.of(syn, synAck, lateAck)));
    }


    @Test
    void c01_finalAckLostFiveTimes() {
        Stage st = new Stage();
        // the client's ACK of the server's FIN (relative ack 1002) and its next 4 re-ACKs
        st.net.dropUp(st.wire.drop(true, w -> pureAck(w, RESPONSE + 2), 1, 2, 3, 4, 5));
        st.client(0, true);
        known("c01-final-ack-lost-x5", st, s(10));
    }

    @Test
    void c01b_finalAckLostServerFirst() {
        Stage st = new Stage();
        st.serverClose = ServerClose.AFTER_RESPONSE;
        // the server's ACK of the client's FIN (relative ack 102), once
        st.net.dropDown(st.wire.drop(false, w -> pureAck(w, REQUEST + 2), 1));
        st.client(0, false);
        known("c01b-final-ack-lost-server-first", st, s(5));
    }

    @Test
    void c03_clientFinLost() {
        Stage st = new Stage();
        st.net.dropUp(DropList.among(SegmentKind.FIN.packets(), 1));
        st.client(0, true);
        known("c03-client-fin-lost", st, s(3));
    }

    @Test
    void c04_finWait2TimeoutAfterCloseNotAfterShutdown() {
        Stage st = new Stage();
        st.serverCloseDelay = s(70);
        st.client(0, true);
        st.shutdownClient(ms(518) + 400_000);
        known("c04-fw2-timeout", st, s(76));
    }

    @Test
    void c05a_firstSynAckLost_r1() {
        Stage st = new Stage();
        st.net.dropDown(DropList.among(SegmentKind.SYN_ACK.packets(), 1));
        st.client(0, true);
        known("c05a-synack-lost1-r1", st, s(5));
    }

    @Test
    void c05a_firstSynAckLost_r2() {
        Stage st = new Stage();
        st.net.dropDown(DropList.among(SegmentKind.SYN_ACK.packets(), 1));
        st.client(0, true);
        known("c05a-synack-lost1-r2", st, s(5));
    }

    @Test
    void c05a_firstSynAckLost_r3() {
        Stage st = new Stage();
        st.net.dropDown(DropList.among(SegmentKind.SYN_ACK.packets(), 1));
        st.client(0, true);
        known("c05a-synack-lost1-r3", st, s(5));
    }

    @Test
    void c05b_firstTwoSynAcksLost_r1() {
        Stage st = new Stage();
        st.net.dropDown(DropList.among(SegmentKind.SYN_ACK.packets(), 1, 2));
        st.client(0, true);
        known("c05b-synack-lost2-r1", st, s(6));
    }

    @Test
    void c05b_firstTwoSynAcksLost_r2() {
        Stage st = new Stage();
        st.net.dropDown(DropList.among(SegmentKind.SYN_ACK.packets(), 1, 2));
        st.client(0, true);
        known("c05b-synack-lost2-r2", st, s(6));
    }

    @Test
    void c05b_firstTwoSynAcksLost_r3() {
        Stage st = new Stage();
        st.net.dropDown(DropList.among(SegmentKind.SYN_ACK.packets(), 1, 2));
        st.client(0, true);
        known("c05b-synack-lost2-r3", st, s(6));
    }

    @Test
    void c06_closedPort() {
        Stage st = new Stage();
        st.net.connect(5002);
        known("c06-closed-port", st, s(2));
    }

    @Test
    void c07_simultaneousClose() {
        Stage st = new Stage();
        st.serverClose = ServerClose.BY_TEST;
        App c = st.client(0, false);
        c.whenPeerClosed = sk -> { };
        st.net.runUntil(ms(999));
        st.net.at(ms(999) + 100_000, () -> {
            c.socket.close();
            st.server.accepted.get(0).socket.close();
        });
        known("c07-simultaneous", st, s(3));
    }

    @Test
    void c08_closeWaitTwoSeconds() {
        Stage st = new Stage();
        st.serverCloseDelay = ms(2000);
        st.client(0, true);
        known("c08-close-wait-2s", st, s(4));
    }

    @Test
    void c08b_closeWaitWithData() {
        Stage st = new Stage();
        st.response = 5000;
        st.respondAfterEof = ms(2000);
        st.shutdownClient(0);
        known("c08b-close-wait-data", st, s(4));
    }

    @Test
    void c09a_thirdAckLostWithData() {
        Stage st = new Stage();
        st.net.dropUp(DropList.among(SegmentKind.ACK.packets(), 1)); // the handshake's ACK: the first pure one up
        st.client(0, true);
        known("c09a-third-ack-lost-data", st, s(3));
    }

    @Test
    void c09b_thirdAckLostNoData() {
        Stage st = new Stage();
        st.request = 0;
        st.net.dropUp(DropList.among(SegmentKind.ACK.packets(), 1)); // the handshake's ACK: the first pure one up
        st.client(0, true);
        known("c09b-third-ack-lost-nodata", st, s(3));
    }
}
