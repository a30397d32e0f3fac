package tcpsim.experiments.run;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tcpsim.experiments.config.ExperimentConfig;

/**
 * The per-run task of an experiment with the capture hooks asked for. The capture package
 * ({@code tcpsim.experiments.capture.PcapHook}, {@code TraceHook}) is looked up at run time so that this module
 * builds without it; asking for a capture this build lacks is bad input.
 */
public final class RunTasks {
    static final String PCAP_HOOK = "tcpsim.experiments.capture.PcapHook";
    static final String TRACE_HOOK = "tcpsim.experiments.capture.TraceHook";

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

    /** @throws IllegalArgumentException when a capture is asked for that this build does not include */
    public static RunTasks create(ExperimentConfig cfg, Path outDir, boolean pcap, boolean trace) {
        List<RunHook> hooks = new ArrayList<>();
        if (pcap) {
            hooks.add(hook(PCAP_HOOK, "--pcap / capture.pcap"));
        }
        if (trace) {
            hooks.add(hook(TRACE_HOOK, "--trace / capture.trace"));
        }
        return new RunTasks(cfg, outDir, hooks, trace);
    }

    private static RunHook hook(String className, String what) {
        try {
            Object o = Class.forName(className).getDeclaredConstructor().newInstance();
            return (RunHook) o;
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(what + " needs " + className + ", which this build does not include");
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("cannot create " + className + ": " + e, e);
        }
    }

    public RunResult run(int point, int replication) throws Exception {
        return Runner.runSingle(cfg, point, replication, hooks, outDir);
    }

    /** After all runs, before the manifest: merges the per-run trace files when tracing. */
    public void beforeManifest(Path dir) throws Exception {
        if (!trace) {
            return;
        }
        Method merge = Class.forName(TRACE_HOOK).getMethod("merge", Path.class);
        try {
            merge.invoke(null, dir);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }
}
