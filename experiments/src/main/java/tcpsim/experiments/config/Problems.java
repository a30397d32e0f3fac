package tcpsim.experiments.config;

import java.util.List;

/**
 * Turns a problem with a key into the {@link ConfigException} that names its source, the dotted key and the problem.
 * The source is the {@code --set} override that gave the key its value (the last one that set the key, a mapping
 * above it, or for {@code sweep.<key>} the swept key), else the config file.
 */
final class Problems {
    private final String file;
    private final List<String> sets;

    Problems(String file) {
        this(file, List.of());
    }

    Problems(String file, List<String> sets) {
        this.file = file;
        this.sets = List.copyOf(sets);
    }

    String file() {
        return file;
    }

    ConfigException err(String key, String problem) {
        return new ConfigException(source(key) + ": " + (key.isEmpty() ? "" : key + ": ") + problem);
    }

    /** "--set KEY=VALUE" when an override gave {@code key} its value, else the file. */
    String source(String key) {
        for (int i = sets.size() - 1; i >= 0; i--) {
            String set = sets.get(i);
            int eq = set.indexOf('=');
            String setKey = eq < 0 ? set : set.substring(0, eq).strip();
            if (covers(setKey, key) || setKey.startsWith("sweep.") && covers(setKey.substring(6), key)) {
                return "--set " + set;
            }
        }
        return file;
    }

    private static boolean covers(String setKey, String key) {
        return !key.isEmpty() && (key.equals(setKey) || key.startsWith(setKey + "."));
    }

    /** The source a message made by {@link #err} starts with. */
    String sourceOf(String message) {
        String best = null;
        for (String set : sets) {
            String label = "--set " + set;
            if (message.startsWith(label + ": ") && (best == null || label.length() > best.length())) {
                best = label;
            }
        }
        return best != null ? best : file;
    }
}
