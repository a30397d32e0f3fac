package tcpsim.tcp;

/**
 * 32-bit modular sequence-number arithmetic (RFC 9293 3.4, RFC 1982). Every comparison of sequence numbers in
 * tcpsim goes through here.
 */
public final class Seq {
    private Seq() {
    }

    /** {@code a < b} in sequence space. */
    public static boolean lt(int a, int b) {
        return a - b < 0;
    }

    /** {@code a <= b} in sequence space. */
    public static boolean le(int a, int b) {
        return a - b <= 0;
    }

    public static boolean gt(int a, int b) {
        return a - b > 0;
    }

    public static boolean ge(int a, int b) {
        return a - b >= 0;
    }

    /** {@code lo <= x < hi} in sequence space. */
    public static boolean inWindow(int x, int lo, int hi) {
        return le(lo, x) && lt(x, hi);
    }

    /** Distance from {@code from} forward to {@code to}, as an unsigned count that fits an int window. */
    public static int distance(int from, int to) {
        return to - from;
    }
}
