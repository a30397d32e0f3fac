package tcpsim.experiments.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;

/** Checks on the {@code --set} overrides as a whole, after they were applied. */
final class Overrides {
    private Overrides() {
    }

    /**
     * Refuses a {@code --set} on a key the sweep also sets: every sweep point would overwrite it, so the override
     * would be silently ignored. A key under a swept one ({@code topology.link.latency.up} against a swept
     * {@code topology.link.latency}) and a mapping that holds a swept key count too.
     */
    static void refuseSweptSets(ObjectNode root, List<String> sets, Origins origins) throws ConfigException {
        JsonNode sweep = root.get(Keys.SWEEP.key());
        if (sweep == null || !sweep.isObject()) {
            return;
        }
        for (String set : sets) {
            String key = set.substring(0, set.indexOf('=')).strip(); // applySet checked the form
            if (key.equals(Keys.SWEEP.key()) || key.startsWith(Keys.SWEEP.key() + ".")) {
                continue;
            }
            Iterator<String> swept = sweep.fieldNames();
            while (swept.hasNext()) {
                String s = swept.next();
                boolean clash = key.equals(s) || key.startsWith(s + ".")
                        || s.startsWith(key + ".") && present(root, s);
                if (clash) {
                    Origins.Origin from = origins.of(Keys.SWEEP.key() + "." + s);
                    String raw = set.substring(set.indexOf('=') + 1).strip();
                    throw new ConfigException("--set " + set + ": '" + s + "' is also swept (sweep." + s + ", from "
                            + from.source() + (from.line() > 0 ? " line " + from.line() : "") + "), so every sweep"
                            + " point would overwrite this override; change the sweep instead, e.g. --set 'sweep." + s
                            + "=[" + (key.equals(s) ? raw : "...") + "]'");
                }
            }
        }
    }

    private static boolean present(JsonNode root, String dotted) {
        JsonNode n = root;
        for (String part : dotted.split("\\.")) {
            n = n == null ? null : n.get(part);
        }
        return n != null && !n.isNull();
    }
}
