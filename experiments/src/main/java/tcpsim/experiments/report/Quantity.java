package tcpsim.experiments.report;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A config value read as a number with an optional unit, the way configs spell them: {@code 0.01},
 * {@code 25ms}, {@code 100Mbps}, {@code 50/s}. {@code base} is the value in the unit's base (seconds, bit/s,
 * per second).
 *
 * @param value    the number as written
 * @param unit     the unit as written ("" for none)
 * @param base     the value converted to the base unit
 * @param baseUnit the base unit's label ("" for a plain number)
 */
record Quantity(double value, String unit, double base, String baseUnit) {

    private static final Pattern FORM = Pattern.compile(
            "\\s*([-+]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?)\\s*([A-Za-z/%\u00b5]*)\\s*");

    static Optional<Quantity> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2);
        switch (unit.toLowerCase(Locale.ROOT)) {
            case "":
                return Optional.of(new Quantity(v, "", v, ""));
            case "ns":
                return Optional.of(new Quantity(v, unit, v * 1e-9, "s"));
            case "us":
            case "\u00b5s":
                return Optional.of(new Quantity(v, unit, v * 1e-6, "s"));
            case "ms":
                return Optional.of(new Quantity(v, unit, v * 1e-3, "s"));
            case "s":
                return Optional.of(new Quantity(v, unit, v, "s"));
            case "min":
                return Optional.of(new Quantity(v, unit, v * 60, "s"));
            case "h":
                return Optional.of(new Quantity(v, unit, v * 3600, "s"));
            case "bps":
                return Optional.of(new Quantity(v, unit, v, "bit/s"));
            case "kbps":
                return Optional.of(new Quantity(v, unit, v * 1e3, "bit/s"));
            case "mbps":
                return Optional.of(new Quantity(v, unit, v * 1e6, "bit/s"));
            case "gbps":
                return Optional.of(new Quantity(v, unit, v * 1e9, "bit/s"));
            case "/s":
                return Optional.of(new Quantity(v, unit, v, "per s"));
            case "%":
                return Optional.of(new Quantity(v, unit, v / 100, ""));
            default:
                return Optional.empty();
        }
    }

    /** Seconds of a duration string such as "60s" or "300000ms"; empty when it is not a duration. */
    static Optional<Double> seconds(String text) {
        return parse(text).filter(q -> q.baseUnit().equals("s") || (q.unit().isEmpty() && q.value() == 0))
                .map(Quantity::base);
    }
}
