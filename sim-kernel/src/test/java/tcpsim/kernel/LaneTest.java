package tcpsim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LaneTest {
    private final Simulation sim = new Simulation(1);
    private final List<String> log = new ArrayList<>();

    private Event record(String name) {
        return () -> log.add(name + "@" + sim.now());
    }

    @Test
    void laneEventRunsAtNowPlusTheLaneDelay() {
        Lane timeWait = sim.newLane(Time.seconds(60));
        sim.runUntil(5);
        timeWait.schedule(record("tw"));
        assertEquals(Time.seconds(60), timeWait.delay());
        sim.run();
        assertEquals(List.of("tw@" + (Time.seconds(60) + 5)), log);
    }

    @Test
    void equalTimesRunInSchedulingOrderAcrossTheHeapAndLanes() {
        Lane a = sim.newLane(10);
        Lane b = sim.newLane(10);
        sim.schedule(10, record("heap1"));
        a.schedule(record("a1"));
        sim.schedule(10, record("heap2"));
        b.schedule(record("b1"));
        a.schedule(record("a2"));
        b.scheduleAt(10, record("b2"));
        sim.scheduleAt(10, record("heap3"));
        sim.run();
        assertEquals(List.of("heap1@10", "a1@10", "heap2@10", "b1@10", "a2@10", "b2@10", "heap3@10"), log);
        assertEquals(7, sim.eventsProcessed());
    }

    @Test
    void aLaneEventScheduledDuringAnEventAtTheSameTimeRunsAfterThoseAlreadyPending() {
        Lane now = sim.newLane(0);
        sim.schedule(3, () -> {
            log.add("a@" + sim.now());
            now.schedule(record("c"));
        });
        sim.schedule(3, record("b"));
        sim.run();
        assertEquals(List.of("a@3", "b@3", "c@3"), log);
    }

    @Test
    void laneEventsCountAsPendingAndProcessed() {
        Lane lane = sim.newLane(100);
        lane.schedule(record("x"));
        lane.schedule(record("y"));
        sim.schedule(50, record("h"));
        assertEquals(3, sim.pendingEvents());
        sim.runUntil(50);
        assertEquals(2, sim.pendingEvents());
        assertEquals(1, sim.eventsProcessed());
        sim.run();
        assertEquals(0, sim.pendingEvents());
        assertEquals(3, sim.eventsProcessed());
    }

    @Test
    void cancellingLaneEventsAnywhereInTheLane() {
        Lane lane = sim.newLane(0);
        long first = lane.scheduleAt(1, record("first"));
        long middle = lane.scheduleAt(2, record("middle"));
        lane.scheduleAt(3, record("kept"));
        long last = lane.scheduleAt(4, record("last"));
        assertTrue(sim.isPending(middle));
        assertTrue(sim.cancel(first));
        assertTrue(sim.cancel(middle));
        assertTrue(sim.cancel(last));
        assertFalse(sim.isPending(middle));
        assertFalse(sim.cancel(middle), "cancelling twice is a no-op");
        assertEquals(1, sim.pendingEvents());
        sim.run();
        assertEquals(List.of("kept@3"), log);
        assertFalse(sim.cancel(last));
    }

    @Test
    void aHandleOfALaneEventThatRanNeverCancelsTheEventThatReusedItsSlot() {
        Lane lane = sim.newLane(1);
        long old = lane.schedule(record("a"));
        sim.run();
        assertFalse(sim.isPending(old));
        long fresh = lane.schedule(record("b"));
        long heap = sim.schedule(1, record("c"));
        assertFalse(sim.cancel(old));
        assertTrue(sim.isPending(fresh));
        assertTrue(sim.isPending(heap));
        sim.run();
        assertEquals(List.of("a@1", "b@2", "c@2"), log);
        assertFalse(sim.cancel(Simulation.NO_EVENT));
    }

    @Test
    void cancellingAnEmptiedLanesOnlyEventLetsItStartAgainLater() {
        Lane lane = sim.newLane(5);
        assertTrue(sim.cancel(lane.schedule(record("gone"))));
        sim.run();
        assertEquals(0, sim.now());
        lane.schedule(record("again"));
        sim.run();
        assertEquals(List.of("again@5"), log);
    }

    @Test
    void runUntilRunsLaneEventsAtExactlyTheBoundaryAndNoLater() {
        Lane lane = sim.newLane(10);
        lane.schedule(record("at"));
        sim.runUntil(5);
        lane.schedule(record("after"));
        sim.runUntil(10);
        assertEquals(List.of("at@10"), log);
        assertEquals(10, sim.now());
        assertEquals(1, sim.pendingEvents());
        sim.runUntil(14);
        assertEquals(1, sim.pendingEvents());
        sim.runUntil(15);
        assertEquals(List.of("at@10", "after@15"), log);
        assertEquals(0, sim.pendingEvents());
    }

    @Test
    void stopAfterALaneEventLeavesTheRestPending() {
        Lane lane = sim.newLane(2);
        lane.schedule(() -> {
            log.add("a@" + sim.now());
            sim.stop();
        });
        lane.schedule(record("b"));
        sim.run();
        assertEquals(List.of("a@2"), log);
        sim.run();
        assertEquals(List.of("a@2", "b@2"), log);
    }

    @Test
    void anEarlierTimeThanTheLanesLastGoesToTheHeapAndStillRunsInOrder() {
        Lane lane = sim.newLane(0);
        lane.scheduleAt(20, record("late"));
        long early = lane.scheduleAt(10, record("early")); // breaks the lane's order: the heap takes it
        lane.scheduleAt(20, record("late2"));
        lane.scheduleAt(10, record("early2"));
        assertEquals(2, lane.fallbacks());
        assertEquals(4, sim.pendingEvents());
        assertTrue(sim.isPending(early));
        sim.run();
        assertEquals(List.of("early@10", "early2@10", "late@20", "late2@20"), log);
    }

    @Test
    void schedulingALaneEventInThePastIsRejected() {
        Lane lane = sim.newLane(0);
        sim.runUntil(100);
        assertThrows(IllegalArgumentException.class, () -> lane.scheduleAt(99, record("x")));
        assertThrows(IllegalArgumentException.class, () -> sim.newLane(-1));
        assertEquals(0, lane.fallbacks());
    }

    /** Re-armed lane timers (cancel and schedule again) must not pile up dead entries. */
    @Test
    void rearmedLaneTimersKeepEntriesWithinTwiceThePendingEvents() {
        EventQueue q = new EventQueue();
        Lane lane = new Lane(sim, q, 0);
        int timers = 500;
        long[] handle = new long[timers];
        long time = 0;
        for (int i = 0; i < timers; i++) {
            handle[i] = q.pushLane(lane, time++, distinctEvent(i));
        }
        Random r = new Random(5);
        int maxEntries = 0;
        for (int rearm = 0; rearm < 100_000; rearm++) {
            int i = r.nextInt(timers);
            assertTrue(q.cancel(handle[i]));
            handle[i] = q.pushLane(lane, time++, distinctEvent(i));
            maxEntries = Math.max(maxEntries, q.entries());
        }
        assertEquals(timers, q.size());
        assertTrue(maxEntries <= 2 * timers + EventQueue.COMPACTION_SLACK, "entries grew to " + maxEntries);
        long last = -1;
        for (int i = 0; i < timers; i++) {
            long t = q.peekTime();
            assertTrue(t > last);
            last = t;
            q.pop();
        }
        assertTrue(q.isEmpty());
        assertEquals(0, q.entries());
        assertEquals(0, lane.fallbacks());
    }

    /**
     * The standard scenario's shape: a lane holds far more live events (a minute of TIME_WAIT) than the heap holds
     * timers, which are re-armed all the time. The heap's dead entries must stay within its own live ones, not
     * within all live events.
     */
    @Test
    void theHeapIsCompactedOnItsOwnWhileALaneHoldsManyLiveEvents() {
        EventQueue q = new EventQueue();
        Lane timeWait = new Lane(sim, q, 0);
        for (int i = 0; i < 100_000; i++) {
            q.pushLane(timeWait, 1_000_000 + i, distinctEvent(i));
        }
        int timers = 100;
        long[] handle = new long[timers];
        Random r = new Random(3);
        for (int i = 0; i < timers; i++) {
            handle[i] = q.push(r.nextInt(1_000_000), distinctEvent(i));
        }
        int maxHeap = 0;
        for (int rearm = 0; rearm < 50_000; rearm++) {
            int i = r.nextInt(timers);
            assertTrue(q.cancel(handle[i]));
            handle[i] = q.push(r.nextInt(1_000_000), distinctEvent(i));
            maxHeap = Math.max(maxHeap, q.heapEntries());
        }
        assertEquals(100_000 + timers, q.size());
        assertTrue(maxHeap <= 2 * timers + EventQueue.COMPACTION_SLACK, "the heap grew to " + maxHeap);
    }

    /** Lane handles find their entry by sequence number, also after dead entries around it were dropped. */
    @Test
    void laneHandlesStayValidWhenDeadEntriesAroundThemAreDropped() {
        EventQueue q = new EventQueue();
        Lane lane = new Lane(sim, q, 0);
        long[] handle = new long[1000];
        for (int i = 0; i < handle.length; i++) {
            handle[i] = q.pushLane(lane, i, distinctEvent(i));
        }
        for (int i = 1; i < handle.length; i++) {
            if (i % 4 != 0) { // three in four: enough dead entries to compact the lane
                assertTrue(q.cancel(handle[i]));
            }
        }
        assertEquals(250, q.size());
        assertTrue(q.entries() <= 2 * 250 + EventQueue.COMPACTION_SLACK, "the lane was compacted: " + q.entries());
        for (int i = 0; i < handle.length; i++) {
            assertEquals(i % 4 == 0, q.isPending(handle[i]), "event " + i);
        }
        assertTrue(q.cancel(handle[4]));
        assertFalse(q.cancel(handle[4]));
        assertEquals(0, q.peekTime());
        q.pop();
        assertFalse(q.isPending(handle[0]), "an event that ran is no longer pending");
        assertEquals(8, q.peekTime());
        assertTrue(q.isPending(handle[996]));
    }

    private record Ref(long time, long seq, long handle, Event event) {
    }

    /**
     * Random pushes (heap, fixed-delay lanes, ordered lanes with occasional out-of-order times), pops and
     * cancellations agree with a {@link PriorityQueue} ordered by (time, scheduling sequence).
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void agreesWithAPriorityQueueReferenceUnderRandomOperations(int seed) {
        Random r = new Random(seed);
        EventQueue q = new EventQueue(4);
        long[] now = {0};
        Lane[] lanes = new Lane[5];
        long[] delays = {0, 7, 50, 300, 0};
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(sim, q, delays[i]);
        }
        PriorityQueue<Ref> ref = new PriorityQueue<>(
                Comparator.comparingLong(Ref::time).thenComparingLong(Ref::seq));
        List<Ref> live = new ArrayList<>();
        long seq = 0;
        for (int step = 0; step < 200_000; step++) {
            int op = r.nextInt(20);
            if (op < 10 || ref.isEmpty()) {
                Event e = distinctEvent(step);
                int where = r.nextInt(lanes.length + 1);
                long t;
                long h;
                if (where == lanes.length) {
                    t = now[0] + r.nextInt(400);
                    h = q.push(t, e);
                } else if (where == lanes.length - 1) {
                    t = now[0] + r.nextInt(400); // an ordered lane given any times: some go to the heap
                    h = q.pushLane(lanes[where], t, e);
                } else {
                    t = now[0] + delays[where];
                    h = q.pushLane(lanes[where], t, e);
                }
                Ref en = new Ref(t, seq++, h, e);
                ref.add(en);
                live.add(en);
            } else if (op < 17) {
                Ref expected = ref.poll();
                assertEquals(expected.time(), q.peekTime());
                now[0] = expected.time();
                assertSame(expected.event(), q.pop(), "pop must return the earliest, first-scheduled event");
                live.remove(expected);
                assertFalse(q.isPending(expected.handle()));
            } else {
                Ref victim = live.remove(r.nextInt(live.size()));
                ref.remove(victim);
                assertTrue(q.isPending(victim.handle()));
                assertTrue(q.cancel(victim.handle()));
                assertFalse(q.cancel(victim.handle()));
            }
            assertEquals(ref.size(), q.size());
            assertTrue(q.entries() <= 2 * q.size() + EventQueue.COMPACTION_SLACK, "dead entries must stay bounded");
        }
        for (int i = 0; i < lanes.length - 1; i++) {
            assertEquals(0, lanes[i].fallbacks(), "fixed-delay lanes never fall back");
        }
        assertTrue(lanes[lanes.length - 1].fallbacks() > 0);
        while (!ref.isEmpty()) {
            Ref expected = ref.poll();
            assertEquals(expected.time(), q.peekTime());
            assertSame(expected.event(), q.pop());
        }
        assertTrue(q.isEmpty());
        assertTrue(q.entries() <= 1, "at most the last popped heap root, kept for the next push, is held");
    }

    /** A capturing lambda, so that every event is its own object and identity checks mean something. */
    private static Event distinctEvent(long id) {
        return () -> {
            if (id < 0) {
                throw new AssertionError();
            }
        };
    }
}
