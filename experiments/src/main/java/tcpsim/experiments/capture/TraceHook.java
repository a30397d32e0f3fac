package tcpsim.experiments.capture;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tcpsim.experiments.config.ExperimentConfig;
import tcpsim.experiments.config.SweepColumns;
import tcpsim.experiments.sim.RunContext;
import tcpsim.experiments.sim.RunHook;

/**
 * Records the segment trace of each run it is attached to (see {@link TraceRow} for the columns), either into
 * files or in memory.
 *
 * <p>{@link #toParts()} writes {@code trace/<point>-<replication>.csv} under the results folder: runs may go in
 * parallel, each into its own part; after all runs, {@link TraceFiles#merge(Path)} joins the parts into
 * {@code trace.csv} in (point, replication) order, so the file is byte-identical for any thread count.
 * {@link #inMemory()} keeps each run's rows for {@link #rows(int, int)} (the ladder of one run).
 */
public final class TraceHook implements RunHook {
    /** The rows of each traced run by (point, replication), when kept in memory; null when writing parts. */
    private final Map<List<Integer>, List<TraceRow>> kept; // looked up, never iterated
    private final List<String> paramColumns;
    private final List<String> paramCells; // by point

    private TraceHook(Map<List<Integer>, List<TraceRow>> kept, List<String> paramColumns, List<String> paramCells) {
        this.kept = kept;
        this.paramColumns = paramColumns;
        this.paramCells = paramCells;
    }

    /**
     * Writes each run's part under the run's {@link RunContext#outputDir()}, with {@code cfg}'s parameter columns
     * (see {@link SweepColumns}).
     */
    public static TraceHook toParts(ExperimentConfig cfg) {
        return new TraceHook(null, SweepColumns.of(cfg).rowHeader(), SweepColumns.rowCells(cfg));
    }

    /** Keeps each run's rows in memory. */
    public static TraceHook inMemory() {
        return new TraceHook(new ConcurrentHashMap<>(), List.of(), List.of());
    }

    @Override
    public AutoCloseable attach(RunContext context) throws IOException {
        TraceRecorder.RowSink sink = kept != null ? keep(context.point(), context.replication())
                : writePart(context);
        TraceRecorder recorder = new TraceRecorder(context.simulation(), context.point(), context.replication(),
                context.connections(), sink);
        context.network().addObserver(recorder);
        context.tcp().addObserver(recorder);
        return recorder;
    }

    /** The rows of run (point, replication) in the order they happened; empty when it was not traced. */
    public List<TraceRow> rows(int point, int replication) {
        if (kept == null) {
            throw new IllegalStateException("this trace is written to files, not kept in memory");
        }
        return List.copyOf(kept.getOrDefault(List.of(point, replication), List.of()));
    }

    private TraceRecorder.RowSink keep(int point, int replication) {
        List<TraceRow> rows = new ArrayList<>();
        kept.put(List.of(point, replication), rows);
        return new TraceRecorder.RowSink() {
            @Override
            public void accept(TraceRow row) {
                rows.add(row);
            }

            @Override
            public void close() {
            }
        };
    }

    private TraceRecorder.RowSink writePart(RunContext context) throws IOException {
        Path part = TraceFiles.partFile(context.outputDir(), context.point(), context.replication());
        Files.createDirectories(part.getParent());
        Writer out = Files.newBufferedWriter(part, StandardCharsets.UTF_8);
        out.write(TraceRow.header(paramColumns));
        out.write('\n');
        return TraceRecorder.csvLines(out, paramCells.get(context.point()));
    }
}
