package tcpsim.experiments.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import tcpsim.experiments.config.Units;
import tcpsim.experiments.sim.Outcome;

/**
 * The columns of summary.csv and summary.json after {@code point} and the swept keys, in file order: the one
 * table the writer ({@link Summarizer}, {@link ResultsWriter}) and every reader (the report, its charts, the
 * summary table of {@code run}) name them by. Definitions are in README ("summary.csv").
 */
public enum SummaryColumn {
    REPLICATIONS("replications", "", Format.COUNT),
    CONNECTIONS("connections", "", Format.COUNT),
    OK(Outcome.OK),
    REFUSED(Outcome.REFUSED),
    RESET(Outcome.RESET),
    TIMEOUT(Outcome.TIMEOUT),
    PORT_EXHAUSTED(Outcome.PORT_EXHAUSTED),
    INCOMPLETE(Outcome.INCOMPLETE),
    SETUP_MEAN("setup_mean_s", "s", Format.SECONDS),
    SETUP_CI_LOW("setup_ci_low_s", "s", Format.SECONDS),
    SETUP_CI_HIGH("setup_ci_high_s", "s", Format.SECONDS),
    SETUP_MEDIAN("setup_median_s", "s", Format.SECONDS),
    SETUP_P90("setup_p90_s", "s", Format.SECONDS),
    SETUP_P99("setup_p99_s", "s", Format.SECONDS),
    SETUP_MAX("setup_max_s", "s", Format.EXACT_SECONDS),
    SERVER_SETUP_MEAN("server_setup_mean_s", "s", Format.SECONDS),
    SYN_COOKIES_SENT("syn_cookies_sent", "SYN-ACKs", Format.COUNT),
    LISTEN_SYN_DROPS("listen_syn_drops", "SYNs", Format.COUNT),
    TIME_WAIT_MEAN("time_wait_mean", "connections", Format.NUMBER),
    TIME_WAIT_CI_LOW("time_wait_ci_low", "connections", Format.NUMBER),
    TIME_WAIT_CI_HIGH("time_wait_ci_high", "connections", Format.NUMBER),
    TIME_WAIT_PEAK("time_wait_peak", "connections", Format.COUNT),
    TIME_WAIT_OVERFLOW("time_wait_overflow", "connections", Format.COUNT),
    CLOSE_WAIT_MEAN("close_wait_mean", "connections", Format.NUMBER),
    CLOSE_WAIT_CI_LOW("close_wait_ci_low", "connections", Format.NUMBER),
    CLOSE_WAIT_CI_HIGH("close_wait_ci_high", "connections", Format.NUMBER),
    CLOSE_WAIT_PEAK("close_wait_peak", "connections", Format.COUNT),
    CLOSE_RATE("close_rate_per_s", "1/s", Format.NUMBER),
    TIME_WAIT_DURATION("time_wait_duration_s", "s", Format.EXACT_SECONDS),
    TIME_WAIT_LITTLES_LAW("time_wait_littles_law", "connections", Format.NUMBER),
    RTT("rtt_s", "s", Format.EXACT_SECONDS),
    LOSS_UP("loss_up", "", Format.NUMBER),
    LOSS_DOWN("loss_down", "", Format.NUMBER),
    THEORY_SETUP("theory_setup_s", "s", Format.SECONDS);

    /** How a column's value is written. Not applicable values (NaN, {@link SummaryRow#NONE}) are empty cells. */
    public enum Format {
        /** A whole number. */
        COUNT,
        /** Seconds from a double, rounded half-even to the nanosecond: 9 fractional digits. */
        SECONDS,
        /** Exact seconds from a whole number of nanoseconds: 9 fractional digits. */
        EXACT_SECONDS,
        /** A plain decimal, at most 15 significant digits ({@link Units#plain}). */
        NUMBER
    }

    private final String label;
    private final String unit;
    private final Format format;

    SummaryColumn(String label, String unit, Format format) {
        this.label = label;
        this.unit = unit;
        this.format = format;
    }

    SummaryColumn(Outcome outcome) {
        this(outcome.column(), "", Format.COUNT);
    }

    /** The header name, e.g. {@code setup_mean_s}. */
    public String label() {
        return label;
    }

    /** The unit of the values ("" for a plain number or a fraction). */
    public String unit() {
        return unit;
    }

    public Format format() {
        return format;
    }

    /** Whether the value is held as a whole number (a count or nanoseconds) rather than a double. */
    boolean whole() {
        return format == Format.COUNT || format == Format.EXACT_SECONDS;
    }

    /** The column that counts {@code outcome}. */
    public static SummaryColumn of(Outcome outcome) {
        return switch (outcome) {
            case OK -> OK;
            case REFUSED -> REFUSED;
            case RESET -> RESET;
            case TIMEOUT -> TIMEOUT;
            case PORT_EXHAUSTED -> PORT_EXHAUSTED;
            case INCOMPLETE -> INCOMPLETE;
        };
    }

    /** The CSV cell of a whole value; "" for {@link SummaryRow#NONE}. */
    String text(long value) {
        if (value == SummaryRow.NONE) {
            return "";
        }
        return format == Format.EXACT_SECONDS ? Units.seconds(value) : Long.toString(value);
    }

    /** The CSV cell of a double value; "" for NaN and infinities. */
    String text(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "";
        }
        return format == Format.SECONDS
                ? new BigDecimal(value).setScale(9, RoundingMode.HALF_EVEN).toPlainString()
                : Units.plain(value);
    }

    /** The JSON value of a whole value: a number, null when not applicable. */
    JsonNode json(long value) {
        if (value == SummaryRow.NONE) {
            return JsonNodeFactory.instance.nullNode();
        }
        return format == Format.EXACT_SECONDS ? JsonNodeFactory.instance.numberNode(new BigDecimal(text(value)))
                : JsonNodeFactory.instance.numberNode(value);
    }

    /** The JSON value of a double value: the number with the cell's digits, null when not applicable. */
    JsonNode json(double value) {
        String text = text(value);
        return text.isEmpty() ? JsonNodeFactory.instance.nullNode() : decimal(text);
    }

    /** A decimal as a JSON number with exactly these digits (a long when it has no fraction). */
    static JsonNode decimal(String text) {
        return text.indexOf('.') < 0 && text.length() < 18
                ? JsonNodeFactory.instance.numberNode(Long.parseLong(text))
                : JsonNodeFactory.instance.numberNode(new BigDecimal(text));
    }
}
