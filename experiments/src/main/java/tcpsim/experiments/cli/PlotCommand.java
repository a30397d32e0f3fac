package tcpsim.experiments.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tcpsim.experiments.report.Report;
import tcpsim.experiments.results.FolderLock;
import tcpsim.experiments.results.Manifest;
import tcpsim.experiments.results.ResultFiles;
import tcpsim.experiments.results.ResultsFolder;

/**
 * {@code tcpsim plot RESULTS_DIR}: re-renders the charts and report.html from the data files alone, after checking
 * them against the manifest's SHA-256s; charts whose data is absent are kept as they are, never deleted.
 */
@Command(name = "plot", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Re-render charts/ and report.html of a results folder from its data files alone.",
            "Every data file present must match the SHA-256 in manifest.json; a chart whose data file is",
            "absent (e.g. occupancy.csv.gz, which git does not track) keeps its existing files."},
        footer = {"", "Exit codes: 0 ok, 1 rendering failed, 2 not a results folder or a data file does not match.",
            "Example: tcpsim plot results/quickstart"})
final class PlotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RESULTS_DIR", description = "A folder written by tcpsim run.")
    Path dir;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(dir)) {
            throw new Main.BadInputException(dir + " is not a tcpsim results folder (no such folder)");
        }
        FolderLock lock = FolderLock.acquire(dir, line -> err.println("tcpsim: " + line));
        try {
            ResultsFolder.recoverStale(dir, line -> err.println("tcpsim: " + line));
            ObjectNode m = Manifest.read(dir).orElseThrow(() -> new Main.BadInputException(dir
                    + " is not a tcpsim results folder (it needs " + ResultFiles.MANIFEST + " and "
                    + ResultFiles.SUMMARY_CSV + ")"));
            Manifest.Check check = Manifest.verify(dir, m);
            if (!check.mismatched().isEmpty()) {
                throw new Main.BadInputException(dir.resolve(check.mismatched().get(0)) + " does not match the "
                        + "SHA-256 recorded in " + ResultFiles.MANIFEST + " (changed after the run); nothing was "
                        + "redrawn. Restore the file or regenerate the folder with the command in the manifest");
            }
            if (!Files.isRegularFile(dir.resolve(ResultFiles.SUMMARY_CSV))) {
                throw new Main.BadInputException(dir + " is not a complete tcpsim results folder (it needs "
                        + ResultFiles.SUMMARY_CSV + ")");
            }
            List<String> charts = Report.renderCharts(dir);
            Manifest.recordReportFiles(dir);
            if (!quiet) {
                charts.forEach(out::println);
                if (!check.missing().isEmpty()) {
                    out.println("absent (charts that need them were not redrawn): "
                            + String.join(", ", check.missing()));
                }
                out.println("report: " + dir.resolve(ResultFiles.REPORT));
                out.flush();
            }
        } finally {
            lock.close();
        }
        err.flush();
        return Main.OK;
    }
}
