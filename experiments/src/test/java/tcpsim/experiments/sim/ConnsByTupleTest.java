package tcpsim.experiments.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConnsByTupleTest {
    private static final int[] ADDRESSES = {0x0a000001, 0x0a000002, 0x0a000003, 0x0a010001};

    private static LiveRecord conn(long id, int client, int server, int clientPort, int serverPort) {
        LiveRecord c = new LiveRecord(id, client, server, serverPort, 0);
        c.clientPort(clientPort);
        return c;
    }

    private static List<Integer> tuple(LiveRecord c) {
        return List.of(ADDRESSES[c.clientHost], c.clientPort(), ADDRESSES[c.serverHost], c.serverPort());
    }

    @Test
    void aNewerConnectionTakesTheTupleAndRemoveTakesOnlyItsHolder() {
        ConnsByTuple t = new ConnsByTuple(ADDRESSES);
        LiveRecord a = conn(1, 0, 3, 32768, 80);
        LiveRecord b = conn(2, 0, 3, 32768, 80);
        LiveRecord other = conn(3, 1, 3, 32768, 80);
        assertNull(t.put(a));
        assertNull(t.put(other));
        assertSame(a, t.put(b));
        t.remove(a); // no longer holds it: nothing happens
        assertSame(b, t.get(ADDRESSES[0], 32768, ADDRESSES[3], 80));
        assertSame(other, t.get(ADDRESSES[1], 32768, ADDRESSES[3], 80));
        assertNull(t.get(ADDRESSES[0], 32768, ADDRESSES[3], 81));
        t.remove(b);
        assertNull(t.get(ADDRESSES[0], 32768, ADDRESSES[3], 80));
        assertEquals(1, t.size());
    }

    /** Many puts, removes and look-ups over few tuples (long probe runs, growth), against a HashMap. */
    @Test
    void agreesWithAHashMapOverRandomOperations() {
        ConnsByTuple t = new ConnsByTuple(ADDRESSES);
        Map<List<Integer>, LiveRecord> model = new HashMap<>();
        List<LiveRecord> made = new ArrayList<>();
        Random rng = new Random(13);
        for (int step = 0; step < 200_000; step++) {
            int op = rng.nextInt(3);
            if (op == 0 || made.isEmpty()) {
                LiveRecord c = conn(step, rng.nextInt(3), 3, 32768 + rng.nextInt(700), 80 + rng.nextInt(2));
                made.add(c);
                assertSame(model.put(tuple(c), c), t.put(c));
            } else if (op == 1) {
                // a recent connection most often still holds its tuple: the removal then really happens
                LiveRecord c = rng.nextBoolean() ? made.get(rng.nextInt(made.size()))
                        : made.get(made.size() - 1 - rng.nextInt(Math.min(made.size(), 64)));
                model.remove(tuple(c), c);
                t.remove(c);
            } else {
                LiveRecord c = made.get(rng.nextInt(made.size()));
                List<Integer> k = tuple(c);
                assertSame(model.get(k), t.get(k.get(0), k.get(1), k.get(2), k.get(3)));
            }
            assertEquals(model.size(), t.size());
        }
        for (Map.Entry<List<Integer>, LiveRecord> e : model.entrySet()) {
            List<Integer> k = e.getKey();
            assertSame(e.getValue(), t.get(k.get(0), k.get(1), k.get(2), k.get(3)));
        }
    }
}
