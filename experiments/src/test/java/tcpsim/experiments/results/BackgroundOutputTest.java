package tcpsim.experiments.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpsim.experiments.config.ConfigLoader;
import tcpsim.experiments.config.ExperimentConfig;
import tcpsim.experiments.sim.ConnectionRecord;
import tcpsim.experiments.sim.Experiment;
import tcpsim.experiments.sim.RunOutput;
import tcpsim.experiments.sim.RunPlan;
import tcpsim.tcp.TcpState;

class BackgroundOutputTest {
    /** Notes every occupancy call; fails at call {@code failAt} (counting from 1) when it is positive. */
    static final class Calls implements RunOutput {
        final List<Long> times = new ArrayList<>();
        final int failAt;
        boolean closed;

        Calls(int failAt) {
            this.failAt = failAt;
        }

        @Override
        public void connection(ConnectionRecord record) {
            throw new AssertionError("no records in these tests");
        }

        @Override
        public void occupancy(long time, int host, TcpState state, int count) throws IOException {
            if (times.size() + 1 == failAt) {
                throw new IOException("disk full (a test)");
            }
            times.add(time * 1_000_000 + host * 1000 + state.ordinal() * 100 + count);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void everyCallReachesTheOutputInOrderAndTheLastBatchAtClose() throws IOException {
        Calls calls = new Calls(0);
        int n = 3 * BackgroundOutput.BATCH * BackgroundOutput.BATCHES + 17; // more batches than go round, a part
        List<Long> want = new ArrayList<>();
        try (BackgroundOutput out = new BackgroundOutput(calls, "test")) {
            for (int i = 0; i < n; i++) {
                TcpState state = TcpState.values()[i % TcpState.values().length];
                out.occupancy(i, i % 7, state, i % 100);
                want.add((long) i * 1_000_000 + (i % 7) * 1000 + state.ordinal() * 100 + i % 100);
            }
        }
        assertEquals(want, calls.times);
        assertTrue(calls.closed);
    }

    @Test
    void anErrorOfTheOutputsThreadReachesTheRunWhichNeverWaitsForItInVain() {
        Calls calls = new Calls(5000);
        BackgroundOutput out = new BackgroundOutput(calls, "test");
        IOException e = assertThrows(IOException.class, () -> {
            try (out) {
                for (int i = 0; i < 100 * BackgroundOutput.BATCH; i++) {
                    out.occupancy(i, 0, TcpState.TIME_WAIT, 1);
                }
            }
        });
        assertEquals("disk full (a test)", e.getMessage());
        assertEquals(4999, calls.times.size()); // nothing after the failed call
        assertTrue(calls.closed, "the output is closed all the same");
    }

    @Test
    void aRunsFilesAreTheSameBytesWrittenOnItsThreadOrOnOneOfTheirOwn(@TempDir Path dir) throws Exception {
        // 2000 connections a run, 1% loss: several batches of records and occupancy changes, binned and exact
        for (String table : List.of("binned", "exact")) {
            ExperimentConfig cfg = ConfigLoader.parse("b.yaml", """
                    name: b
                    replications: 2
                    duration: 4s
                    tcp: {time-wait: 1s}
                    topology: {clients: 3, link: {latency: 5ms, loss: 0.01}}
                    workload: {arrivals: {process: poisson, rate: 500/s}}
                    output: {occupancy: %s}
                    """.formatted(table), List.of());
            Path direct = run(cfg, dir.resolve(table + "-direct"), false);
            Path background = run(cfg, dir.resolve(table + "-background"), true);
            List<Path> files = dataFiles(direct);
            assertTrue(files.size() >= 4, "data files: " + files);
            for (Path f : files) {
                assertArrayEquals(Files.readAllBytes(direct.resolve(f)), Files.readAllBytes(background.resolve(f)),
                        table + ": " + f);
            }
        }
    }

    private static Path run(ExperimentConfig cfg, Path out, boolean background) throws Exception {
        try (ResultsWriter w = new ResultsWriter(cfg, out)) {
            Experiment.run(RunPlan.every(cfg, out, 1), List.of(), w.outputs(background), w);
            w.closeRows();
            w.finish(new ResultsWriter.RunInfo("9.9", List.of("run", "b.yaml")));
        }
        return out;
    }

    /** The folder's files but the manifest and provenance (whose paths and times differ), relative to it. */
    private static List<Path> dataFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).map(dir::relativize)
                    .filter(p -> !p.toString().equals("manifest.json") && !p.toString().equals("provenance.json"))
                    .sorted().toList();
        }
    }
}
