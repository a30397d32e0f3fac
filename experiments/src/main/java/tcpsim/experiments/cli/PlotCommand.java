package tcpsim.experiments.cli;

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
import tcpsim.experiments.results.ResultFiles;

/** {@code tcpsim plot RESULTS_DIR}: re-renders the charts and report.html from the data files alone. */
@Command(name = "plot", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Re-render charts/ and report.html of a results folder from its data files alone.",
        footer = {"", "Exit codes: 0 ok, 1 rendering failed, 2 not a results folder.",
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
        if (!Files.isRegularFile(dir.resolve(ResultFiles.MANIFEST))
                || !Files.isRegularFile(dir.resolve(ResultFiles.SUMMARY_CSV))) {
            throw new Main.BadInputException(dir + " is not a tcpsim results folder (it needs "
                    + ResultFiles.MANIFEST + " and " + ResultFiles.SUMMARY_CSV + ")");
        }
        PrintWriter out = spec.commandLine().getOut();
        List<String> charts = Report.renderCharts(dir);
        if (!quiet) {
            charts.forEach(out::println);
            out.println("report: " + dir.resolve(ResultFiles.REPORT));
            out.flush();
        }
        return Main.OK;
    }
}
