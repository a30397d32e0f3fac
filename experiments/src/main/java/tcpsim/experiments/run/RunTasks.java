package tcpsim.experiments.run;

import java.nio.file.Path;
import tcpsim.experiments.config.ExperimentConfig;

/**
 * Builds the per-run task of an experiment and the capture hooks asked for. Placeholder until the TCP model is
 * merged.
 */
public final class RunTasks {
    private RunTasks() {
    }

    public static RunTasks create(ExperimentConfig cfg, Path outDir, boolean pcap, boolean trace) {
        return new RunTasks();
    }

    public RunResult run(int point, int replication) {
        throw new UnsupportedOperationException("the TCP model is not merged yet");
    }

    public void beforeManifest(Path dir) {
    }
}
