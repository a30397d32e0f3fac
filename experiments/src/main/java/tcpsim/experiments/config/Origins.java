package tcpsim.experiments.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each value of a config tree came from, by dotted path ({@code topology.link.loss}, {@code sweep.<key>[2]}):
 * the config file at a line and column, or a {@code --set} override. A path without an entry takes its nearest
 * ancestor's origin. Messages name the origin, so an error in an override blames the override, not the file.
 */
final class Origins {
    /** One origin: {@code source} is the file name or {@code --set key=value}; line and column from 1, 0 = unknown. */
    record Origin(String source, int line, int column) {
        /** The message prefix, e.g. {@code my.yaml: line 3, column 7: }. */
        String prefix() {
            return source + ": " + (line > 0 ? "line " + line + ", column " + column + ": " : "");
        }
    }

    private final Origin fallback;
    private final Map<String, Origin> byPath = new HashMap<>(); // values; looked up by path, never iterated
    private final Map<String, Origin> keys = new HashMap<>(); // where each key is written; the same
    private final Origins under; // consulted when no entry of this one covers a path; null for the base

    Origins(String file) {
        this(new Origin(file, 0, 0), null);
    }

    private Origins(Origin fallback, Origins under) {
        this.fallback = fallback;
        this.under = under;
    }

    /** The file (or label) the config text came from. */
    String file() {
        return fallback.source();
    }

    /** The value at {@code path} is at {@code o}. */
    void put(String path, Origin o) {
        byPath.put(path, o);
    }

    /** The key of {@code path} is written at {@code o}. */
    void putKey(String path, Origin o) {
        keys.put(path, o);
    }

    /** {@code path} and everything under it now come from {@code o} (a --set replaced them). */
    void replace(String path, Origin o) {
        for (Map<String, Origin> m : List.of(byPath, keys)) {
            m.keySet().removeIf(k -> k.equals(path) || k.startsWith(path + ".") || k.startsWith(path + "["));
        }
        byPath.put(path, o);
    }

    /**
     * A layer on top of this one whose entries replace whole subtrees (a sweep point's values): a path covered by
     * the layer takes the layer's origin even where this one has a deeper entry.
     */
    Origins layer() {
        return new Origins(fallback, this);
    }

    /** The origin of {@code path}: its own entry or its nearest ancestor's; the file when none is known. */
    Origin of(String path) {
        return of(path, false);
    }

    /** Where the key of {@code path} is written (a misspelt key's line); else as {@link #of}. */
    Origin ofKey(String path) {
        return of(path, true);
    }

    private Origin of(String path, boolean key) {
        Origin own = nearest(path);
        if (own != null) {
            Origin k = key ? keys.get(path) : null;
            return k != null && byPath.containsKey(path) ? k : own;
        }
        return under != null ? under.of(path, key) : fallback;
    }

    private Origin nearest(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Origin o = byPath.get(p);
            if (o != null) {
                return o;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return null;
    }
}
