package tcpsim.experiments.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What the build stamped into {@code version.properties}: tcpsim's version, and the git commit and dirty flag of the
 * checkout it was built from (git-commit-id-maven-plugin; "unknown" when built outside a git checkout, e.g. from a
 * source tarball, where the placeholders stay unfilled).
 */
final class BuildInfo {
    private static final Properties PROPS = load();

    private BuildInfo() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/tcpsim/experiments/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // no build information: every value reads "unknown"
        }
        return p;
    }

    /** A stamped value, or "unknown" when the build left it unset (an unfilled {@code ${...}} placeholder). */
    static String value(String key) {
        return stamped(PROPS.getProperty(key));
    }

    /** A raw property value as stamped: "unknown" for null, blank or an unfilled placeholder. */
    static String stamped(String raw) {
        return raw == null || raw.isBlank() || raw.startsWith("${") ? "unknown" : raw;
    }

    static String version() {
        return value("version");
    }

    static String commit() {
        return value("commit");
    }

    static String dirty() {
        return value("dirty");
    }
}
