package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConnectionTableTest {
    /**
     * Random puts, replacements and removes (of the current value and of stale ones) over 1,200 keys, many sharing a
     * slot of the cache of recent registrations: every look-up answers as a plain map would.
     */
    @Test
    void behavesLikeAMapUnderRandomPutsAndRemoves() {
        ConnectionTable t = new ConnectionTable();
        Map<Long, TcpConnection> ref = new HashMap<>();
        Random r = new Random(7);
        TcpConnection stale = null;
        for (int i = 0; i < 200_000; i++) {
            long key = FourTuple.key(r.nextInt(4), r.nextInt(300), 80);
            TcpConnection cur = ref.get(key);
            if (stale != null && r.nextInt(8) == 0) {
                assertEquals(ref.get(key) == stale, t.remove(key, stale));
                ref.remove(key, stale);
            } else if (cur != null && r.nextBoolean()) {
                t.remove(key, cur);
                ref.remove(key);
                stale = cur;
            } else if (cur == null || r.nextInt(4) == 0) {
                stale = cur;
                TcpConnection c = new TcpConnection(i, null, 0, 0, 0, true, TcpState.CLOSED, null);
                t.put(key, c);
                ref.put(key, c);
            }
            long probe = FourTuple.key(r.nextInt(4), r.nextInt(300), 80);
            assertSame(ref.get(probe), t.get(probe));
        }
        assertEquals(ref.size(), t.size());
    }

    @Test
    void removeOnlyTheGivenValue() {
        ConnectionTable t = new ConnectionTable();
        TcpConnection a = new TcpConnection(1, null, 0, 0, 0, true, TcpState.CLOSED, null);
        TcpConnection b = new TcpConnection(2, null, 0, 0, 0, true, TcpState.CLOSED, null);
        t.put(5, a);
        t.remove(5, b);
        assertSame(a, t.get(5));
        t.remove(5, a);
        assertNull(t.get(5));
    }
}
