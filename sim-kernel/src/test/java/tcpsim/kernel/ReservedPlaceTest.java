package tcpsim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Simulation#reservePlace()} with {@link Simulation#scheduleAt(long, long, Event)}, and lane trimming. */
class ReservedPlaceTest {
    private final Simulation sim = new Simulation(1);
    private final List<String> log = new ArrayList<>();

    private Event record(String name) {
        return () -> log.add(name + "@" + sim.now());
    }

    @Test
    void anEventScheduledInAReservedPlaceRunsWhereOneScheduledAtTheReservationWould() {
        sim.schedule(10, record("before"));
        long place = sim.reservePlace();
        sim.schedule(10, record("after"));
        // scheduled last, at time 5, but for time 10 in the place taken between "before" and "after"
        sim.schedule(5, () -> sim.scheduleAt(10, place, record("reserved")));
        sim.run();
        assertEquals(List.of("before@10", "reserved@10", "after@10"), log);
    }

    @Test
    void thePlaceIsWhereTheReservationWasMadeNotWhereTheEventIsScheduled() {
        long[] place = new long[1];
        sim.schedule(7, record("early")); // scheduled at 0
        sim.schedule(3, () -> place[0] = sim.reservePlace());
        sim.schedule(5, () -> {
            sim.schedule(2, record("late"));
            sim.scheduleAt(7, place[0], record("reserved"));
        });
        sim.run();
        assertEquals(List.of("early@7", "reserved@7", "late@7"), log);
    }

    @Test
    void reservingAPlaceShiftsNoOtherEvent() {
        sim.schedule(1, record("a"));
        sim.reservePlace(); // never used
        sim.schedule(1, record("b"));
        sim.run();
        assertEquals(List.of("a@1", "b@1"), log);
    }

    @Test
    void cancelledLaneEntriesBehindTheHeadLeaveAtOnce() {
        EventQueue q = new EventQueue();
        Simulation s = new Simulation(1);
        Lane lane = new Lane(s, q, 60);
        long[] handles = new long[10];
        for (int i = 0; i < handles.length; i++) {
            handles[i] = q.pushLane(lane, 60 + i, () -> { });
        }
        assertEquals(10, q.entries());
        for (int i = 0; i < 9; i++) { // cancelled in scheduling order, as FIN-WAIT-2 timers are
            q.cancel(handles[i]);
        }
        // the dead head stays (its heap entry names it), the eight dead entries behind it are gone
        assertEquals(2, q.entries());
        assertEquals(1, q.size());
        assertEquals(69, q.peekTime());
    }
}
