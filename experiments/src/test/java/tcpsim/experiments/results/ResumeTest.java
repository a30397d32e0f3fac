package tcpsim.experiments.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpsim.experiments.config.ConfigLoader;
import tcpsim.experiments.config.ExperimentConfig;
import tcpsim.experiments.sim.Experiment;
import tcpsim.experiments.sim.RunPlan;
import tcpsim.experiments.sim.RunPlan.RunId;
import tcpsim.experiments.sim.RunResult;
import tcpsim.experiments.sim.RunSink;

/**
 * A study cut short after some runs, continued from its finished parts: the data files and the manifest's hashes
 * come out byte for byte as an uninterrupted run's, and a damaged part is computed again.
 */
class ResumeTest {
    private static final ExperimentConfig CFG = config("""
            name: m
            seed: 5
            replications: 3
            duration: 3s
            warmup: 1s
            tcp: {time-wait: 1s}
            topology: {link: {latency: 5ms, loss: 0.1}}
            workload: {arrivals: {process: poisson, rate: 20/s}}
            sweep: {topology.link.latency: [5ms, 20ms]}
            """);
    private static final List<String> DATA = List.of("connections.csv.gz", "occupancy-bins.json", "occupancy.csv.gz",
            "setup-cdf.json", "summary.csv", "summary.json", "manifest.json");
    private static final ResultsWriter.RunInfo INFO = new ResultsWriter.RunInfo("9.9", List.of("run", "m.yaml"));

