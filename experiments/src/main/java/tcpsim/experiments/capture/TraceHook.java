package tcpsim.experiments.capture;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tcpsim.experiments.run.RunContext;
import tcpsim.experiments.run.RunHook;

/**
 * Writes the segment trace of each run it is attached to: {@code trace/<point>-<replication>.csv} under the
 * results folder (see {@link TraceRow} for the columns). Runs may go in parallel, each into its own part; after
 * all runs, {@link #merge(Path)} joins the parts into {@code trace.csv} in (point, replication) order, so the file
 * is byte-identical for any thread count.
 */
public final class TraceHook implements RunHook {
    private final Path outputDir;

    /** Writes under each run's {@link RunContext#outputDir()}. */
    public TraceHook() {
        this(null);
    }

    /** Writes under {@code outputDir} whatever the run's output folder (e.g. a temporary folder). */
    public TraceHook(Path outputDir) {
        this.outputDir = outputDir;
    }

    @Override
    public AutoCloseable attach(RunContext context) throws IOException {
        Path dir = outputDir != null ? outputDir : context.outputDir();
        Path part = TraceFiles.partFile(dir, context.point(), context.replication());
        Files.createDirectories(part.getParent());
        Writer out = Files.newBufferedWriter(part, StandardCharsets.UTF_8);
        out.write(TraceRow.HEADER);
        out.write('\n');
        TraceRecorder recorder = new TraceRecorder(context.simulation(), context.point(), context.replication(),
                out);
        context.network().addObserver(recorder);
        context.tcp().addObserver(recorder);
        return recorder;
    }

    /**
     * Joins the per-run parts under {@code outDir} into {@code outDir/trace.csv} and deletes them; call it once all
     * runs are over. Does nothing when no run was traced.
     */
    public static void merge(Path outDir) throws IOException {
        TraceFiles.merge(outDir);
    }
}
