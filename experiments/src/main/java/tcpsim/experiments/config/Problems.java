package tcpsim.experiments.config;

import java.util.Collection;
import java.util.Locale;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Turns a problem with a key into the {@link ConfigException} that names where the value came from (the file, with
 * line and column, or the {@code --set} override), the dotted key and the problem; {@link #didYouMean} suggests
 * the nearest allowed word for a misspelt one.
 */
final class Problems {
    private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

    private final Origins origins;
    private final String context;

    Problems(String file) {
        this(new Origins(file), "");
    }

    Problems(Origins origins, String context) {
        this.origins = origins;
        this.context = context;
    }

    String file() {
        return origins.file();
    }

    Origins origins() {
        return origins;
    }

    /** The same, with {@code context} (e.g. {@code sweep point 1 (topology.link.loss=2)}) before every key. */
    Problems in(Origins layered, String pointContext) {
        return new Problems(layered, pointContext);
    }

    /** A problem with the value at {@code key}. */
    ConfigException err(String key, String problem) {
        return message(origins.of(key), key, problem);
    }

    /** A problem with the key itself (unknown, misspelt): points at where the key is written. */
    ConfigException errAtKey(String key, String problem) {
        return message(origins.ofKey(key), key, problem);
    }

    private ConfigException message(Origins.Origin at, String key, String problem) {
        return new ConfigException(at.prefix() + (context.isEmpty() ? "" : context + ": ")
                + (key.isEmpty() ? "" : key + ": ") + problem);
    }

    /**
     * {@code "; did you mean 'x'?"} for the allowed word nearest to {@code found} (by edit distance, ignoring case;
     * ties go to the first allowed), or "" when none is close: at most 1 edit for words up to 4 characters, 2 up to
     * 8, else 3.
     */
    static String didYouMean(String found, Collection<String> allowed) {
        String best = nearest(found, allowed);
        return best == null ? "" : "; did you mean '" + best + "'?";
    }

    /** The allowed word nearest to {@code found}, or null when none is close enough. */
    static String nearest(String found, Collection<String> allowed) {
        String f = found.strip().toLowerCase(Locale.ROOT);
        int limit = f.length() <= 4 ? 1 : f.length() <= 8 ? 2 : 3;
        String best = null;
        int bestDistance = limit + 1;
        for (String a : allowed) {
            int d = DISTANCE.apply(f, a.toLowerCase(Locale.ROOT));
            if (d < bestDistance && !a.equals(found.strip())) {
                best = a;
                bestDistance = d;
            }
        }
        return best;
    }
}