    private static ExperimentConfig config(String yaml) {
        try {
            return ConfigLoader.parse("m.yaml", yaml, List.of());
        } catch (tcpsim.experiments.config.ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fails the study once {@code k} runs are in, as an interruption would. */
    private static final class StopAfter implements RunSink {
        private final int k;
        private int seen;

        StopAfter(int k) {
            this.k = k;
        }

        @Override
        public void accept(RunResult run) throws InterruptedException {
            if (++seen > k) {
                throw new InterruptedException("stopped after " + k + " runs");
            }
        }
    }

    private static void whole(Path out) throws Exception {
        try (ResultsWriter w = new ResultsWriter(CFG, out)) {
            Experiment.run(RunPlan.every(CFG, out, 2), List.of(), w.outputs(2), w);
            w.closeRows();
            w.finish(INFO);
        }
    }

    private static void interrupted(Path out, int k) throws Exception {
        ResultsFolder.markResumable(out, Manifest.configHash(CFG));
        try (ResultsWriter w = new ResultsWriter(CFG, out)) {
            if (k < CFG.runCount()) {
                assertThrows(Exception.class, () -> Experiment.run(RunPlan.every(CFG, out, 2), List.of(),
                        w.outputs(2), new StopAfter(k).andThen(w)));
            } else {
                Experiment.run(RunPlan.every(CFG, out, 2), List.of(), w.outputs(2), w);
            }
        }
    }

    private static void resume(Path out, SortedSet<RunId> kept) throws Exception {
        try (ResultsWriter w = new ResultsWriter(CFG, out)) {
            w.restore(kept);
            List<RunId> missing = new ArrayList<>(RunPlan.every(CFG, out, 2).runs());
            missing.removeAll(kept);
            RunPlan plan = new RunPlan(CFG, out, Math.max(1, Math.min(2, missing.size())), missing);
            Experiment.run(plan, List.of(), w.outputs(plan.threads()), w);
            w.closeRows();
            w.finish(INFO);
        }
    }

    private static void assertSameData(Path expected, Path actual) throws Exception {
        for (String f : DATA) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(f)), Files.readAllBytes(actual.resolve(f)), f);
        }
        assertFalse(Files.exists(actual.resolve(ResultFiles.PARTS_DIR)), "the parts are gone once assembled");
    }

    @Test
    void resumedStudyIsByteIdenticalToAnUninterruptedOne(@TempDir Path dir) throws Exception {
        Path expected = dir.resolve("whole");
        whole(expected);
        Path out = dir.resolve("cut");
        interrupted(out, 4); // point 0 complete, point 1 has one replication
        assertEquals(4, ResultsFolder.finishedRuns(out));
        SortedSet<RunId> kept = ResultsWriter.verifiedRuns(out);
        assertEquals(List.of(new RunId(0, 0), new RunId(0, 1), new RunId(0, 2), new RunId(1, 0)),
                List.copyOf(kept));
        resume(out, kept);
        assertSameData(expected, out);
    }

    @Test
    void studyCutAfterItsLastRunNeedsNoRunToFinish(@TempDir Path dir) throws Exception {
        Path expected = dir.resolve("whole");
        whole(expected);
        Path out = dir.resolve("cut");
        interrupted(out, 6); // every run is in; the data files were never closed
        SortedSet<RunId> kept = ResultsWriter.verifiedRuns(out);
        assertEquals(6, kept.size());
        resume(out, kept);
        assertSameData(expected, out);
    }

    @Test
    void aDamagedOrUnfinishedPartIsComputedAgain(@TempDir Path dir) throws Exception {
        Path expected = dir.resolve("whole");
        whole(expected);
        Path out = dir.resolve("cut");
        interrupted(out, 3);
        Path damaged = RunParts.dir(out, 0, 1).resolve(RunParts.CONNECTIONS);
        Files.writeString(damaged, "0,1,999\n", java.nio.file.StandardOpenOption.APPEND);
        Path unfinished = RunParts.dir(out, 1, 2);
        Files.createDirectories(unfinished);
        Files.writeString(unfinished.resolve(RunParts.CONNECTIONS), "half a run\n");
        SortedSet<RunId> kept = ResultsWriter.verifiedRuns(out);
        assertEquals(List.of(new RunId(0, 0), new RunId(0, 2)), List.copyOf(kept));
        assertFalse(Files.exists(RunParts.dir(out, 0, 1)), "the damaged part is removed");
        assertFalse(Files.exists(unfinished), "the unfinished part is removed");
        resume(out, kept);
        assertSameData(expected, out);
    }

    @Test
    void partialFolderOfAnotherConfigIsRefusedAndNothingToResumeIsSaid(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("m");
        ResultsFolder.UnusableFolderException none = assertThrows(ResultsFolder.UnusableFolderException.class,
                () -> ResultsFolder.adoptResumable(out, Manifest.configHash(CFG)));
        assertEquals("nothing to resume for " + out + ": no partial folder .m.partial-* of an interrupted run is "
                + "there; run without --resume", none.getMessage());
        Path other = dir.resolve(".m.partial-999999999");
        ExperimentConfig seed6 = ConfigLoader.parse("m.yaml", "name: m\nseed: 6\nduration: 3s\n", List.of());
        interruptedAs(other, seed6);
        ResultsFolder.UnusableFolderException refused = assertThrows(ResultsFolder.UnusableFolderException.class,
                () -> ResultsFolder.adoptResumable(out, Manifest.configHash(CFG)));
        assertEquals("cannot resume into " + out + ": " + other + " belongs to another config or seed (the hash of "
                + "its resolved config differs); resume with the same config, --set and --seed, or delete it and "
                + "run without --resume", refused.getMessage());
        assertTrue(Files.isDirectory(other), "a refused partial folder is kept");
        List<String> notes = new ArrayList<>();
        ResultsFolder.recoverStale(out, notes::add);
        assertEquals(List.of("kept " + other + ": 1 finished run(s) of an interrupted run; add --resume to the same "
                + "command to continue it, or delete the folder"), notes);
        Path mine = ResultsFolder.adoptResumable(out, Manifest.configHash(seed6));
        assertEquals(dir.resolve(".m.partial-" + ProcessHandle.current().pid()), mine);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(mine), s.toList());
        }
    }

    private static void interruptedAs(Path out, ExperimentConfig cfg) throws Exception {
        ResultsFolder.markResumable(out, Manifest.configHash(cfg));
        try (ResultsWriter w = new ResultsWriter(cfg, out)) {
            Experiment.run(RunPlan.every(cfg, out, 1), List.of(), w.outputs(1), w);
        }
    }
}
