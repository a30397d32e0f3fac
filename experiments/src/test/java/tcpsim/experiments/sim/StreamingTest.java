package tcpsim.experiments.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpsim.experiments.config.ConfigLoader;
import tcpsim.experiments.config.ExperimentConfig;
import tcpsim.tcp.TcpState;

class StreamingTest {
    /** 2000 connections over 200 s, each over in about 1.2 s (1 s TIME_WAIT), 10% loss each way. */
    static ExperimentConfig cfg(String close) throws Exception {
        return ConfigLoader.parse("t.yaml", """
                name: t
                duration: 200s
                tcp: {time-wait: 1s}
                topology: {clients: 2, link: {latency: 10ms, loss: 0.1}}
                workload: {arrivals: {process: constant, rate: 10/s}, request-bytes: 100, response-bytes: 1000,
                           close: %s}
                """.formatted(close), List.of());
    }

    /** Records what arrives, and when. */
    static final class Capture implements RunOutput {
        final List<ConnectionRecord> records = new ArrayList<>();
        final List<Long> at = new ArrayList<>();
        long rows;
        boolean closed;
        tcpsim.kernel.Simulation sim;

        @Override
        public void connection(ConnectionRecord r) {
            records.add(r);
            at.add(sim == null ? -1 : sim.now());
        }

