package tcpsim.experiments.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tcpsim.experiments.capture.PcapHook;
import tcpsim.experiments.capture.TraceHook;
import tcpsim.experiments.config.ExperimentConfig;

/** The per-run task of an experiment, with the capture hooks asked for (packet captures, segment trace). */
public final class RunTasks {
    private final ExperimentConfig cfg;
    private final Path outDir;
    private final List<RunHook> hooks;
    private final boolean trace;

    private RunTasks(ExperimentConfig cfg, Path outDir, List<RunHook> hooks, boolean trace) {
        this.cfg = cfg;
        this.outDir = outDir;
        this.hooks = List.copyOf(hooks);
        this.trace = trace;
    }

    public static RunTasks create(ExperimentConfig cfg, Path outDir, boolean pcap, boolean trace) {
        List<RunHook> hooks = new ArrayList<>();
        if (pcap) {
            hooks.add(new PcapHook());
        }
        if (trace) {
            hooks.add(new TraceHook());
        }
        return new RunTasks(cfg, outDir, hooks, trace);
    }

    public RunResult run(int point, int replication) throws Exception {
        return Runner.runSingle(cfg, point, replication, hooks, outDir);
    }

    /** After all runs, before the manifest: merges the per-run trace files when tracing. */
    public void beforeManifest(Path dir) throws Exception {
        if (trace) {
            TraceHook.merge(dir);
        }
    }
}
