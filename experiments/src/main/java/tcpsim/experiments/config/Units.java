package tcpsim.experiments.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The units of config values: durations ({@code ns us ms s min}), bandwidths ({@code bps Kbps Mbps Gbps}, powers of
 * 1000) and rates ({@code N/s}). Parsing is exact: a value must come to a whole number of nanoseconds (durations) or
 * bits per second (bandwidths). Failures throw {@link IllegalArgumentException} with a message that says what is
 * allowed; the config loader adds the file and key.
 */
public final class Units {
    private static final Pattern NUMBER_UNIT = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)\\s*([A-Za-z/]*)\\s*");

    /** A duration value that means "no such event ever happens" (e.g. {@code server-close-delay: never}). */
    public static final long NEVER = -1L;

    private Units() {
    }

    /** Parses a duration such as {@code 25ms}, {@code 1.5s}, {@code 2min}; a bare {@code 0} is allowed. */
    public static long parseDuration(String text) {
        return Dimension.DURATION.parse(text);
    }

    /** Like {@link #parseDuration} but also accepts {@code never}, returned as {@link #NEVER}. */
    public static long parseDurationOrNever(String text) {
        if (text.strip().equals("never")) {
            return NEVER;
        }
        try {
            return parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + ", or never", e);
        }
    }

    /**
     * Parses a bandwidth such as {@code 100Mbps}; {@code unlimited} (or a bare {@code 0}) means no serialisation
     * delay, and a zero with a unit ({@code 0Mbps}) is refused rather than read as unlimited.
     */
    public static long parseBandwidth(String text) {
        if (text.strip().equals("unlimited")) {
            return 0;
        }
        return Dimension.BANDWIDTH.parse(text);
    }

    /** Parses a rate such as {@code 50/s} or {@code 0.5/s}; returns events per second (> 0). */
    public static double parseRate(String text) {
        Matcher m = NUMBER_UNIT.matcher(text);
        if (!m.matches() || !m.group(2).equals("/s")) {
            throw new IllegalArgumentException("'" + text + "' is not a rate; write a number per second, e.g. 50/s");
        }
        double v = Double.parseDouble(m.group(1));
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("'" + text + "' must be a positive rate, e.g. 50/s");
        }
        return v;
    }

    /** The shortest exact spelling of a duration in ns, us, ms or s, e.g. {@code 60s}, {@code 25ms}, {@code 120s}, {@code never}. */
    public static String formatDuration(long ns) {
        if (ns == NEVER) {
            return "never";
        }
        return ns == 0 ? "0s" : Dimension.DURATION.format(ns);
    }

    /** The shortest exact spelling of a bandwidth, e.g. {@code 100Mbps}; 0 is {@code unlimited}. */
    public static String formatBandwidth(long bps) {
        return bps == 0 ? "unlimited" : Dimension.BANDWIDTH.format(bps);
    }

    /**
     * A config value read as a number with an optional unit: a plain number, a duration, a bandwidth or a rate.
     *
     * @param value the number as written
     * @param unit the unit as written ("" for none)
     * @param base the value in the base unit (seconds, bit/s, per second)
     * @param baseUnit the base unit's label ("" for a plain number)
     */
    public record Quantity(double value, String unit, double base, String baseUnit) {
    }

    /** {@code text} as a {@link Quantity}; empty when it is not a number with one of the units above. */
    public static java.util.Optional<Quantity> quantity(String text) {
        Matcher m = NUMBER_UNIT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            return java.util.Optional.empty();
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2);
        int duration = Dimension.DURATION.units().indexOf(unit);
        int bandwidth = Dimension.BANDWIDTH.units().indexOf(unit);
        if (unit.isEmpty()) {
            return java.util.Optional.of(new Quantity(v, "", v, ""));
        } else if (unit.equals("/s")) {
            return java.util.Optional.of(new Quantity(v, unit, v, "per s"));
        } else if (duration >= 0) {
            return java.util.Optional.of(new Quantity(v, unit, v * (Dimension.DURATION.scales()[duration] / 1e9), "s"));
        } else if (bandwidth >= 0) {
            return java.util.Optional.of(new Quantity(v, unit, v * Dimension.BANDWIDTH.scales()[bandwidth], "bit/s"));
        }
        return java.util.Optional.empty();
    }

    /**
     * A quantity written as a number and a unit, counted exactly in whole base units (nanoseconds, bits per second).
     * The units run from the smallest up; formatting uses the first {@code formatUnits} of them, so a duration is
     * never written in minutes.
     */
    private record Dimension(String noun, String baseUnits, String example, String exampleUnit, String unitNote,
            String alternative, List<String> units, long[] scales, int formatUnits) {
        static final Dimension DURATION = new Dimension("duration", "nanoseconds", "25ms", "ms", "", "",
                List.of("ns", "us", "ms", "s", "min"),
                new long[] {1L, 1_000L, 1_000_000L, 1_000_000_000L, 60_000_000_000L}, 4);
        static final Dimension BANDWIDTH = new Dimension("bandwidth", "bits per second", "100Mbps", "Mbps",
                " (powers of 1000)", ", or unlimited", List.of("bps", "Kbps", "Mbps", "Gbps"),
                new long[] {1L, 1_000L, 1_000_000L, 1_000_000_000L}, 4);

        long parse(String text) {
            String allowed = String.join(", ", units);
            Matcher m = NUMBER_UNIT.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + text + "' is not a " + noun + "; write a number and a unit ("
                        + allowed + "), e.g. " + example + alternative);
            }
            BigDecimal value;
            try {
                value = new BigDecimal(m.group(1));
            } catch (NumberFormatException e) { // an exponent beyond what BigDecimal holds
                throw new IllegalArgumentException("'" + text + "' is out of range; its exponent is too large");
            }
            // bound the arithmetic before it starts: 1e999999999 would make a BigInteger of a billion digits
            if (value.signum() != 0 && (long) value.precision() - value.scale() > 19) {
                throw new IllegalArgumentException("'" + text + "' is too large");
            }
            String unit = m.group(2);
            if (unit.isEmpty()) {
                if (value.signum() == 0) {
                    return 0;
                }
                throw new IllegalArgumentException("'" + text + "' has no unit; " + noun + "s need one of " + allowed
                        + " (e.g. " + text.strip() + exampleUnit + ")" + alternative);
            }
            int i = units.indexOf(unit);
            if (i < 0) {
                throw new IllegalArgumentException("'" + text + "' has unknown " + noun + " unit '" + unit
                        + "'; allowed: " + allowed + unitNote + alternative);
            }
            if (value.signum() == 0 && this == BANDWIDTH) {
                throw new IllegalArgumentException("'" + text + "' is no bandwidth at all; write unlimited for no"
                        + " serialisation delay, or a positive bandwidth, e.g. 100Mbps");
            }
            if (value.signum() != 0 && (long) value.scale() - value.precision() > 30) {
                throw new IllegalArgumentException("'" + text + "' is not a whole number of " + baseUnits);
            }
            BigDecimal exact = value.multiply(BigDecimal.valueOf(scales[i])).stripTrailingZeros();
            if (exact.scale() > 0) {
                throw new IllegalArgumentException("'" + text + "' is not a whole number of " + baseUnits);
            }
            BigInteger whole = exact.toBigIntegerExact();
            if (whole.bitLength() > 62) {
                throw new IllegalArgumentException("'" + text + "' is too large");
            }
            return whole.longValueExact();
        }

        /** In the largest formatting unit that divides the value; {@code value} is not 0. */
        String format(long value) {
            for (int i = formatUnits - 1; i > 0; i--) {
                if (value % scales[i] == 0) {
                    return value / scales[i] + units.get(i);
                }
            }
            return value + units.get(0);
        }
    }

    /** A rate as written in configs, e.g. {@code 50/s}. */
    public static String formatRate(double perSecond) {
        return plain(perSecond) + "/s";
    }

    /**
     * A double in plain decimal notation (no exponent), rounded to 15 significant digits with trailing zeros
     * dropped; NaN and infinities give "". Computed from the exact binary value, so the text is the same on every
     * Java version (unlike {@code Double.toString}).
     */
    public static String plain(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "";
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(15, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }

    /** Exact seconds from nanoseconds with 9 fractional digits, e.g. {@code 0.050000000}. */
    public static String seconds(long ns) {
        return appendSeconds(new StringBuilder(24), ns).toString();
    }

    /**
     * Appends {@link #seconds(long)} to {@code sb}. Written by hand: it formats every time cell of connections.csv
     * and occupancy.csv, and {@code String.format} took more than half of a large run's time.
     */
    public static StringBuilder appendSeconds(StringBuilder sb, long ns) {
        if (ns < 0) {
            sb.append('-');
        }
        long whole = Long.divideUnsigned(Math.abs(ns), 1_000_000_000L); // unsigned: Long.MIN_VALUE has no abs
        long fraction = Long.remainderUnsigned(Math.abs(ns), 1_000_000_000L);
        sb.append(whole).append('.');
        for (long digit = 100_000_000L; digit > fraction && digit > 1; digit /= 10) {
            sb.append('0');
        }
        return sb.append(fraction);
    }
}