        @Override
        public void occupancy(long time, int host, TcpState state, int count) {
            rows++;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void recordsLeaveAsConnectionsEndInWorkloadOrderAndMemoryFollowsLiveConnections() throws Exception {
        for (String close : List.of("client-first", "server-first", "simultaneous")) {
            ExperimentConfig c = cfg(close);
            Capture out = new Capture();
            Scenario s = new Scenario(c.points().get(0).config(), c.output(), c.seed(), 0, 0, (p, r, h) -> out);
            out.sim = s.sim;
            long maxHeld = 0;
            long maxGoing = 0;
            for (long t = 10_000_000_000L; t <= 200_000_000_000L; t += 10_000_000_000L) {
                s.sim.runUntil(t);
                maxHeld = Math.max(maxHeld, s.recorder.held());
                maxGoing = Math.max(maxGoing, s.recorder.going());
            }
            assertEquals(null, s.run(c.limits()));
            assertEquals(2000, out.records.size(), close);
            for (int i = 0; i < out.records.size(); i++) {
                assertEquals(i + 1, out.records.get(i).id(), close);
            }
            // about 12 connections are going at once; lost SYNs or FINs keep a few for tens of seconds, and the
            // records of the connections opened after such a one wait for it (as records)
            assertTrue(maxGoing < 100, close + ": going " + maxGoing);
            assertTrue(maxHeld < 1000, close + ": held " + maxHeld);
            assertEquals(0, s.recorder.held(), close);
            // the first record left long before the arrivals ended
            assertTrue(out.at.get(0) < 20_000_000_000L, close + ": first record at " + out.at.get(0));
            assertTrue(out.rows > 0);
            assertEquals(2000, s.recorder.totals().connections());
        }
    }

    @Test
    void streamedRecordsAreTheKeptOnes() throws Exception {
        ExperimentConfig c = cfg("client-first");
        Capture out = new Capture();
        RunResult streamed = Runner.runSingle(c, 0, 0, List.of(), null, (p, r, h) -> out);
        RunResult kept = Runner.runSingle(c, 0, 0, List.of(), null);
        assertTrue(out.closed);
        assertEquals(List.of(), streamed.connections());
        assertNull(streamed.occupancy());
        assertEquals(kept.connections(), out.records);
        assertEquals(kept.occupancy().size(), out.rows);
        assertEquals(kept.totals().setupSum(), streamed.totals().setupSum());
        assertEquals(kept.totals().outcome(Outcome.OK), streamed.totals().outcome(Outcome.OK));
    }

    /**
     * 6000 connections in 6 s, each then a minute in TIME_WAIT, 2% loss each way (so some FINs are resent into
     * TIME_WAIT and restart it): a run that parks every record it can in its scratch file (about 6000 at once) writes
     * the records of a run that parks none, also when the drain limit cuts the runs while records are parked.
     */
    @Test
    void recordsParkedInTheScratchFileAreThoseOfARunThatParksNone(@TempDir Path dir) throws Exception {
        for (String drain : List.of("120s", "30s")) {
            ExperimentConfig c = ConfigLoader.parse("t.yaml", """
                    name: t
                    duration: 6s
                    profile: linux
                    limits: {max-drain: %s}
                    topology: {clients: 4, link: {latency: 5ms, loss: 0.02}}
                    workload: {arrivals: {process: poisson, rate: 1000/s}, request-bytes: 100, response-bytes: 1000,
                               close: client-first}
                    """.formatted(drain), List.of());
            ParkingAll parking = new ParkingAll(Files.createDirectories(dir.resolve(drain)));
            RunResult run = Runner.runSingle(c, 0, 0, List.of(), null, (p, r, h) -> parking);
            RunResult kept = Runner.runSingle(c, 0, 0, List.of(), null); // 6000 < PARK_ABOVE: parks none
            assertTrue(parking.fileSize >= 4L * ParkedRecords.BLOCK * LiveRecord.BYTES,
                    drain + ": " + parking.fileSize);
            assertEquals(kept.connections(), parking.records, drain);
            assertSameTotals(kept.totals(), run.totals());
            long restarted = kept.connections().stream()
                    .filter(r -> r.stateTime(ConnectionRecord.TIMED_STATES.length - 1) > 60_000_000_000L).count();
            long incomplete = kept.connections().stream().filter(r -> r.outcome() == Outcome.INCOMPLETE).count();
            if (drain.equals("120s")) {
                assertTrue(restarted > 0, "some TIME_WAITs were restarted by a resent FIN");
                assertEquals(0, incomplete);
            } else {
                assertTrue(incomplete > 0.9 * kept.connections().size(), "cut in TIME_WAIT: " + incomplete);
            }
        }
    }

    /**
     * One client, 1000 ephemeral ports, 50 connections/s for 120 s, 1% loss: the ports run out while every one is in
     * TIME_WAIT with its record parked, so (with tw-reuse) new connections reopen parked TIME_WAITs, or (without) fail
     * to find a port. The records are those of a run that parks none.
     */
    @Test
    void parkedTimeWaitsThatANewConnectionReusesOrThatRunsOutOfPortsGiveTheSameRecords(@TempDir Path dir)
            throws Exception {
        for (boolean reuse : List.of(true, false)) {
            ExperimentConfig c = ConfigLoader.parse("t.yaml", """
                    name: t
                    duration: 120s
                    profile: linux
                    tcp: {ephemeral-port-min: 60000, ephemeral-port-max: 60999, tw-reuse: %s}
                    topology: {clients: 1, servers: 1, link: {latency: 5ms, loss: 0.01}}
                    workload: {arrivals: {process: constant, rate: 50/s}, request-bytes: 100, response-bytes: 1000,
                               close: client-first}
                    """.formatted(reuse), List.of());
            ParkingAll parking = new ParkingAll(Files.createDirectories(dir.resolve("reuse-" + reuse)));
            RunResult run = Runner.runSingle(c, 0, 0, List.of(), null, (p, r, h) -> parking);
            RunResult kept = Runner.runSingle(c, 0, 0, List.of(), null);
            assertTrue(parking.fileSize > 0, "records were parked in the file");
            assertEquals(kept.connections(), parking.records, "tw-reuse " + reuse);
            assertSameTotals(kept.totals(), run.totals());
            long ports = kept.connections().stream().mapToInt(ConnectionRecord::clientPort).filter(p -> p > 0)
                    .distinct().count();
            long failed = kept.connections().stream().filter(r -> r.outcome() != Outcome.OK).count();
            if (reuse) {
                assertTrue(ports == 1000 && failed == 0, "6000 connections on 1000 ports: " + ports + ", " + failed);
            } else {
                assertTrue(failed > 3000, "connections that found no port: " + failed);
            }
        }
    }

    private static void assertSameTotals(ConnectionTotals want, ConnectionTotals got) {
        assertEquals(want.connections(), got.connections());
        for (Outcome o : Outcome.values()) {
            assertEquals(want.outcome(o), got.outcome(o), o.label());
        }
        assertEquals(want.setupSum(), got.setupSum());
        assertEquals(want.maxSetup(), got.maxSetup());
        assertEquals(want.timeWaitOverflows(), got.timeWaitOverflows());
    }

    /** An output with a scratch file that parks every record it can ({@code recordsHeld} 0) and keeps the records. */
    private static final class ParkingAll extends ParkedRecordsTest.Scratch {
        final List<ConnectionRecord> records = new ArrayList<>();
        long fileSize;

        ParkingAll(Path dir) {
            super(dir);
        }

        @Override
        public int recordsHeld() {
            return 0;
        }

        @Override
        public void connection(ConnectionRecord record) {
            records.add(record);
        }

        @Override
        public void close() throws java.io.IOException {
            fileSize = Files.exists(file) ? Files.size(file) : 0;
            super.close();
        }
    }

    @Test
    void idWindowSlidesWithTheLiveIds() {
        IdWindow<String> w = new IdWindow<>();
        for (long id = 1; id <= 5000; id++) {
            w.put(id, "c" + id);
            if (id > 10) {
                w.remove(id - 10);
            }
        }
        assertEquals(4991, w.base());
        assertEquals("c4991", w.get(4991));
        assertNull(w.get(4990));
        w.put(3, "late"); // below the window: kept aside
        assertEquals("late", w.get(3));
        w.remove(3);
        assertNull(w.get(3));
        for (long id = 4991; id <= 5000; id++) {
            w.remove(id);
        }
        w.put(1_000_000, "far"); // an empty window restarts at the next id instead of stretching
        assertEquals(1_000_000, w.base());
        assertEquals("far", w.get(1_000_000));
    }
}
