package tcpsim.kernel;

/** Simulated time is a {@code long} count of nanoseconds; these are its units. */
public final class Time {
    public static final long NANOSECOND = 1L;
    public static final long MICROSECOND = 1_000L;
    public static final long MILLISECOND = 1_000_000L;
    public static final long SECOND = 1_000_000_000L;
    public static final long MINUTE = 60 * SECOND;

    private Time() {
    }

    public static long micros(long n) {
        return Math.multiplyExact(n, MICROSECOND);
    }

    public static long millis(long n) {
        return Math.multiplyExact(n, MILLISECOND);
    }

    public static long seconds(long n) {
        return Math.multiplyExact(n, SECOND);
    }

    /** Human-readable form for messages and labels, e.g. {@code 1.05 s}, {@code 250 ms}, {@code 80 us}. */
    public static String format(long ns) {
        long abs = Math.abs(ns);
        if (abs >= SECOND) {
            return trim(ns / (double) SECOND) + " s";
        } else if (abs >= MILLISECOND) {
            return trim(ns / (double) MILLISECOND) + " ms";
        } else if (abs >= MICROSECOND) {
            return trim(ns / (double) MICROSECOND) + " us";
        }
        return ns + " ns";
    }

    private static String trim(double v) {
        String s = String.format(java.util.Locale.ROOT, "%.6f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
