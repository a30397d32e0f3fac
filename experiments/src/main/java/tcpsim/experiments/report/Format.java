package tcpsim.experiments.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Text formatting shared by the charts and the HTML page: locale-free numbers and HTML escaping. */
final class Format {

    private static final MathContext SIX = new MathContext(6, RoundingMode.HALF_EVEN);

    private Format() {
    }

    /** Plain decimal with at most six significant digits and no trailing zeros; "" for NaN. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "\u221e" : "-\u221e";
        }
        if (v == 0) {
            return "0";
        }
        return new BigDecimal(v).round(SIX).stripTrailingZeros().toPlainString();
    }

    /** A CSV cell for display: numbers as {@link #number(double)}, anything else as written. */
    static String cell(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        try {
            return new BigDecimal(raw).round(SIX).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return raw;
        }
    }

    static String html(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': b.append("&amp;"); break;
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '"': b.append("&quot;"); break;
                case '\'': b.append("&#39;"); break;
                default: b.append(c);
            }
        }
        return b.toString();
    }
}
