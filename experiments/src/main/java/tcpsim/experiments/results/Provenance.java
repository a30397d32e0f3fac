package tcpsim.experiments.results;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * provenance.json: what a run's data does not depend on but a reader may want to know (the exact command line and
 * working directory, the threads, tcpsim's build commit, the machine and the wall time). It changes with every run,
 * so it is kept out of manifest.json (which stays byte-identical when a bundled config is rerun) and out of git
 * ({@code results/*}{@code /provenance.json} is ignored). tcpsim owns it like the manifest.
 */
public record Provenance(List<String> commandLine, String workingDirectory, int threads, String tcpsimVersion,
        String buildCommit, String buildDirty, Instant started, Instant finished) {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./=:,@%+-]+");

    public Provenance {
        commandLine = List.copyOf(commandLine);
    }

    /** {@code args} joined for a POSIX shell: words with anything but plain characters in single quotes. */
    public static String shellJoin(List<String> args) {
        StringBuilder sb = new StringBuilder();
        for (String a : args) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(PLAIN.matcher(a).matches() ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }

    /** Writes {@code dir/provenance.json}. */
    public void write(Path dir) throws IOException {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("command_line", shellJoin(commandLine));
        ArrayNode argv = p.putArray("argv");
        commandLine.forEach(argv::add);
        p.put("working_directory", workingDirectory);
        p.put("threads", threads);
        p.put("tcpsim_version", tcpsimVersion);
        p.put("build_commit", buildCommit);
        p.put("build_dirty", buildDirty);
        ObjectNode machine = p.putObject("machine");
        machine.put("host", host());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("arch", System.getProperty("os.arch"));
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        machine.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version")
                + " (" + System.getProperty("java.vendor") + ")");
        machine.put("java_version", System.getProperty("java.version"));
        p.put("started", started.toString());
        p.put("finished", finished.toString());
        p.put("wall_s", String.format(Locale.ROOT, "%.3f", Duration.between(started, finished).toNanos() / 1e9));
        ResultsWriter.writeJson(dir.resolve(ResultFiles.PROVENANCE), p);
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
