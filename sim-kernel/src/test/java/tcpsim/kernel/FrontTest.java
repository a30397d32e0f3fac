package tcpsim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The event queue's front: the one event known to come before every other pending entry (see {@link EventQueue}). */
class FrontTest {
    private final Simulation sim = new Simulation(1);
    private final List<String> log = new ArrayList<>();

    private Event record(String name) {
        return () -> log.add(name + "@" + sim.now());
    }

    @Test
    void anEventDueBeforeEverythingPendingWaitsInTheFrontAndRunsNext() {
        EventQueue q = new EventQueue();
        Event a = () -> { };
        Event b = () -> { };
        Event c = () -> { };
        Event d = () -> { };
        q.push(10, a);
        assertTrue(q.frontHeld(), "the first event of an empty queue is before everything");
        q.push(20, b);
        assertSame(a, q.pop());
        assertSame(b, q.pop()); // from the heap: its root stays, dead, for the next push
        q.push(30, c);
        assertFalse(q.frontHeld(), "written over the heap's dead root, as before");
        q.push(25, d);
        assertTrue(q.frontHeld());
        assertEquals(2, q.size());
        assertEquals(2, q.entries(), "c in the heap, d in the front");
        assertEquals(25, q.peekTime());
        assertSame(d, q.pop());
        assertFalse(q.frontHeld());
        assertEquals(30, q.peekTime());
        assertSame(c, q.pop());
    }

    @Test
    void aHopWithoutDelayRunsBeforeLaterEventsAndAfterThoseAlreadyDueNow() {
        Lane wire = sim.newLane(5);
        sim.schedule(10, () -> {
            log.add("a@" + sim.now());
            sim.schedule(0, record("hop"));
            sim.schedule(0, record("hop2"));
        });
        sim.schedule(10, record("b"));
        sim.schedule(0, () -> wire.schedule(record("wire")));
        sim.schedule(11, record("c"));
        sim.run();
        assertEquals(List.of("wire@5", "a@10", "b@10", "hop@10", "hop2@10", "c@11"), log);
    }

    @Test
    void anEarlierPushMovesTheFrontIntoTheHeap() {
        EventQueue q = new EventQueue();
        Lane lane = new Lane(sim, q, 0);
        Event l = () -> log.add("lane");
        Event f = () -> log.add("front");
        Event e = () -> log.add("earlier");
        Event h = () -> log.add("heap");
        q.pushLane(lane, 50, l);
        q.push(47, f);
        assertTrue(q.frontHeld());
        q.pushLane(lane, 46, e); // before the front, but after the lane's tail: goes to the heap
        assertFalse(q.frontHeld());
        q.push(44, e);
        assertTrue(q.frontHeld(), "before the heap's 46 and the lane's 50");
        q.push(48, h);
        while (!q.isEmpty()) {
            q.pop().fire();
        }
        assertEquals(List.of("earlier", "earlier", "front", "heap", "lane"), log);
        assertEquals(1, lane.fallbacks());
    }

    @Test
    void aPlaceReservedBeforeTheFrontComesBeforeItAtTheSameTime() {
        sim.schedule(10, () -> {
            long place = sim.reservePlace();
            sim.schedule(0, record("front"));
            sim.scheduleAt(sim.now(), place, record("reserved"));
        });
        sim.run();
        assertEquals(List.of("reserved@10", "front@10"), log);
    }

    @Test
    void aCancelledFrontNeverRunsAndItsHandleStaysDead() {
        sim.schedule(20, record("later"));
        long h = sim.schedule(5, record("front"));
        assertTrue(sim.isPending(h));
        assertTrue(sim.cancel(h));
        assertFalse(sim.isPending(h));
        assertFalse(sim.cancel(h));
        assertEquals(1, sim.pendingEvents());
        long h2 = sim.schedule(6, record("front2"));
        assertFalse(sim.isPending(h), "the reused slot's new event does not answer to the old handle");
        assertTrue(sim.isPending(h2));
        sim.run();
        assertEquals(List.of("front2@6", "later@20"), log);
    }

    /**
     * Random zero-delay pushes (which take the front whenever nothing else is due), later pushes, lane pushes,
     * reserved places used at the current time or later, pops and cancellations agree with a {@link PriorityQueue}
     * ordered by (time, sequence).
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void agreesWithAPriorityQueueReferenceUnderRandomOperations(int seed) {
        Random r = new Random(seed);
        EventQueue q = new EventQueue(4);
        Lane lane = new Lane(sim, q, 3);
        PriorityQueue<Ref> ref = new PriorityQueue<>(Comparator.comparingLong(Ref::time).thenComparingLong(Ref::seq));
        List<Ref> live = new ArrayList<>();
        List<Long> places = new ArrayList<>();
        long now = 0;
        int fronts = 0;
        for (int step = 0; step < 200_000; step++) {
            int op = r.nextInt(20);
            if (op < 10 || ref.isEmpty()) {
                long id = step;
                Event e = () -> {
                    if (id < 0) {
                        throw new AssertionError();
                    }
                };
                long t;
                long seq;
                long h;
                int kind = r.nextInt(4);
                if (kind == 0 && !places.isEmpty()) {
                    seq = places.remove(r.nextInt(places.size()));
                    t = now + (r.nextBoolean() ? 0 : r.nextInt(20));
                    h = q.pushReserved(t, seq, e);
                } else if (kind == 1) {
                    t = now + lane.delay();
                    seq = q.reserveSequence() + 1; // pushLane takes the next number
                    h = q.pushLane(lane, t, e);
                } else {
                    t = now + (r.nextInt(3) == 0 ? r.nextInt(20) : 0);
                    seq = q.reserveSequence() + 1;
                    h = q.push(t, e);
                }
                fronts += q.frontHeld() ? 1 : 0;
                Ref en = new Ref(t, seq, h, e);
                ref.add(en);
                live.add(en);
            } else if (op < 12) {
                places.add(q.reserveSequence());
            } else if (op < 18) {
                Ref expected = ref.poll();
                assertEquals(expected.time(), q.peekTime());
                now = expected.time();
                places.clear(); // places must lie after the event now running
                assertSame(expected.event(), q.pop(), "pop must return the earliest, first-scheduled event");
                live.remove(expected);
            } else {
                Ref victim = live.remove(r.nextInt(live.size()));
                ref.remove(victim);
                assertTrue(q.cancel(victim.handle()));
            }
            assertEquals(ref.size(), q.size());
        }
        assertTrue(fronts > 20, "the front was used: " + fronts);
        while (!ref.isEmpty()) {
            assertSame(ref.poll().event(), q.pop());
        }
        assertTrue(q.isEmpty());
    }

    private record Ref(long time, long seq, long handle, Event event) {
    }
}
