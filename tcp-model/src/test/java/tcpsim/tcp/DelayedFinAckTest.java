package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static tcpsim.tcp.TestNet.ACK;
import static tcpsim.tcp.TestNet.FIN;
import static tcpsim.tcp.TestNet.ms;
import static tcpsim.tcp.TestNet.s;

import java.util.List;
import org.junit.jupiter.api.Test;
import tcpsim.tcp.TestNet.App;

/**
 * The {@code delayed-fin-ack} key of the {@code linux} profile (issue 10): a FIN that moves the connection to
 * CLOSE_WAIT is acknowledged by the 40 ms delayed-ACK timer (Linux tcp_fin: pingpong mode), so the ACK rides on the
 * application's FIN when it closes in time; FINs arriving in FIN_WAIT_1 or FIN_WAIT_2 are acknowledged at once.
 * 50 ms RTT, ISNs 1000 / 5000, connections established at 75 ms, the client closes at 100 ms.
 */
class DelayedFinAckTest {
    static TestNet net(TcpProfile p) {
        return TestNet.builder().profile(p).build();
    }

    @Test
    void closeWait_applicationClosesAtOnce_finCarriesTheAck_oneSegmentLess() {
        TestNet t = net(TestNet.exactLinux());
        App[] e = t.established();
        e[1].whenPeerClosed = TcpSocket::close;
        t.at(ms(100), () -> e[0].socket.close());
        t.expectSentAt(ms(100), t.client, FIN | ACK, 1001, 5001);
        t.expectSentAt(ms(125), t.server, FIN | ACK, 5001, 1002); // no pure ACK before it
        t.expectSentAt(ms(150), t.client, ACK, 1002, 5002);
        t.expectNothingSentUntil(t.server, s(1));
        assertEquals(List.of("ESTABLISHED>FIN_WAIT_1@100", "FIN_WAIT_1>TIME_WAIT@150"),
                t.path(t.conn(t.client, 0)).subList(2, 4));
        assertEquals(ms(175), e[1].closedAt);
    }

    @Test
    void closeWait_applicationClosesLater_ackAfterTheDelay_thenFinWait2AcksTheFinAtOnce() {
        TestNet t = net(TestNet.exactLinux());
        App[] e = t.established();
        t.at(ms(100), () -> e[0].socket.close());
        t.at(ms(300), () -> e[1].socket.close());
        t.expectSentAt(ms(100), t.client, FIN | ACK, 1001, 5001);
        t.expectSentAt(ms(165), t.server, ACK, 5001, 1002); // 125 ms + delayed-ack 40 ms
        t.expectSentAt(ms(300), t.server, FIN | ACK, 5001, 1002);
        t.expectSentAt(ms(325), t.client, ACK, 1002, 5002); // FIN_WAIT_2: at once
        assertEquals(ms(190), t.entered(t.conn(t.client, 0), TcpState.FIN_WAIT_2));
        assertEquals(ms(325), t.entered(t.conn(t.client, 0), TcpState.TIME_WAIT));
    }

    @Test
    void closeWait_keyOff_ackAtOnceThenFin() {
        TestNet t = net(TestNet.exactLinux().toBuilder().set(TcpParameter.DELAYED_FIN_ACK, false).build());
        App[] e = t.established();
        e[1].whenPeerClosed = TcpSocket::close;
        t.at(ms(100), () -> e[0].socket.close());
        t.expectSentAt(ms(100), t.client, FIN | ACK, 1001, 5001);
        t.expectSentAt(ms(125), t.server, ACK, 5001, 1002);
        t.expectSentAt(ms(125), t.server, FIN | ACK, 5001, 1002);
        t.expectSentAt(ms(150), t.client, ACK, 1002, 5002);
    }

    @Test
    void finWait1_simultaneousClose_bothAckTheCrossingFinAtOnce() {
        TestNet t = net(TestNet.exactLinux());
        App[] e = t.established();
        t.at(ms(100), () -> {
            e[0].socket.close();
            e[1].socket.close();
        });
        t.expectSentAt(ms(100), t.client, FIN | ACK, 1001, 5001);
        t.expectSentAt(ms(100), t.server, FIN | ACK, 5001, 1001);
        t.expectSentAt(ms(125), t.client, ACK, 1002, 5002);
        t.expectSentAt(ms(125), t.server, ACK, 5002, 1002);
        t.runUntil(ms(200));
        assertEquals(ms(125), t.entered(t.conn(t.client, 0), TcpState.CLOSING));
        assertEquals(ms(150), t.entered(t.conn(t.client, 0), TcpState.TIME_WAIT));
    }
}
