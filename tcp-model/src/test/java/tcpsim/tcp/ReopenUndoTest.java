package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static tcpsim.tcp.TestNet.ACK;
import static tcpsim.tcp.TestNet.CLIENT_IP;
import static tcpsim.tcp.TestNet.PORT;
import static tcpsim.tcp.TestNet.RST;
import static tcpsim.tcp.TestNet.SYN;
import static tcpsim.tcp.TestNet.fromClient;
import static tcpsim.tcp.TestNet.ms;
import static tcpsim.tcp.TestNet.s;

import java.util.List;
import org.junit.jupiter.api.Test;
import tcpsim.tcp.TestNet.App;

/**
 * The {@code reopen-undo} key (issue 10; on in {@code rfc9293}): RFC 9293 3.10.7.4 MAY-2 condition 2, a TIME_WAIT
 * connection reopened by a SYN returns to TIME_WAIT when the SYN was an old duplicate (the client, which has no
 * such connection, answers the SYN-ACK with an RST). The server closes first (100 ms) and is in TIME_WAIT from
 * 175 ms; client port 40000, RFC 9293 values with delayed ACK off.
 */
class ReopenUndoTest {
    static TestNet serverTimeWait(boolean undo) {
        TcpProfile p = TcpProfile.rfc9293().toBuilder().set(TcpParameter.DELAYED_ACK, 0)
                .set(TcpParameter.EPHEMERAL_PORT_MIN, 40000)
                .set(TcpParameter.EPHEMERAL_PORT_MAX, 40000).set(TcpParameter.REOPEN_UNDO, undo).build();
        TestNet t = TestNet.builder().profile(p).clientIsns(1000, 2_000_000).build();
        App[] e = t.established();
        t.at(ms(100), () -> e[1].socket.close());
        t.at(ms(150), () -> e[0].socket.close());
        t.runUntil(ms(200));
        assertEquals(TcpState.TIME_WAIT, e[1].socket.state(), t.trace());
        t.skipSent();
        return t;
    }

    /** An old duplicate SYN of the client's port arrives at 225 ms, above the old sequence space. */
    static void oldDuplicateSyn(TestNet t) {
        t.deliver(fromClient(40000, SYN, 3_000_000, 0));
        t.expectSentAt(ms(225), t.server, SYN | ACK, 5002 + 65537, 3_000_001);
        t.expectSentAt(ms(250), t.client, RST, 3_000_001, 0); // <SEQ=SEG.ACK><CTL=RST>: no such connection
    }

    @Test
    void oldDuplicateSyn_rstToTheSynAck_tupleBackInTimeWait_whichExpiresAsBefore() {
        TestNet t = serverTimeWait(true);
        oldDuplicateSyn(t);
        t.runUntil(ms(300));
        Connection old = t.conn(t.server, 0);
        Connection child = t.conn(t.server, 1);
        assertEquals(old, t.serverStack.lookup(PORT, CLIENT_IP, 40000));
        assertEquals(TcpState.TIME_WAIT, old.state());
        assertEquals(List.of("LISTEN>SYN_RECEIVED@225", "SYN_RECEIVED>LISTEN@275", "LISTEN>CLOSED@275"),
                t.path(child));
        // the restored record answers from the old sequence space again: a retransmitted FIN gets its ACK (and the
        // client, which has no connection, resets it: RST at RCV.NXT closes TIME_WAIT without rfc1337)
        t.deliver(fromClient(40000, TestNet.FIN | ACK, 1001, 5002));
        t.expectSentAt(ms(325), t.server, ACK, 5002, 1002);
        t.expectSentAt(ms(350), t.client, RST, 1002, 0);
        t.runUntil(ms(400));
        assertEquals("TIME_WAIT>CLOSED@375", t.path(old).get(t.path(old).size() - 1));
    }

    @Test
    void oldDuplicateSyn_restoredTimeWaitExpires240sAfterItsEntry() {
        TestNet t = serverTimeWait(true);
        oldDuplicateSyn(t);
        t.runUntil(s(250));
        Connection old = t.conn(t.server, 0);
        assertEquals("TIME_WAIT>CLOSED@240175", t.path(old).get(t.path(old).size() - 1));
        assertEquals(CloseReason.NORMAL, t.closed(old).reason());
        assertNull(t.serverStack.lookup(PORT, CLIENT_IP, 40000));
    }

    @Test
    void keyOff_oldDuplicateSyn_timeWaitGoneAtTheSyn() {
        TestNet t = serverTimeWait(false);
        oldDuplicateSyn(t);
        t.runUntil(ms(300));
        assertEquals("TIME_WAIT>CLOSED@225", t.path(t.conn(t.server, 0)).get(t.path(t.conn(t.server, 0)).size() - 1));
        assertNull(t.serverStack.lookup(PORT, CLIENT_IP, 40000));
    }

    @Test
    void genuineNewIncarnation_oldEndsWhenTheNewIsEstablished() {
        TestNet t = serverTimeWait(true);
        App again = t.connect();
        t.expectSentAt(ms(200), t.client, SYN, 2_000_000, 0);
        t.expectSentAt(ms(225), t.server, SYN | ACK, 5002 + 65537, 2_000_001);
        t.runUntil(ms(300));
        assertEquals(ms(250), again.establishedAt);
        Connection old = t.conn(t.server, 0);
        assertEquals("TIME_WAIT>CLOSED@275", t.path(old).get(t.path(old).size() - 1));
        assertEquals(TcpState.ESTABLISHED, t.serverStack.lookup(PORT, CLIENT_IP, 40000).state());
    }
}
