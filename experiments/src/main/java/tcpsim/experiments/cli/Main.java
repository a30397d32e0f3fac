package tcpsim.experiments.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;
import tcpsim.experiments.config.ConfigException;
import tcpsim.experiments.results.ResultsFolder;

/** The {@code tcpsim} command line: {@code run}, {@code merge}, {@code validate}, {@code plot} and the others. */
@Command(name = "tcpsim", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        subcommands = {RunCommand.class, MergeCommand.class, ValidateCommand.class, PlotCommand.class,
            LadderCommand.class, KeysCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
        description = "Deterministic discrete-event simulator of TCP connection life cycles.%n"
                + "Runs experiments described in YAML and writes tidy results, charts and a report.",
        footer = {"", "Exit codes: 0 success, 1 a run or the report failed, 2 bad input (nothing written).",
            "Example: tcpsim run experiments/configs/quickstart.yaml"})
public final class Main implements Runnable {
    /** Success. */
    public static final int OK = 0;
    /** A run, writing the results or rendering the report failed. */
    public static final int FAILED = 1;
    /** Bad command line, config or override; nothing was written. */
    public static final int BAD_INPUT = 2;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: run, validate, plot or ladder");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI with {@code args}; returns the exit code. */
    public static int execute(String... args) {
        CommandLine cl = commandLine();
        try {
            return cl.execute(args);
        } catch (VirtualMachineError e) { // thrown past picocli's handler, from the command or its threads
            return resourceFailure(cl.getErr(), e);
        }
    }

    /**
     * Out of memory or a stack overflow: one clear line (what ran out, the heap limit, what to change) instead of
     * a stack trace, which TCPSIM_DEBUG still prints.
     */
    static int resourceFailure(PrintWriter err, Throwable e) {
        Throwable vm = e;
        while (!(vm instanceof VirtualMachineError) && vm.getCause() != null) {
            vm = vm.getCause();
        }
        long maxHeapMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        if (vm instanceof OutOfMemoryError) {
            err.println("tcpsim: failed: out of memory (the Java heap is limited to " + maxHeapMb + " MB): the run"
                    + " needs more; 'tcpsim validate' estimates it. Give Java more heap (JAVA_OPTS=-Xmx4g), run"
                    + " fewer threads (--threads) or make the runs smaller (workload.connections, duration,"
                    + " workload.arrivals.rate)");
        } else if (vm instanceof StackOverflowError) {
            err.println("tcpsim: failed: stack overflow (a call chain too deep for the thread's stack); please"
                    + " report it with the config; a larger stack (JAVA_OPTS=-Xss16m) may get past it");
        } else {
            err.println("tcpsim: failed: the Java virtual machine failed: " + vm);
        }
        if (System.getenv("TCPSIM_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        return FAILED;
    }

    /** The configured command line (tests set its out and err writers). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof ConfigException || ex instanceof ResultsFolder.UnusableFolderException
                    || ex instanceof BadInputException) {
                err.println("tcpsim: error: " + ex.getMessage());
                err.flush();
                return BAD_INPUT;
            }
            if (isResourceFailure(ex)) {
                return resourceFailure(err, ex);
            }
            if (ex instanceof java.nio.file.AccessDeniedException denied) {
                // the JDK's message is the bare path
                err.println("tcpsim: failed: permission denied: " + denied.getFile()
                        + (denied.getReason() == null ? "" : " (" + denied.getReason() + ")")
                        + ": this user may not write or read it; choose another --out or fix its permissions");
            } else {
                err.println("tcpsim: failed: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            }
            if (System.getenv("TCPSIM_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            err.flush();
            return FAILED;
        });
        return cl;
    }

    /** Whether {@code ex} is, or was caused by, running out of memory or stack. */
    static boolean isResourceFailure(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof VirtualMachineError) {
                return true;
            }
        }
        return false;
    }

    /** Bad input detected by a command (exit code 2). */
    public static final class BadInputException extends Exception {
        private static final long serialVersionUID = 1L;

        public BadInputException(String message) {
            super(message);
        }
    }

    /** The version from the build, plus the Java runtime. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"tcpsim " + tcpsimVersion() + " (build " + BuildInfo.commit() + ")",
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }

    /** The tcpsim version the build stamped into version.properties. */
    public static String tcpsimVersion() {
        return BuildInfo.version();
    }
}
