package tcpsim.experiments.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpsim.experiments.config.ConfigLoader;
import tcpsim.experiments.config.ExperimentConfig;
import tcpsim.experiments.results.ResultFiles;
import tcpsim.experiments.results.ResultsWriter;
import tcpsim.tcp.Connection;
import tcpsim.tcp.TcpObserver;
import tcpsim.tcp.TcpState;

class RunnerTest {
    static ExperimentConfig cfg(String extra) throws Exception {
        return ConfigLoader.parse("t.yaml", """
                name: t
                replications: 2
                duration: 2s
                tcp: {time-wait: 1s}
                workload: {arrivals: {process: constant, rate: 5/s}}
                sweep: {topology.link.loss: [0, 0.1]}
                """ + extra, List.of());
    }

    @Test
    void hooksAttachBeforeTheFirstEventAndCloseAfterTheLast(@TempDir Path dir) throws Exception {
        List<String> log = new ArrayList<>();
        RunHook hook = ctx -> {
            assertEquals(0, ctx.simulation().eventsProcessed());
            assertEquals(1, ctx.point());
            assertEquals(1, ctx.replication());
            assertSame(dir, ctx.outputDir());
            assertTrue(ctx.network().node("client1") != null && ctx.network().node("server1") != null
                    && ctx.network().node("router") != null);
            int[] changes = {0};
            ctx.tcp().addObserver(new TcpObserver() {
                @Override
                public void onStateChange(long time, Connection c, TcpState from, TcpState to, String cause) {
                    changes[0]++;
                }
            });
            log.add("attach");
            return () -> log.add("close after " + changes[0] + " changes, " + (ctx.simulation().pendingEvents()
                    == 0 ? "no" : "some") + " events pending");
        };
        RunResult r = Runner.runSingle(cfg(""), 1, 1, List.of(hook), dir);
        assertEquals(2, log.size());
        assertEquals("attach", log.get(0));
        assertTrue(log.get(1).startsWith("close after ") && log.get(1).endsWith("no events pending"), log.get(1));
        assertEquals(10, r.connections().size());
        assertEquals(1, r.point());
        assertEquals(1, r.replication());
        assertEquals(List.of("client1", "server1"), r.hosts());
    }

    @Test
    void aFailingHookStillGetsClosedAndTheRunFails(@TempDir Path dir) throws Exception {
        List<String> log = new ArrayList<>();
        RunHook ok = ctx -> () -> log.add("closed ok");
        RunHook bad = ctx -> {
            ctx.simulation().schedule(1, () -> {
                throw new IllegalStateException("boom");
            });
            return () -> log.add("closed bad");
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Runner.runSingle(cfg(""), 0, 0, List.of(ok, bad), dir));
        assertEquals("boom", e.getMessage());
        assertEquals(List.of("closed bad", "closed ok"), log);
        assertThrows(IllegalArgumentException.class, () -> Runner.runSingle(cfg(""), 2, 0, List.of(), dir));
        assertThrows(IllegalArgumentException.class, () -> Runner.runSingle(cfg(""), 0, 2, List.of(), dir));
    }

    @Test
    void aFailedRunLeavesNoManifest(@TempDir Path dir) throws Exception {
        ExperimentConfig c = cfg("");
        for (int threads : new int[] {1, 2}) {
            Path out = dir.resolve("t" + threads);
            RunHook failing = ctx -> {
                if (ctx.point() == 1 && ctx.replication() == 0) {
                    throw new IOException("disk on fire");
                }
                return null;
            };
            RunFailedException e;
            try (ResultsWriter w = new ResultsWriter(c, out)) {
                e = assertThrows(RunFailedException.class,
                        () -> Experiment.run(RunPlan.every(c, out, threads), List.of(failing), w.outputs(threads), w));
            }
            assertEquals(1, e.point());
            assertEquals(0, e.replication());
            assertTrue(e.getMessage().contains("disk on fire"), e.getMessage());
            assertFalse(Files.exists(out.resolve(ResultFiles.MANIFEST)));
        }
    }

    @Test
    void runsAreDeliveredInOrderWhateverFinishesFirst() throws Exception {
        List<String> order = new ArrayList<>();
        List<RunPlan.RunId> runs = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            for (int r = 0; r < 4; r++) {
                runs.add(new RunPlan.RunId(p, r));
            }
        }
        ParallelRuns.execute(runs, 3, id -> {
            Thread.sleep((3 - id.point()) * 5L + (4 - id.replication()));
            return new RunResult(id.point(), id.replication(), List.of(), List.of(), null, null, 0, 0, null,
                    new ConnectionTotals());
        }, res -> order.add(res.point() + "/" + res.replication()));
        assertEquals(List.of("0/0", "0/1", "0/2", "0/3", "1/0", "1/1", "1/2", "1/3", "2/0", "2/1", "2/2", "2/3"),
                order);
    }
}
