package tcpsim.experiments.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The swept keys as table columns, so that pandas and R read them as numbers without help. A key whose parameter has
 * a unit gets a numeric column in SI units named by the key and the unit ({@code topology.link.latency} "5ms" ->
 * {@code topology.link.latency_s} 0.005; rates {@code _per_s}, bandwidths {@code _bit_per_s}, sizes {@code _bytes});
 * a dimensionless number, a boolean or a word has none (its value as written already loads as what it is).
 * summary.csv and summary.json carry both the value as written (the label) and the numeric column; the
 * per-connection and per-segment tables carry one column per key, the numeric one when there is one, so that no
 * merge on {@code point} is needed. The unit comes from the key's declaration in {@link Keys}.
 */
public final class SweepColumns {
    /** A numeric column's unit, as its name's suffix says. */
    enum Unit {
        SECONDS("_s"), PER_SECOND("_per_s"), BITS_PER_SECOND("_bit_per_s"), BYTES("_bytes"), NONE("");

        final String suffix;

        Unit(String suffix) {
            this.suffix = suffix;
        }
    }

    /** One swept key: its label column (the key) and its unit. */
    private record Column(String key, Unit unit) {
        String numeric() {
            return key + unit.suffix;
        }

        /**
         * The value in the SI unit, from the label as written (already checked by the config loader); "" when it has
         * no finite value ({@code never}, an {@code unlimited} bandwidth).
         */
        String value(String label) {
            return switch (unit) {
                case SECONDS -> {
                    long ns = Units.parseDurationOrNever(label);
                    yield ns == Units.NEVER ? "" : BigDecimal.valueOf(ns, 9).stripTrailingZeros().toPlainString();
                }
                case PER_SECOND -> Units.plain(Units.parseRate(label));
                case BITS_PER_SECOND -> {
                    long bps = Units.parseBandwidth(label);
                    yield bps == 0 ? "" : Long.toString(bps);
                }
                case BYTES -> label.strip();
                case NONE -> label;
            };
        }
    }

    private final List<Column> columns;

    private SweepColumns(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    /** The columns of {@code sweepKeys}, in order. */
    public static SweepColumns of(List<String> sweepKeys) {
        List<Column> out = new ArrayList<>();
        for (String k : sweepKeys) {
            out.add(new Column(k, unit(k)));
        }
        return new SweepColumns(out);
    }

    /** The columns of an experiment's swept keys. */
    public static SweepColumns of(ExperimentConfig cfg) {
        return of(cfg.sweepKeys());
    }

    /**
     * The unit of a swept key: that of the parameter it names, or lies under (a direction {@code .up}, a loss
     * model's field).
     */
    static Unit unit(String sweptKey) {
        for (Param<?> p : Keys.ALL) {
            if (sweptKey.equals(p.key()) || sweptKey.startsWith(p.key() + ".")) {
                return unit(p.type(), sweptKey.equals(p.key()) || p.type() instanceof Types.PerDirection<?>
                        && sweptKey.matches(java.util.regex.Pattern.quote(p.key()) + "\\.(up|down)"));
            }
        }
        return Unit.NONE;
    }

    private static Unit unit(ValueType<?> type, boolean whole) {
        if (!whole) {
            return Unit.NONE; // a field inside a value (a loss model's): a plain number
        }
        ValueType<?> t = type instanceof Types.PerDirection<?> d ? d.inner() : type;
        if (t instanceof Types.Duration) {
            return Unit.SECONDS;
        } else if (t instanceof Types.Rate) {
            return Unit.PER_SECOND;
        } else if (t instanceof Types.Bandwidth) {
            return Unit.BITS_PER_SECOND;
        } else if (t instanceof Types.Whole w && w.unit().equals("bytes")) {
            return Unit.BYTES;
        }
        return Unit.NONE;
    }

    /** The summary's columns: each key's label, followed by its numeric column when it has a unit. */
    public List<String> summaryHeader() {
        List<String> h = new ArrayList<>();
        for (Column c : columns) {
            h.add(c.key());
            if (c.unit() != Unit.NONE) {
                h.add(c.numeric());
            }
        }
        return h;
    }

    /** The summary's cells for a point's labels (by key), in {@link #summaryHeader()} order. */
    public List<String> summaryCells(Map<String, String> labels) {
        List<String> cells = new ArrayList<>();
        for (Column c : columns) {
            String label = labels.getOrDefault(c.key(), "");
            cells.add(label);
            if (c.unit() != Unit.NONE) {
                cells.add(label.isEmpty() ? "" : c.value(label));
            }
        }
        return cells;
    }

    /** The per-row tables' parameter columns: one per key, numeric when it has a unit. */
    public List<String> rowHeader() {
        List<String> h = new ArrayList<>();
        for (Column c : columns) {
            h.add(c.numeric());
        }
        return h;
    }

    /** A point's cells of {@link #rowHeader()}, each preceded by a comma ("" without a sweep). */
    public String rowCells(Map<String, String> labels) {
        StringBuilder sb = new StringBuilder();
        for (Column c : columns) {
            String label = labels.getOrDefault(c.key(), "");
            sb.append(',').append(label.isEmpty() ? "" : c.value(label));
        }
        return sb.toString();
    }

    /** The per-row cells of every point of {@code cfg}, by point index. */
    public static List<String> rowCells(ExperimentConfig cfg) {
        SweepColumns cols = of(cfg);
        List<String> out = new ArrayList<>();
        for (SweepPoint p : cfg.points()) {
            out.add(cols.rowCells(p.params()));
        }
        return List.copyOf(out);
    }
}
