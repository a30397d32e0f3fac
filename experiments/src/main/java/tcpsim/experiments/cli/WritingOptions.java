package tcpsim.experiments.cli;

import picocli.CommandLine.Option;

/** The options of the commands that write a results folder (`run`, `merge`), declared once and mixed into each. */
final class WritingOptions {
    @Option(names = {"-f", "--force"},
            description = "Replace the results in an existing results folder (only the files its manifest lists; "
                    + "every other file stays), once the new ones are complete.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "No progress and no summary table; errors only.")
    boolean quiet;
}
