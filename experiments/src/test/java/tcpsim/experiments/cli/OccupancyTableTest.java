package tcpsim.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpsim.experiments.capture.TraceRow;
import tcpsim.experiments.config.Units;
import tcpsim.experiments.results.Csv;

/**
 * Issue 11 item 4: occupancy.csv.gz is binned by default ({@code output.occupancy-resolution}) and holds the exact
 * step changes with {@code output.occupancy: exact}; the binned rows are the exact steps integrated over each bin.
 */
class OccupancyTableTest {
    static final String CONFIG = """
            name: occ
            seed: 11
            replications: 2
            duration: 3s
            warmup: 1s
            tcp: {time-wait: 500ms}
            topology: {clients: 2, servers: 1, link: {latency: 10ms, loss: 0.05}}
            workload: {arrivals: {process: poisson, rate: 40/s}, request-bytes: 100, response-bytes: 5000}
            sweep: {topology.link.loss: [0, 0.05]}
            """;

    private static Path run(Path dir, String name, String... sets) throws IOException {
        Path cfg = dir.resolve("occ.yaml");
        Files.writeString(cfg, CONFIG);
        Path out = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("run", cfg.toString(), "--out", out.toString(), "-q"));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        CliTest.Result r = CliTest.run(args.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        return out;
    }

