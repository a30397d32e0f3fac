package tcpsim.experiments.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * What the build stamped into the jar: tcpsim's version ({@code version.properties}), and the git commit of the
 * checkout it was built from with whether that had uncommitted changes ({@code build-commit.txt},
 * {@code build-changes.txt}, the output of {@code git rev-parse HEAD} and {@code git status --porcelain}; the pom's
 * build-info profile). Built outside a git checkout (a source tarball), those files are absent: "unknown".
 */
final class BuildInfo {
    private static final String DIR = "/tcpsim/experiments/";

    private BuildInfo() {
    }

    private static String resource(String name) {
        try (InputStream in = BuildInfo.class.getResourceAsStream(DIR + name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null; // no build information: it reads "unknown"
        }
    }

    /** A raw property value as stamped: "unknown" for null, blank or an unfilled placeholder. */
    static String stamped(String raw) {
        return raw == null || raw.isBlank() || raw.startsWith("${") ? "unknown" : raw;
    }

    static String version() {
        String text = resource("version.properties");
        if (text == null) {
            return "unknown";
        }
        Properties p = new Properties();
        try {
            p.load(new java.io.StringReader(text));
        } catch (IOException e) {
            return "unknown";
        }
        return stamped(p.getProperty("version"));
    }

    /** The 40-hex-digit commit the jar was built from, or "unknown". */
    static String commit() {
        return commitOf(resource("build-commit.txt"));
    }

    static String commitOf(String gitRevParse) {
        String s = gitRevParse == null ? "" : gitRevParse.strip();
        return s.matches("[0-9a-f]{40}") ? s : "unknown";
    }

    /** "true" when the checkout had uncommitted changes to tracked files, "false", or "unknown". */
    static String dirty() {
        return dirtyOf(resource("build-changes.txt"));
    }

    static String dirtyOf(String gitStatus) {
        return gitStatus == null ? "unknown" : Boolean.toString(!gitStatus.isBlank());
    }
}
