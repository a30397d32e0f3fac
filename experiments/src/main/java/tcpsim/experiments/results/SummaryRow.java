package tcpsim.experiments.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tcpsim.experiments.config.SweepColumns;

/**
 * One sweep point's row of summary.csv / summary.json, as numbers: the point, its swept parameters (config text)
 * and a value per {@link SummaryColumn}, turned into text only when written.
 */
public final class SummaryRow {
    /** A whole value that does not apply (e.g. no connection was established). */
    public static final long NONE = Long.MIN_VALUE;

    /** A swept value that is written as a JSON number: a plain decimal as configs spell numbers. */
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    private final int point;
    private final Map<String, String> params;
    private final long[] wholes = new long[SummaryColumn.values().length];
    private final double[] doubles = new double[SummaryColumn.values().length];

    SummaryRow(int point, Map<String, String> params) {
        this.point = point;
        this.params = new LinkedHashMap<>(params);
        Arrays.fill(wholes, NONE);
        Arrays.fill(doubles, Double.NaN);
    }

    SummaryRow set(SummaryColumn c, long value) {
        if (!c.whole()) {
            throw new IllegalArgumentException(c.label() + " holds a double, not a whole number");
        }
        wholes[c.ordinal()] = value;
        return this;
    }

    SummaryRow set(SummaryColumn c, double value) {
        if (c.whole()) {
            throw new IllegalArgumentException(c.label() + " holds a whole number, not a double");
        }
        doubles[c.ordinal()] = value;
        return this;
    }

    public int point() {
        return point;
    }

    /** The swept parameters of the point by dotted key, as the config spells them. */
    public Map<String, String> params() {
        return java.util.Collections.unmodifiableMap(params);
    }

    /** A count or a time in nanoseconds; {@link #NONE} when not applicable. */
    public long whole(SummaryColumn c) {
        if (!c.whole()) {
            throw new IllegalArgumentException(c.label() + " holds a double");
        }
        return wholes[c.ordinal()];
    }

    /** The value as a double (exact times in seconds); NaN when not applicable. */
    public double number(SummaryColumn c) {
        if (!c.whole()) {
            return doubles[c.ordinal()];
        }
        long v = wholes[c.ordinal()];
        if (v == NONE) {
            return Double.NaN;
        }
        return c.format() == SummaryColumn.Format.EXACT_SECONDS ? v / 1e9 : v;
    }

    /** The CSV cell of a column. */
    public String text(SummaryColumn c) {
        return c.whole() ? c.text(wholes[c.ordinal()]) : c.text(doubles[c.ordinal()]);
    }

    /** The CSV line (no line end): the swept values as written, each with its numeric column (see SweepColumns). */
    String csvLine(SweepColumns sweep) {
        StringBuilder sb = new StringBuilder().append(point);
        for (String cell : sweep.summaryCells(params)) {
            sb.append(',').append(cell);
        }
        for (SummaryColumn c : SummaryColumn.values()) {
            sb.append(',').append(text(c));
        }
        return sb.toString();
    }

    /** The JSON object, keys in CSV column order. */
    ObjectNode json(SweepColumns sweep) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("point", point);
        List<String> names = sweep.summaryHeader();
        List<String> cells = sweep.summaryCells(params);
        for (int i = 0; i < names.size(); i++) {
            o.set(names.get(i), paramJson(cells.get(i)));
        }
        for (SummaryColumn c : SummaryColumn.values()) {
            o.set(c.label(), c.whole() ? c.json(wholes[c.ordinal()]) : c.json(doubles[c.ordinal()]));
        }
        return o;
    }

    /** A swept value: null when absent, a number when it is a plain decimal, else the text. */
    static JsonNode paramJson(String text) {
        if (text.isEmpty()) {
            return JsonNodeFactory.instance.nullNode();
        }
        return DECIMAL.matcher(text).matches() ? SummaryColumn.decimal(text)
                : JsonNodeFactory.instance.textNode(text);
    }
}