    /** One binned row as the exact steps give it: key "point,replication,bin_start_s,host,state" -> mean,max. */
    private static Map<String, String> binnedFromSteps(Path exact, long width, long duration) throws IOException {
        Csv.Table t = Csv.read(exact.resolve("occupancy.csv.gz"));
        // per series (point, replication, host, state): its steps in time order
        Map<String, List<long[]>> steps = new TreeMap<>();
        for (String[] r : t.rows()) {
            String series = t.get(r, "point") + "," + t.get(r, "replication") + "," + t.get(r, "host") + ","
                    + t.get(r, "state");
            steps.computeIfAbsent(series, k -> new ArrayList<>()).add(new long[] {
                TraceRow.parseSeconds(t.get(r, "time_s")), Long.parseLong(t.get(r, "count"))});
        }
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, List<long[]>> e : steps.entrySet()) {
            String[] s = e.getKey().split(",");
            List<long[]> st = e.getValue();
            for (long from = 0; from < duration; from += width) {
                long to = Math.min(duration, from + width);
                long area = 0; // count x ns, exact
                long max = 0;
                long count = 0;
                long at = from;
                for (long[] step : st) {
                    if (step[0] <= from) {
                        count = step[1];
                        continue;
                    }
                    if (step[0] >= to) {
                        break;
                    }
                    area += count * (step[0] - at);
                    max = Math.max(max, count);
                    at = step[0];
                    count = step[1];
                }
                area += count * (to - at);
                max = Math.max(max, count);
                if (max > 0) {
                    double mean = new BigDecimal(area).divide(new BigDecimal(to - from), java.math.MathContext.DECIMAL64)
                            .doubleValue();
                    out.put(s[0] + "," + s[1] + "," + Units.seconds(from) + "," + s[2] + "," + s[3],
                            Units.plain(mean) + "," + max);
                }
            }
        }
        return out;
    }

    @Test
    void theBinnedTableIsTheExactStepsIntegratedOverEachBin(@TempDir Path dir) throws IOException {
        Path exact = run(dir, "exact", "output.occupancy=exact");
        Path binned = run(dir, "binned", "output.occupancy-resolution=250ms");
        Csv.Table b = Csv.read(binned.resolve("occupancy.csv.gz"));
        assertEquals(List.of("point", "replication", "topology.link.loss", "bin_start_s", "bin_end_s", "host", "state",
                "mean", "max"), b.columns());
        assertEquals(List.of("point", "replication", "topology.link.loss", "host", "time_s", "state", "count"),
                Csv.read(exact.resolve("occupancy.csv.gz")).columns());
        Map<String, String> got = new TreeMap<>();
        for (String[] r : b.rows()) {
            assertEquals(TraceRow.parseSeconds(b.get(r, "bin_start_s")) + 250_000_000L,
                    TraceRow.parseSeconds(b.get(r, "bin_end_s")), "a bin is 250 ms wide; 3 s holds 12");
            got.put(b.get(r, "point") + "," + b.get(r, "replication") + "," + b.get(r, "bin_start_s") + ","
                    + b.get(r, "host") + "," + b.get(r, "state"), b.get(r, "mean") + "," + b.get(r, "max"));
        }
        Map<String, String> want = binnedFromSteps(exact, 250_000_000L, 3_000_000_000L);
        assertEquals(want.size(), got.size());
        assertEquals(want, got);
        assertTrue(want.size() > 100, "a test with something in it: " + want.size());
        // every host's TIME_WAIT shows from the first bin in which a connection closed
        assertTrue(got.keySet().stream().anyMatch(k -> k.startsWith("1,1,") && k.endsWith(",client2,TIME_WAIT")));
        // binned is far smaller than the steps, and the summaries do not depend on the table's form
        assertTrue(b.rows().size() * 3 < Csv.read(exact.resolve("occupancy.csv.gz")).rows().size());
        assertEquals(Files.readString(exact.resolve("summary.csv")), Files.readString(binned.resolve("summary.csv")));
        assertEquals(Files.readString(exact.resolve("occupancy-bins.json")),
                Files.readString(binned.resolve("occupancy-bins.json")), "the charts' bins come from the steps");
    }

    @Test
    void aBinEndsAtTheDurationAndNoneIsWrittenWithNone(@TempDir Path dir) throws IOException {
        Path binned = run(dir, "binned", "output.occupancy-resolution=2s"); // [0, 2) and [2, 3)
        Csv.Table b = Csv.read(binned.resolve("occupancy.csv.gz"));
        List<String> ends = b.rows().stream().map(r -> b.get(r, "bin_start_s") + "-" + b.get(r, "bin_end_s"))
                .distinct().sorted().toList();
        assertEquals(List.of("0.000000000-2.000000000", "2.000000000-3.000000000"), ends);
        Path none = run(dir, "none", "output.occupancy=none");
        assertTrue(!Files.exists(none.resolve("occupancy.csv.gz")));
    }

    @Test
    void withASweptDurationTheReportSaysTheChartsNeedTheExactSteps(@TempDir Path dir) throws IOException {
        Path cfg = dir.resolve("dur.yaml");
        Files.writeString(cfg, CONFIG.replace("sweep: {topology.link.loss: [0, 0.05]}", "sweep: {duration: [2s, 3s]}"));
        Path out = dir.resolve("dur");
        CliTest.Result r = CliTest.run("run", cfg.toString(), "--out", out.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        assertTrue(!Files.exists(out.resolve("occupancy-bins.json")), "no common grid for two durations");
        r = CliTest.run("plot", out.toString());
        assertTrue(r.out().contains("time-wait-occupancy: skipped: occupancy.csv.gz could not be read: "
                + "occupancy.csv.gz is binned, and a sweep of duration leaves no occupancy-bins.json: the occupancy "
                + "charts need its exact steps (output.occupancy: exact)"), r.out());
        r = CliTest.run("run", cfg.toString(), "--out", dir.resolve("exact").toString(), "-q",
                "--set", "output.occupancy=exact");
        assertEquals(0, r.code(), r.err());
        r = CliTest.run("plot", dir.resolve("exact").toString());
        assertTrue(r.out().contains("time-wait-occupancy: drawn"), r.out());
    }

    @Test
    void badOccupancySettingsAreErrorsThatNameTheKeyAndWhatIsAllowed(@TempDir Path dir) throws IOException {
        Path cfg = dir.resolve("occ.yaml");
        Files.writeString(cfg, CONFIG);
        CliTest.Result r = CliTest.run("run", cfg.toString(), "--out", dir.resolve("x").toString(), "-q",
                "--set", "output.occupancy=steps");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("output.occupancy: 'steps' is not an occupancy table; allowed: binned, exact, none"),
                r.err());
        r = CliTest.run("run", cfg.toString(), "--out", dir.resolve("x").toString(), "-q",
                "--set", "output.occupancy-resolution=0s");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("output.occupancy-resolution"), r.err());
        assertTrue(!Files.exists(dir.resolve("x")), "bad input writes nothing");
    }
}
