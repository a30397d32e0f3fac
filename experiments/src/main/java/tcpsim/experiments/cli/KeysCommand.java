package tcpsim.experiments.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tcpsim.experiments.config.Reference;

/** {@code tcpsim keys}: every config key with its type and unit, default, range and help, from the declarations. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Lists every config key: type and unit with the allowed range, default (per profile for tcp.*)"
                + " and a one-line help. The same declarations parse and check configs.",
        footer = {"", "Examples:", "  tcpsim keys", "  tcpsim keys --markdown",
            "  tcpsim keys --update-readme README.md   # regenerate README's config tables"})
public final class KeysCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--markdown", description = "print README's Markdown tables, each between its markers")
    boolean markdown;

    @Option(names = "--update-readme", paramLabel = "FILE", description = "rewrite the marked tables in FILE")
    Path readme;

    @Override
    public Integer call() throws IOException, Main.BadInputException {
        PrintWriter out = spec.commandLine().getOut();
        if (readme != null) {
            try {
                Files.writeString(readme, Reference.updateReadme(Files.readString(readme)));
            } catch (IllegalArgumentException e) {
                throw new Main.BadInputException(readme + ": " + e.getMessage());
            }
            out.println(readme + ": config tables regenerated");
        } else {
            out.print(markdown ? Reference.markdown() : Reference.text());
        }
        out.flush();
        return Main.OK;
    }
}
