package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tcpsim.kernel.net.Host;

/** The checker used by every test: it must accept the RFC diagram and reject anything else. */
class InvariantsTest {

    static Connection fake(long id, TcpState[] state) {
        return new Connection() {
            @Override
            public long id() {
                return id;
            }

            @Override
            public Host host() {
                return null;
            }

            @Override
            public FourTuple tuple() {
                return new FourTuple(1, 2, 3, 4);
            }

            @Override
            public TcpState state() {
                return state[0];
            }

            @Override
            public boolean activeOpen() {
                return true;
            }

            @Override
            public Object attachment() {
                return null;
            }

            @Override
            public void attach(Object attachment) {
                throw new UnsupportedOperationException("the checker attaches nothing");
            }
        };
    }

    static void go(Invariants inv, Connection c, TcpState[] st, TcpState from, TcpState to) {
        st[0] = to;
        inv.onStateChange(0, c, from, to, "test");
    }

    @Test
    void acceptsActiveCloseLifeCycle() {
        Invariants inv = new Invariants();
        TcpState[] st = {TcpState.CLOSED};
        Connection c = fake(1, st);
        assertDoesNotThrow(() -> {
            go(inv, c, st, TcpState.CLOSED, TcpState.SYN_SENT);
            go(inv, c, st, TcpState.SYN_SENT, TcpState.ESTABLISHED);
            go(inv, c, st, TcpState.ESTABLISHED, TcpState.FIN_WAIT_1);
            go(inv, c, st, TcpState.FIN_WAIT_1, TcpState.TIME_WAIT);
            go(inv, c, st, TcpState.TIME_WAIT, TcpState.CLOSED);
            inv.onClosed(0, c, CloseReason.NORMAL);
        });
        assertTrue(inv.unfinished().isEmpty());
    }

    @Test
    void rejectsEdgeNotInDiagram() {
        Invariants inv = new Invariants();
        TcpState[] st = {TcpState.CLOSED};
        Connection c = fake(1, st);
        go(inv, c, st, TcpState.CLOSED, TcpState.SYN_SENT);
        go(inv, c, st, TcpState.SYN_SENT, TcpState.ESTABLISHED);
        assertThrows(AssertionError.class, () -> go(inv, c, st, TcpState.ESTABLISHED, TcpState.LAST_ACK));
        assertEquals(1, inv.violations.size());
    }

    @Test
    void rejectsSecondOnClosedAndChangeAfterClose() {
        Invariants inv = new Invariants();
        TcpState[] st = {TcpState.CLOSED};
        Connection c = fake(1, st);
        go(inv, c, st, TcpState.CLOSED, TcpState.SYN_SENT);
        go(inv, c, st, TcpState.SYN_SENT, TcpState.CLOSED);
        inv.onClosed(0, c, CloseReason.TIMEOUT);
        assertThrows(AssertionError.class, () -> inv.onClosed(0, c, CloseReason.TIMEOUT));
        assertThrows(AssertionError.class, () -> go(inv, c, st, TcpState.CLOSED, TcpState.SYN_SENT));
    }

    @Test
    void rejectsOnClosedBeforeClosed() {
        Invariants inv = new Invariants();
        TcpState[] st = {TcpState.CLOSED};
        Connection c = fake(1, st);
        go(inv, c, st, TcpState.CLOSED, TcpState.SYN_SENT);
        assertThrows(AssertionError.class, () -> inv.onClosed(0, c, CloseReason.NORMAL));
    }

    @Test
    void runsOnEveryEventOfARealSimulation() {
        TestNet t = TestNet.standard();
        t.established();
        assertTrue(t.inv.checks() > 10, "checks: " + t.inv.checks());
        assertEquals(2, t.inv.tracks.size());
    }
}
