package tcpsim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventQueueTest {
    private record Entry(long time, long seq, long handle, Event event) {
    }

    /** Random pushes, pops and cancels agree with a sorted-set reference, for every supported arity. */
    @ParameterizedTest(name = "arity 2^{0}")
    @ValueSource(ints = {1, 2, 3})
    void agreesWithAReferenceUnderRandomOperations(int arityLog2) {
        EventQueue q = new EventQueue(4, arityLog2);
        TreeSet<Entry> ref = new TreeSet<>(Comparator.comparingLong(Entry::time).thenComparingLong(Entry::seq));
        List<Entry> live = new ArrayList<>();
        Random r = new Random(arityLog2);
        long seq = 0;
        for (int step = 0; step < 200_000; step++) {
            int op = r.nextInt(10);
            if (op < 5 || ref.isEmpty()) {
                long t = r.nextInt(1000);
                Event e = () -> { };
                Entry en = new Entry(t, seq++, q.push(t, e), e);
                ref.add(en);
                live.add(en);
            } else if (op < 8) {
                Entry expected = ref.pollFirst();
                assertEquals(expected.time(), q.peekTime());
                assertTrue(expected.event() == q.pop(), "pop must return the earliest, first-scheduled event");
                live.remove(expected);
            } else {
                Entry victim = live.remove(r.nextInt(live.size()));
                ref.remove(victim);
                assertTrue(q.cancel(victim.handle()));
            }
            assertEquals(ref.size(), q.size());
        }
    }
}
