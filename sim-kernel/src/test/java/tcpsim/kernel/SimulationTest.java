package tcpsim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SimulationTest {
    private final Simulation sim = new Simulation(1);
    private final List<String> log = new ArrayList<>();

    private Event record(String name) {
        return () -> log.add(name + "@" + sim.now());
    }

    @Nested
    class Ordering {
        @Test
        void equalTimeEventsRunInSchedulingOrder() {
            for (int i = 0; i < 100; i++) {
                sim.schedule(5, record("e" + i));
            }
            sim.run();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                expected.add("e" + i + "@5");
            }
            assertEquals(expected, log);
        }

        @Test
        void eventsScheduledDuringAnEventAtTheSameTimeRunAfterTheOnesAlreadyPending() {
            sim.schedule(10, () -> {
                log.add("a@" + sim.now());
                sim.schedule(0, record("c"));
            });
            sim.schedule(10, record("b"));
            sim.run();
            assertEquals(List.of("a@10", "b@10", "c@10"), log);
        }

        @Test
        void timeOrderThenFifoMatchesAStableSortOverManyRandomEvents() {
            Random r = new Random(7);
            TreeMap<Long, List<Integer>> expected = new TreeMap<>();
            List<Integer> ran = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                long t = r.nextInt(500);
                int id = i;
                expected.computeIfAbsent(t, k -> new ArrayList<>()).add(id);
                sim.scheduleAt(t, () -> ran.add(id));
            }
            sim.run();
            List<Integer> flat = new ArrayList<>();
            expected.values().forEach(flat::addAll);
            assertEquals(flat, ran);
            assertEquals(20_000, sim.eventsProcessed());
        }
    }

    @Nested
    class Cancellation {
        @Test
        void cancelledEventNeverRuns() {
            long h = sim.schedule(5, record("x"));
            sim.schedule(6, record("y"));
            assertTrue(sim.cancel(h));
            sim.run();
            assertEquals(List.of("y@6"), log);
        }

        @Test
        void cancellingTheHeadEventLetsTheNextOneRunFirst() {
            long head = sim.schedule(1, record("head"));
            sim.schedule(2, record("second"));
            sim.schedule(3, record("third"));
            assertTrue(sim.cancel(head));
            sim.run();
            assertEquals(List.of("second@2", "third@3"), log);
        }

        @Test
        void cancellingAnEventThatAlreadyRanIsANoOp() {
            long h = sim.schedule(1, record("a"));
            sim.run();
            assertFalse(sim.cancel(h));
            assertFalse(sim.isPending(h));
        }

        @Test
        void staleHandleDoesNotCancelTheEventThatReusedItsSlot() {
            long old = sim.schedule(1, record("a"));
            sim.run();
            long fresh = sim.schedule(1, record("b"));
            assertFalse(sim.cancel(old));
            assertTrue(sim.isPending(fresh));
            sim.run();
            assertEquals(List.of("a@1", "b@2"), log);
        }

        @Test
        void cancellingTwiceReturnsFalseTheSecondTime() {
            long h = sim.schedule(1, record("a"));
            assertTrue(sim.cancel(h));
            assertFalse(sim.cancel(h));
            assertFalse(sim.cancel(Simulation.NO_EVENT));
        }

        @Test
        void randomCancellationsKeepTheRestInOrder() {
            Random r = new Random(3);
            List<long[]> handles = new ArrayList<>();
            List<Long> ran = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                long t = r.nextInt(10_000);
                long id = i;
                handles.add(new long[] {sim.scheduleAt(t, () -> ran.add(id)), t, id});
            }
            List<long[]> kept = new ArrayList<>();
            for (long[] h : handles) {
                if (r.nextBoolean()) {
                    assertTrue(sim.cancel(h[0]));
                } else {
                    kept.add(h);
                }
            }
            kept.sort((a, b) -> a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[2], b[2]));
            sim.run();
            assertEquals(kept.stream().map(h -> h[2]).toList(), ran);
        }
    }

    @Nested
    class RunUntil {
        @Test
        void eventsAtExactlyTheBoundaryRunAndTheClockStopsThere() {
            sim.schedule(10, record("at"));
            sim.schedule(11, record("after"));
            sim.runUntil(10);
            assertEquals(List.of("at@10"), log);
            assertEquals(10, sim.now());
            assertEquals(1, sim.pendingEvents());
        }

        @Test
        void clockAdvancesToTheBoundaryWhenNothingIsPending() {
            sim.runUntil(1_000);
            assertEquals(1_000, sim.now());
            sim.schedule(5, record("later"));
            sim.run();
            assertEquals(List.of("later@1005"), log);
        }

        @Test
        void stopEndsTheRunAfterTheCurrentEvent() {
            sim.schedule(1, () -> {
                log.add("a@" + sim.now());
                sim.stop();
            });
            sim.schedule(1, record("b"));
            sim.run();
            assertEquals(List.of("a@1"), log);
            assertEquals(1, sim.now());
            sim.run();
            assertEquals(List.of("a@1", "b@1"), log);
        }

        @Test
        void stopAfterBoundsTheEventsAndTheRunResumesWhereItStopped() {
            for (int i = 1; i <= 5; i++) {
                sim.schedule(i, record("e" + i));
            }
            sim.stopAfter(2);
            sim.runUntil(10);
            assertEquals(List.of("e1@1", "e2@2"), log);
            assertEquals(2, sim.now()); // stopped at the last event, not moved to the boundary
            assertEquals(2, sim.eventsProcessed());
            sim.runUntil(10); // still at the bound: nothing runs
            assertEquals(2, sim.eventsProcessed());
            sim.stopAfter(4);
            sim.runUntil(10);
            assertEquals(List.of("e1@1", "e2@2", "e3@3", "e4@4"), log);
            sim.stopAfter(Long.MAX_VALUE);
            sim.runUntil(10);
            assertEquals(List.of("e1@1", "e2@2", "e3@3", "e4@4", "e5@5"), log);
            assertEquals(10, sim.now());
        }

        @Test
        void schedulingInThePastIsRejected() {
            sim.runUntil(100);
            assertThrows(IllegalArgumentException.class, () -> sim.scheduleAt(99, record("x")));
            assertThrows(IllegalArgumentException.class, () -> sim.schedule(-1, record("x")));
            assertThrows(IllegalArgumentException.class, () -> sim.runUntil(50));
        }
    }
}
