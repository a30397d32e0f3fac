package tcpsim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventQueueTest {
    private record Entry(long time, long seq, long handle, Event event) {
    }

    /** Random pushes, pops and cancels agree with a sorted-set reference, starting small so the arrays grow. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3})
    void agreesWithAReferenceUnderRandomOperations(int seed) {
        EventQueue q = new EventQueue(4);
        TreeSet<Entry> ref = new TreeSet<>(Comparator.comparingLong(Entry::time).thenComparingLong(Entry::seq));
        List<Entry> live = new ArrayList<>();
        Random r = new Random(seed);
        long seq = 0;
        for (int step = 0; step < 200_000; step++) {
            int op = r.nextInt(10);
            if (op < 5 || ref.isEmpty()) {
                long t = r.nextInt(1000);
                Event e = distinctEvent(step);
                Entry en = new Entry(t, seq++, q.push(t, e), e);
                ref.add(en);
                live.add(en);
            } else if (op < 8) {
                Entry expected = ref.pollFirst();
                assertEquals(expected.time(), q.peekTime());
                assertSame(expected.event(), q.pop(), "pop must return the earliest, first-scheduled event");
                live.remove(expected);
            } else {
                Entry victim = live.remove(r.nextInt(live.size()));
                ref.remove(victim);
                assertTrue(q.cancel(victim.handle()));
            }
            assertEquals(ref.size(), q.size());
            assertTrue(q.entries() <= 2 * q.size() + EventQueue.COMPACTION_SLACK, "dead entries must stay bounded");
        }
    }

    /** A capturing lambda, so that every event is its own object and identity checks mean something. */
    private static Event distinctEvent(long id) {
        return () -> {
            if (id < 0) {
                throw new AssertionError();
            }
        };
    }

    /**
     * A TCP stack re-arms its timers all the time: cancelled entries must not pile up in the heap, and the events
     * left must still come out in (time, sequence) order.
     */
    @Test
    void rearmedTimersKeepTheHeapWithinTwiceThePendingEvents() {
        EventQueue q = new EventQueue();
        Random r = new Random(7);
        int timers = 1_000;
        long[] handle = new long[timers];
        long[] due = new long[timers];
        long[] pushedAt = new long[timers];
        long pushes = 0;
        Event[] event = new Event[timers];
        for (int i = 0; i < timers; i++) {
            event[i] = distinctEvent(i);
            due[i] = r.nextInt(1_000_000);
            pushedAt[i] = pushes++;
            handle[i] = q.push(due[i], event[i]);
        }
        int maxEntries = 0;
        for (int rearm = 0; rearm < 200_000; rearm++) {
            int i = r.nextInt(timers);
            assertTrue(q.cancel(handle[i]));
            due[i] = r.nextInt(1_000_000);
            pushedAt[i] = pushes++;
            handle[i] = q.push(due[i], event[i]);
            maxEntries = Math.max(maxEntries, q.entries());
        }
        assertEquals(timers, q.size());
        assertTrue(maxEntries <= 2 * timers + EventQueue.COMPACTION_SLACK, "heap grew to " + maxEntries);
        Integer[] order = new Integer[timers];
        for (int i = 0; i < timers; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingLong(i -> due[i]).thenComparingLong(i -> pushedAt[i]));
        for (Integer i : order) {
            assertEquals(due[i], q.peekTime());
            assertSame(event[i], q.pop());
        }
        assertTrue(q.isEmpty());
    }
}
