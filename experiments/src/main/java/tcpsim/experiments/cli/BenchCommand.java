package tcpsim.experiments.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tcpsim.experiments.config.ConfigLoader;
import tcpsim.experiments.config.ExperimentConfig;
import tcpsim.experiments.report.Report;
import tcpsim.experiments.results.ResultsFolder;
import tcpsim.experiments.results.ResultsWriter;
import tcpsim.experiments.sim.Experiment;
import tcpsim.experiments.sim.RunPlan;
import tcpsim.experiments.sim.RunResult;
import tcpsim.experiments.sim.RunSink;

/**
 * {@code tcpsim bench}: runs a fixed scenario through exactly the path of {@code tcpsim run} (a bundled YAML
 * config plus overrides, the results writer, the report) and prints how fast and how big it was.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Run the standard performance scenario as `tcpsim run` would and print its figures.",
            "",
            "Standard scenario: 1,000,000 connections, Poisson 10,000/s, 64 client hosts, 1 server host, RTT 50 ms, "
                + "1 Gbps, 1%% loss each way, 1000 B request, 10,000 B response, the client closes first, linux "
                + "profile (60 s TIME_WAIT) with tcp.max-tw-buckets=0 (unlimited; Linux's 131,072 per host would cap "
                + "the TIME_WAIT population the scenario is about, about 600,000 at the end of the arrivals, on "
                + "hosts with --clients 4 or fewer). --case p1|p3|p4 runs the ns-3 comparison cases instead: 100,000 "
                + "connections from 1 client host, RTT 50 ms, 100 Mbps, 1%% loss each way, a 1000 B request, full "
                + "teardown; p1 one every 20 ms with a 240 s TIME_WAIT, p3 one every 20 ms with 1 s, p4 1,000/s "
                + "with 1 s.",
            "",
            "Wall time: simulate = the runs, the rows they stream to their part files as they go included (formatted "
                + "and written on a thread of each run's own when the machine has a core more than --threads); write "
                + "= the summaries and the manifest after the runs, and with --threads 1 the writer's work after each "
                + "run (closing its parts, appending them to the data files, its run.json), which holds up the next "
                + "run; with more threads that work overlaps the runs and is part of simulate; report = charts and "
                + "report.html; heap probe = the forced full collections of the heap measurement below, taken out "
                + "of simulate.",
            "CPU (--threads 1): the running thread's CPU time in the simulate phase (heap probe excluded; the rows' "
                + "thread, when there is one, not included).",
            "Peak heap: the sum of the heap pools' peaks (an upper bound). Heap per TIME_WAIT connection "
                + "(--threads 1 only): the used heap after a forced full GC at the end of the arrival period (where "
                + "the TIME_WAIT population peaks) minus the used heap after a forced full GC before the first "
                + "event, divided by the connections in TIME_WAIT then; everything the run holds is charged to "
                + "them. Not the heap: once more than 16,384 connection records are held, those that only wait out "
                + "a TIME_WAIT go to a scratch file in the run's part folder (scratch.bin, 108 bytes each, about 67 MB "
                + "in the standard scenario; removed when the run ends), which the page cache holds.",
            "Machine: cores, the JVM and its options (jvm_options: those of experiments/jvm.options, the "
                + "launcher's class archive (CDS, or the ahead-of-time cache on JDK 25 and later), then "
                + "JAVA_OPTS). Short runs such as the p-cases are mostly class loading and JIT warm-up, so the "
                + "JVM matters: README, Performance."},
        footer = {"", "Exit codes: 0 ok, 1 the run failed, 2 bad input.",
            "Examples:",
            "  tcpsim bench",
            "  tcpsim bench --connections 100000 --json",
            "  JAVA_OPTS=-Xmx1g tcpsim bench --case p1",
            "  JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java ./tcpsim bench --case p3"})
final class BenchCommand implements Callable<Integer> {
    /** The ns-3 comparison cases: arrivals and TIME_WAIT. */
    enum Case {
        P1("50/s", "240s"), P3("50/s", "1s"), P4("1000/s", "1s");

        final String rate;
        final String timeWait;

        Case(String rate, String timeWait) {
            this.rate = rate;
            this.timeWait = timeWait;
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--case", paramLabel = "p1|p3|p4", converter = CaseConverter.class,
            description = "Run an ns-3 comparison case instead of the standard scenario.")
    Case benchCase;

    @Option(names = "--connections", paramLabel = "N", description = "Connections to open.")
    Long connections;

    @Option(names = "--rate", paramLabel = "R", description = "Arrival rate, connections per second.")
    Double rate;

    @Option(names = "--loss", paramLabel = "P", description = "Loss probability per packet, each way.")
    Double loss;

    @Option(names = "--time-wait", paramLabel = "DURATION", description = "TIME_WAIT duration, e.g. 60s.")
    String timeWait;

    @Option(names = "--clients", paramLabel = "N", description = "Client hosts.")
    Integer clients;

    @Option(names = "--replications", paramLabel = "N", description = "Replications (default 1).")
    Integer replications;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Runs in parallel (default 1).")
    int threads = 1;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Keep the results folder here (default: a temporary folder, deleted afterwards).")
    Path out;

    @Option(names = "--json", description = "Print the figures as JSON instead of a table.")
    boolean json;

    static final class CaseConverter implements picocli.CommandLine.ITypeConverter<Case> {
        @Override
        public Case convert(String value) {
            return Case.valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    /** The bundled config and the overrides that the flags make. */
    record Scenario(String resource, List<String> overrides, long connections, double rate) {
    }

    Scenario scenario() {
        List<String> sets = new ArrayList<>();
        String resource = benchCase == null ? "standard.yaml" : "ns3.yaml";
        long n = connections != null ? connections : benchCase == null ? 1_000_000 : 100_000;
        double r = rate != null ? rate : benchCase == null ? 10_000 : Double.parseDouble(benchCase.rate.replace("/s", ""));
        boolean poisson = benchCase == null;
        // the TIME_WAIT population is what bench measures: no max-tw-buckets may cut it (see --help)
        sets.add("tcp.max-tw-buckets=0");
        if (benchCase != null) {
            sets.add("tcp.time-wait=" + benchCase.timeWait);
        }
        sets.add("workload.connections=" + n);
        sets.add("workload.arrivals.rate=" + r + "/s");
        // constant arrivals: the last opens at (n-1)/rate; Poisson: room for the count to reach n first
        double seconds = poisson ? n / r * 1.1 + 1 : n / r;
        sets.add("duration=" + Math.max(1, (long) Math.ceil(seconds * 1000)) + "ms");
        if (loss != null) {
            sets.add("topology.link.loss=" + loss);
        }
        if (timeWait != null) {
            sets.add("tcp.time-wait=" + timeWait);
        }
        if (clients != null) {
            sets.add("topology.clients=" + clients);
        }
        if (replications != null) {
            sets.add("replications=" + replications);
        }
        return new Scenario(resource, sets, n, r);
    }

    @Override
    public Integer call() throws Exception {
        if (threads < 1) {
            throw new Main.BadInputException("--threads must be at least 1, got " + threads);
        }
        Scenario sc = scenario();
        ExperimentConfig cfg = ConfigLoader.parse("bench/" + sc.resource(), resource(sc.resource()), sc.overrides());
        Path dir = out != null ? out : Files.createTempDirectory("tcpsim-bench");
        if (out != null) {
            ResultsFolder.check(dir, false); // never into a folder tcpsim did not write, nor over results
        }
        try {
            Map<String, Object> figures = measure(cfg, dir, sc);
            print(figures);
        } finally {
            if (out == null) {
                ResultsFolder.delete(dir);
            }
        }
        return Main.OK;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = BenchCommand.class.getResourceAsStream("/tcpsim/experiments/bench/" + name)) {
            if (in == null) {
                throw new IOException("bundled bench config " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Runs the scenario into {@code dir} and returns the figures in print order. */
    private Map<String, Object> measure(ExperimentConfig cfg, Path dir, Scenario sc) throws Exception {
        long probeAt = Math.round(sc.connections() / sc.rate() * 1e9);
        HeapProbe probe = new HeapProbe(probeAt, threads == 1);
        long[] totals = new long[2]; // connections, events
        RunSink count = run -> {
            totals[0] += run.totals().connections();
            totals[1] += run.events();
        };
        HeapProbe.resetPeaks();
        java.lang.management.ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long c0 = cpu.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long t1;
        long c1;
        long inRuns; // the writer's work inside the runs (ResultsWriter.writeNanos)
        long t2;
        try (ResultsWriter writer = new ResultsWriter(cfg, dir)) {
            RunPlan plan = RunPlan.every(cfg, dir, threads);
            Experiment.run(plan, List.of(probe), writer.outputs(plan.threads()), writer.andThen(count));
            t1 = System.nanoTime();
            c1 = cpu.getCurrentThreadCpuTime();
            inRuns = writer.writeNanos();
            writer.closeRows();
            // bench folders are measurements, not reproducible studies: their "command" names the bench that made them
            writer.finish(new ResultsWriter.RunInfo(Main.tcpsimVersion(), List.of("bench")));
            t2 = System.nanoTime();
        }
        Report.render(dir);
        long t3 = System.nanoTime();
        long peak = HeapProbe.peakHeap();
        return figures(cfg, sc, probe, totals, new long[] {t0, t1, t2, t3, c1 - c0, inRuns}, peak);
    }

    private Map<String, Object> figures(ExperimentConfig cfg, Scenario sc, HeapProbe probe, long[] totals,
            long[] t, long peak) {
        // on one thread the writer's work inside the runs (closing each run's parts, appending them to the data
        // files, its run.json, a point's summary) holds up the next run: moved from simulate to write. On more
        // threads it overlaps the other runs.
        double inRuns = t[5] / 1e9;
        // the heap probe's forced full collections (a second or more with 600,000 connections held) are measuring
        double probing = probe.probeNanos() / 1e9;
        double simulate = (t[1] - t[0]) / 1e9 - (threads == 1 ? inRuns : 0) - probing;
        double write = (t[2] - t[1]) / 1e9 + (threads == 1 ? inRuns : 0);
        double report = (t[3] - t[2]) / 1e9;
        double whole = (t[3] - t[0]) / 1e9;
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("scenario", benchCase == null ? "standard" : benchCase.name().toLowerCase(Locale.ROOT));
        f.put("config", "bench/" + sc.resource() + (sc.overrides().isEmpty() ? ""
                : " --set " + String.join(" --set ", sc.overrides())));
        f.put("runs", cfg.runCount());
        f.put("threads", threads);
        f.put("connections", totals[0]);
        f.put("events", totals[1]);
        f.put("simulated_s", probe.simulatedTime() / 1e9);
        f.put("wall_simulate_s", simulate);
        f.put("wall_write_s", write);
        f.put("wall_report_s", report);
        f.put("wall_heap_probe_s", probing);
        f.put("wall_total_s", whole);
        f.put("events_per_s", totals[1] / simulate);
        f.put("connections_per_s_simulate", totals[0] / simulate);
        f.put("connections_per_s_total", totals[0] / whole);
        if (threads == 1) {
            // on a shared machine the thread's CPU time is steadier than wall time
            double cpuSimulate = (t[4] - probe.probeCpuNanos()) / 1e9;
            f.put("cpu_simulate_s", cpuSimulate);
            f.put("connections_per_cpu_s_simulate", totals[0] / cpuSimulate);
        }
        f.put("peak_heap_bytes", peak);
        f.put("time_wait_at_probe", probe.timeWaitAtProbe());
        f.put("heap_bytes_per_time_wait", probe.bytesPerTimeWait());
        f.put("cores", Runtime.getRuntime().availableProcessors());
        f.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        // the JIT's and the collector's options change the figures (experiments/jvm.options says by how much)
        f.put("jvm_options", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        f.put("gc", String.join(",", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(b -> b.getName()).toList()));
        f.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        return f;
    }

    private void print(Map<String, Object> f) throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, Object> e : f.entrySet()) {
                Object v = e.getValue();
                if (v instanceof Long l) {
                    n.put(e.getKey(), l);
                } else if (v instanceof Integer i) {
                    n.put(e.getKey(), i);
                } else if (v instanceof Double d) {
                    n.put(e.getKey(), d);
                } else {
                    n.put(e.getKey(), String.valueOf(v));
                }
            }
            o.println(n.toPrettyString());
        } else {
            for (Map.Entry<String, Object> e : f.entrySet()) {
                Object v = e.getValue();
                String text = v instanceof Double d ? String.format(Locale.ROOT, "%,.3f", d)
                        : v instanceof Long l ? String.format(Locale.ROOT, "%,d", l) : String.valueOf(v);
                o.printf(Locale.ROOT, "%-28s %s%n", e.getKey(), text);
            }
        }
        o.flush();
    }
}
