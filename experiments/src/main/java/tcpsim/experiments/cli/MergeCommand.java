package tcpsim.experiments.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tcpsim.experiments.config.ConfigException;
import tcpsim.experiments.config.ConfigLoader;
import tcpsim.experiments.config.ExperimentConfig;
import tcpsim.experiments.results.FolderLock;
import tcpsim.experiments.results.Manifest;
import tcpsim.experiments.results.ResultFiles;
import tcpsim.experiments.results.ResultsFolder;
import tcpsim.experiments.results.ResultsWriter;
import tcpsim.experiments.results.ShardFolder;
import tcpsim.experiments.results.SummaryRow;
import tcpsim.experiments.sim.RunPlan.RunId;

/**
 * {@code tcpsim merge SHARD_DIR... --out DIR}: the results folder of a study from the folders of its shards. The
 * shards' verified parts are copied into the work folder of {@code DIR} and assembled by the very code that finishes
 * a resumed run whose every run was already done ({@link ResultsWriter#restore}, {@code closeRows}, {@code finish}),
 * then the report and the switch into place are {@code run}'s ({@link RunCommand#finishFolder}): the data files
 * and manifest.json are byte-identical to those of the unsharded {@code run CONFIG --out DIR}.
 */
@Command(name = "merge", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Merge the shard folders of a study (tcpsim run --shard K/N) into its results",
            "folder. It checks that the shards come from the same resolved config, seed,",
            "number of shards and this tcpsim version, that every part matches its",
            "SHA-256, and that together they hold every run exactly once; then it writes",
            "the folder an unsharded 'tcpsim run' writes: the same data files and",
            "manifest.json, byte for byte, and the charts and report drawn afresh. The",
            "shard folders are left as they are."},
        footer = {"", "Exit codes: 0 ok, 1 the report failed, 2 a shard is refused or --out is not",
            "usable (the message names the folder and run; nothing was written).",
            "Examples:",
            "  tcpsim merge results/quickstart.shard-*-of-3 --out results/quickstart",
            "  tcpsim merge /scratch/s1 /scratch/s2 --out results/study --force"})
final class MergeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "SHARD_DIR", description = "The folders of the shards, in any order.")
    List<Path> shardDirs = new ArrayList<>();

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Results folder of the study (default: results/<name>).")
    Path out;

    @Mixin
    WritingOptions writing = new WritingOptions();

    @Override
    public Integer call() throws Exception {
        Instant started = Instant.now();
        List<ShardFolder.Shard> shards = new ArrayList<>();
        for (Path d : shardDirs) {
            shards.add(ShardFolder.read(d));
        }
        ShardFolder.sameStudy(shards, Main.tcpsimVersion());
        ShardFolder.Shard first = shards.get(0);
        for (ShardFolder.Shard s : shards) {
            first = s.index() < first.index() ? s : first; // the command is recorded from the lowest K
        }
        ExperimentConfig cfg = rebuild(first);
        Map<RunId, ShardFolder.Shard> owner = ShardFolder.cover(shards, cfg);
        Path dir = out != null ? out : Path.of("results", cfg.name());
        for (ShardFolder.Shard s : shards) {
            Path a = s.dir().toAbsolutePath().normalize();
            Path b = dir.toAbsolutePath().normalize();
            if (a.startsWith(b) || b.startsWith(a)) {
                throw new Main.BadInputException("--out " + dir + " is (or holds, or is inside) the shard folder "
                        + s.dir() + ", which the merge reads; choose another --out");
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        Consumer<String> note = line -> {
            err.println("tcpsim: " + line);
            err.flush();
        };
        try (FolderLock lock = FolderLock.acquire(dir, note)) {
            ResultsFolder.recoverStale(dir, note);
            ResultsFolder.check(dir, writing.force);
            Path tmp = ResultsFolder.createTemporary(dir);
            ResultsWriter.RunInfo info = new ResultsWriter.RunInfo(Main.tcpsimVersion(),
                    RunCommand.studyCommand(first.study().config(), dir, first.study().options()));
            List<SummaryRow> summary;
            try (Interruption interruption = new Interruption(() -> abort(tmp, dir, lock), err)) {
                try {
                    summary = assemble(cfg, owner, tmp, info);
                } catch (Exception | Error e) {
                    if (interruption.interrupted()) {
                        return Main.FAILED; // the hook is removing tmp and says why
                    }
                    ResultsFolder.delete(tmp);
                    throw e;
                }
                if (!interruption.finishing()) {
                    return Main.FAILED;
                }
                int code = RunCommand.finishFolder(err, tmp, dir, true, RunCommand.argv(spec), 1, started);
                if (!writing.quiet) {
                    PrintWriter stdout = spec.commandLine().getOut();
                    SummaryTable.print(stdout, cfg, summary);
                    stdout.printf("merged %d shard folder(s), %d run(s); results in %s%n", shards.size(),
                            cfg.runCount(), dir);
                    stdout.flush();
                }
                return code;
            }
        }
    }

    /**
     * The study's config from the resolved config a shard recorded (YAML reads JSON), checked against the recorded
     * hash: the merge then summarises exactly what the shards simulated.
     */
    private static ExperimentConfig rebuild(ShardFolder.Shard shard) throws ConfigException, Main.BadInputException {
        String label = shard.dir().resolve(ResultFiles.MANIFEST) + " (config)";
        ExperimentConfig cfg = ConfigLoader.parse(label, shard.config().toString(), List.of());
        if (!Manifest.configHash(cfg).equals(shard.configHash())) {
            throw new Main.BadInputException("corrupted shard " + shard.dir() + " (" + shard.label() + "): the "
                    + "config in its " + ResultFiles.MANIFEST + " does not match its config_hash");
        }
        return cfg;
    }

    /** Copies every run's parts into {@code tmp}, verifies them there and assembles the data files and manifest. */
    private static List<SummaryRow> assemble(ExperimentConfig cfg, Map<RunId, ShardFolder.Shard> owner, Path tmp,
            ResultsWriter.RunInfo info) throws IOException {
        for (Map.Entry<RunId, ShardFolder.Shard> e : owner.entrySet()) {
            ShardFolder.copyRun(e.getValue(), e.getKey(), tmp);
        }
        SortedSet<RunId> verified = ResultsWriter.verifiedRuns(tmp);
        if (verified.size() != owner.size()) {
            throw new IOException("the copies of the shards' parts in " + tmp + " do not verify (the disk or "
                    + "another process changed them); nothing was written");
        }
        try (ResultsWriter writer = new ResultsWriter(cfg, tmp)) {
            writer.restore(verified);
            writer.closeRows();
            writer.finish(info);
            return writer.summaryRows();
        }
    }

    /** On the shutdown hook's thread: the shards hold everything, so the work folder is simply removed. */
    private void abort(Path tmp, Path dir, FolderLock lock) {
        PrintWriter err = spec.commandLine().getErr();
        String left = "";
        try {
            ResultsFolder.delete(tmp);
        } catch (IOException e) {
            left = "; could not remove " + tmp + " (" + e.getMessage() + "): delete it, it is incomplete";
        }
        try {
            lock.close();
        } catch (IOException e) {
            left += "; could not remove the lock " + FolderLock.fileOf(dir);
        }
        err.println();
        err.println("tcpsim: merge interrupted: nothing was written to " + dir + " and the shard folders are "
                + "unchanged; run the same merge again" + left);
        err.flush();
    }
}
