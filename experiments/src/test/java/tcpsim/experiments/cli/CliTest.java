package tcpsim.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    static long filesUnder(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).count();
        }
    }

    @Test
    void helpAndVersionEverywhere() {
        for (String[] args : new String[][] {{"--help"}, {"run", "--help"}, {"validate", "--help"},
            {"plot", "--help"}, {"-h"}}) {
            Result r = run(args);
            assertEquals(0, r.code(), String.join(" ", args));
            assertTrue(r.out().contains("Usage: tcpsim"), r.out());
        }
        Result v = run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("tcpsim "), v.out());
        assertEquals(0, run("run", "--version").code());
    }

    @Test
    void noCommandOrUnknownOptionIsBadInput() {
        assertEquals(2, run().code());
        assertEquals(2, run("frobnicate").code());
        assertEquals(2, run("run").code());
        assertEquals(2, run("run", "x.yaml", "--bogus").code());
        assertEquals(2, run("run", "x.yaml", "--threads", "many").code());
    }

    @Test
    void badConfigExitsTwoAndWritesNothing(@TempDir Path dir) throws IOException {
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, "name: bad\ntopology: {link: {latency: 25}}\n");
        Path out = dir.resolve("out");
        Result r = run("run", cfg.toString(), "--out", out.toString(), "--quiet");
        assertEquals(2, r.code());
        assertTrue(r.err().contains(cfg + ": line 2, column 28: topology.link.latency: '25' has no unit"), r.err());
        assertFalse(Files.exists(out));
        assertEquals(1, filesUnder(dir)); // only the config itself: no partial folder either
    }

    @Test
    void badOverrideOrThreadsExitsTwoAndWritesNothing(@TempDir Path dir) throws IOException {
        Path cfg = dir.resolve("ok.yaml");
        Files.writeString(cfg, "name: ok\n");
        Path out = dir.resolve("out");
        Result r = run("run", cfg.toString(), "--out", out.toString(), "--set", "workload.close=later");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("workload.close: 'later' is not a close mode"), r.err());
        r = run("run", cfg.toString(), "--out", out.toString(), "--threads", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--threads must be at least 1"), r.err());
        r = run("run", dir.resolve("missing.yaml").toString(), "--out", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("missing.yaml: no such file"), r.err());
        assertEquals(1, filesUnder(dir));
    }

    @Test
    void refusesToReplaceAFolderThatIsNotOurs(@TempDir Path dir) throws IOException {
        Path cfg = dir.resolve("ok.yaml");
        Files.writeString(cfg, "name: ok\n");
        Path out = Files.createDirectory(dir.resolve("precious"));
        Files.writeString(out.resolve("thesis.tex"), "...");
        Result r = run("run", cfg.toString(), "--out", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("is not a tcpsim results folder"), r.err());
        assertEquals("...", Files.readString(out.resolve("thesis.tex")));
        assertEquals(3, filesUnder(dir));
    }

    @Test
    void validate(@TempDir Path dir) throws IOException {
        Path cfg = dir.resolve("v.yaml");
        Files.writeString(cfg, "name: v\nsweep: {topology.link.loss: [0, 0.1]}\n");
        Result r = run("validate", cfg.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("valid"), r.out());
        assertTrue(r.out().contains("point 1: topology.link.loss=0.1"), r.out());
        r = run("validate", cfg.toString(), "--set", "replications=-1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("replications: -1 is out of range"), r.err());
        assertEquals(1, filesUnder(dir));
    }

    @Test
    void validatePrintsTheEstimateOfEveryPoint(@TempDir Path dir) throws IOException {
        Path cfg = dir.resolve("v.yaml");
        Files.writeString(cfg, "name: v\nduration: 10s\nworkload: {arrivals: {rate: 100/s}}\n"
                + "sweep: {topology.link.loss: [0, 0.1]}\n");
        Result r = run("validate", cfg.toString(), "--threads", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("  point 0: topology.link.loss=0\n    estimate: ~1000 connections, 24.0 thousand"
                + " events, 1006 live at peak, heap 33 MB, under a second per run\n"), r.out());
        assertTrue(r.out().contains("  point 1: topology.link.loss=0.1\n    estimate: ~1000 connections, 29.6"
                + " thousand events, 1006 live at peak, heap 33 MB, under a second per run\n"), r.out());
        assertTrue(r.out().contains("estimate: 53.6 thousand events in all, peak heap 33 MB of "), r.out());
    }

    @Test
    void runRefusesWhatCannotFitAndWritesNothing(@TempDir Path dir) throws IOException {
        Path cfg = dir.resolve("huge.yaml");
        Files.writeString(cfg, "name: huge\nduration: 3600s\nworkload: {arrivals: {rate: 1000000/s}}\n");
        Path out = dir.resolve("out");
        Result r = run("run", cfg.toString(), "--out", out.toString(), "--threads", "1");
        assertEquals(2, r.code());
        // 3.6 billion connections' setup times; TIME_WAIT at most 2 hosts x max-tw-buckets 131,072
        assertTrue(r.err().startsWith("tcpsim: error: " + cfg + ": estimated peak heap 29.0 GB exceeds the Java heap"
                + " limit"), r.err());
        assertTrue(r.err().contains("the largest run (no sweep) holds about 3.6 billion connections"), r.err());
        assertFalse(Files.exists(out));
        assertEquals(1, filesUnder(dir));
        // validate says the same, after its figures
        r = run("validate", cfg.toString(), "--threads", "1");
        assertEquals(2, r.code());
        assertTrue(r.out().contains("    estimate: ~3.6 billion connections"), r.out());
        assertTrue(r.err().contains("estimated peak heap 29.0 GB"), r.err());
    }

    @Test
    void aRunCutByALimitSaysSoAndCountsItsConnectionsIncomplete(@TempDir Path dir) throws IOException {
        Path cfg = dir.resolve("cut.yaml");
        Files.writeString(cfg, "name: cut\nduration: 1s\ntcp: {time-wait: 0s, timer-hz: 0}\ntopology: {link: {latency: 100ms}}\n"
                + "workload: {arrivals: {process: constant, rate: 10/s}}\nlimits: {max-drain: 0s}\n");
        Path out = dir.resolve("out");
        Result r = run("run", cfg.toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().startsWith("tcpsim: warning: run point 0, replication 0 is incomplete: it stopped at"
                + " limits.max-drain after "), r.err());
        String summary = Files.readString(out.resolve("summary.csv"));
        assertTrue(summary.startsWith("point,replications,connections,ok,refused,reset,timeout,port_exhausted,"
                + "incomplete,"), summary);
        assertTrue(summary.contains("\n0,1,10,5,0,0,0,0,5,"), summary);
    }

    @Test
    void outOfMemoryAndStackOverflowGetOneClearLine() {
        java.io.StringWriter sw = new java.io.StringWriter();
        assertEquals(1, Main.resourceFailure(new java.io.PrintWriter(sw), new RuntimeException("run failed",
                new OutOfMemoryError("Java heap space"))));
        long mb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        assertEquals("tcpsim: failed: out of memory (the Java heap is limited to " + mb + " MB): the run needs more;"
                + " 'tcpsim validate' estimates it. Give Java more heap (JAVA_OPTS=-Xmx4g), run fewer threads"
                + " (--threads) or make the runs smaller (workload.connections, duration, workload.arrivals.rate)"
                + System.lineSeparator(), sw.toString());
        sw = new java.io.StringWriter();
        Main.resourceFailure(new java.io.PrintWriter(sw), new StackOverflowError());
        assertTrue(sw.toString().startsWith("tcpsim: failed: stack overflow"), sw.toString());
        assertTrue(Main.isResourceFailure(new IllegalStateException(new StackOverflowError())));
    }

    @Test
    void runPrintsProgressLinesAndASummaryTable(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("qs");
        Result r = run("run", "configs/quickstart.yaml", "--out", out.toString(), "--threads", "2", "--set",
                "duration=3s", "--set", "warmup=1s", "--set", "replications=2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("running 4 run(s)"), r.err());
        assertTrue(r.err().contains("run 4/4 done: point 1, replication 1, "), r.err());
        // an estimate of the time left while runs remain, then a line per phase after the runs
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("run 1/4 done:") && l.contains(" left")), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("writing the data files, summaries and manifest (")),
                r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("drawing the charts and report.html (")), r.err());
        assertTrue(r.out().contains("point  topology.link.loss  conns"), r.out());
        assertTrue(r.out().contains("4 run(s) in "), r.out());
        // quickstart's TIME_WAIT (5 s) outlasts the 1 s warm-up: said under the table
        assertTrue(r.out().contains("warning: points 0, 1: the warm-up (1 s) is shorter than TIME_WAIT (5 s)"),
                r.out());
        assertTrue(Files.isRegularFile(out.resolve("manifest.json")));
        // plot re-renders from the folder alone (without the report package it only notes that)
        Result p = run("plot", out.toString());
        assertEquals(0, p.code(), p.err());
        // quiet means nothing on stdout and no progress
        Result q = run("run", "configs/quickstart.yaml", "--out", out.toString(), "--force", "--quiet", "--set",
                "duration=1s",
                "--set", "warmup=0s");
        assertEquals(0, q.code(), q.err());
        assertEquals("", q.out());
        assertEquals("", q.err());
    }

    @Test
    void plotNeedsAResultsFolder(@TempDir Path dir) {
        Result r = run("plot", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("is not a tcpsim results folder"), r.err());
    }

    @Test
    void bundledConfigsAreValid() throws IOException {
        Path configs = Path.of("configs");
        try (Stream<Path> s = Files.list(configs)) {
            long n = 0;
            for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".yaml")).sorted()::iterator) {
                Result r = run("validate", p.toString(), "--quiet");
                assertEquals(0, r.code(), p + ": " + r.err());
                n++;
            }
            assertEquals(6, n);
        }
    }
}
