package tcpsim.experiments.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tcpsim.tcp.TcpParameter;

/**
 * The reference of every config key, generated from the declarations ({@link Keys}, {@link LossType#KEYS},
 * {@link TcpParameter}): as text for {@code tcpsim keys}, and as the Markdown tables README holds between
 * {@code <!-- keys:GROUP -->} and {@code <!-- /keys:GROUP -->} markers ({@link #updateReadme} rewrites them).
 */
public final class Reference {
    /** The groups of README's tables, in order: the top level, then one per mapping, and the loss-model keys. */
    public static final List<String> GROUPS = List.of("top", "tcp", "topology", "loss", "workload", "capture",
            "output", "limits");

    private Reference() {
    }

    /** The declarations of {@code group}. */
    static List<Param<?>> params(String group) {
        if (group.equals("loss")) {
            return LossType.KEYS;
        }
        List<Param<?>> out = new ArrayList<>();
        for (Param<?> p : Keys.ALL) {
            boolean top = !p.key().contains(".");
            if (group.equals("top") ? top : p.key().startsWith(group + ".")) {
                out.add(p);
            }
        }
        return out;
    }

    /** Every key, one block each: key, type and unit, default (per profile for tcp keys), help. */
    public static String text() {
        StringBuilder sb = new StringBuilder();
        for (String group : GROUPS) {
            for (Param<?> p : params(group)) {
                String key = group.equals("loss") ? "<link>." + p.key() + "  (in a loss model mapping)" : p.key();
                sb.append(key).append('\n');
                sb.append("    type:    ").append(p.type().describe()).append('\n');
                sb.append("    default: ").append(shownDefault(p, ", ")).append('\n');
                boolean fixed = !p.sweepable() && !group.equals("loss");
                sb.append("    ").append(p.help()).append(fixed ? " (not sweepable)" : "").append('\n');
            }
        }
        return sb.toString();
    }

    /** README's table of {@code group}. */
    public static String markdown(String group) {
        boolean tcp = group.equals("tcp");
        StringBuilder sb = new StringBuilder();
        sb.append(tcp ? "| key | type / unit | " + String.join(" | ", TcpParameter.PROFILES) + " | meaning |\n"
                + "| --- | --- | --- | --- | --- |\n" : "| key | type / unit | default | meaning |\n"
                + "| --- | --- | --- | --- |\n");
        for (Param<?> p : params(group)) {
            String key = group.equals("loss") ? p.leaf() : p.key();
            sb.append("| `").append(key).append("` | ").append(p.type().describe()).append(" | ");
            sb.append(tcp ? shownDefault(p, " | ") : "`" + shownDefault(p, "") + "`");
            sb.append(" | ").append(p.help().replace("|", "\\|")).append(p.sweepable() || group.equals("loss") ? ""
                    : " (not sweepable)").append(" |\n");
        }
        return sb.toString();
    }

    /** Every group's table between its markers, as {@code tcpsim keys --markdown} prints them. */
    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        for (String g : GROUPS) {
            sb.append(begin(g)).append('\n').append(markdown(g)).append(end(g)).append("\n\n");
        }
        return sb.toString();
    }

    /** {@code readme} with each marked block replaced by the generated table; fails when a marker is missing. */
    public static String updateReadme(String readme) {
        String out = readme;
        for (String g : GROUPS) {
            int b = out.indexOf(begin(g));
            int e = out.indexOf(end(g));
            if (b < 0 || e < b) {
                throw new IllegalArgumentException("README has no block " + begin(g) + " ... " + end(g));
            }
            out = out.substring(0, b + begin(g).length()) + "\n" + markdown(g) + out.substring(e);
        }
        return out;
    }

    private static String begin(String group) {
        return "<!-- keys:" + group + " (generated: tcpsim keys --update-readme README.md) -->";
    }

    private static String end(String group) {
        return "<!-- /keys:" + group + " -->";
    }

    private static String shownDefault(Param<?> p, String between) {
        if (p.key().startsWith("tcp.")) {
            TcpParameter t = TcpParameter.of(p.key().substring(4));
            Map<String, String> byProfile = new LinkedHashMap<>();
            for (String profile : TcpParameter.PROFILES) {
                byProfile.put(profile, show(p, t.defaultIn(profile)));
            }
            if (between.equals(", ")) {
                List<String> parts = new ArrayList<>();
                byProfile.forEach((k, v) -> parts.add(k + " " + v));
                return String.join(between, parts);
            }
            return String.join(between, byProfile.values());
        }
        return p.shownDefault();
    }

    @SuppressWarnings("unchecked") // a tcp key's type reads Long (durations, integers) or Boolean (flags)
    private static String show(Param<?> p, long raw) {
        ValueType<Object> type = (ValueType<Object>) p.type();
        return type.show(p.type() instanceof Types.Bool ? (Object) (raw != 0) : (Object) raw);
    }
}
