package tcpsim.experiments.results;

import java.util.Arrays;

/**
 * The empirical CDF of a point's client setup times as the setup-cdf chart draws it: one path of steps, at most
 * {@link #POINTS} of them (quantiles of the sorted sample when there are more). Computed once from the sorted
 * sample, while the data is written (setup-cdf.json) or from connections.csv.
 *
 * @param n the sample size
 * @param min the smallest value, s
 * @param max the largest value, s
 * @param x the path's x values, s
 * @param y the path's y values (fractions)
 */
public record SetupCdf(int n, double min, double max, double[] x, double[] y) {
    /** At most this many steps per curve. */
    public static final int POINTS = 1500;

    public SetupCdf {
        x = x.clone();
        y = y.clone();
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] y() {
        return y.clone();
    }

    /** The curve of a non-empty sample; {@code v} is sorted in place. */
    public static SetupCdf of(double[] v) {
        Arrays.sort(v);
        int n = v.length;
        int steps = Math.min(n, POINTS);
        double[] x = new double[2 * steps];
        double[] y = new double[2 * steps];
        int k2 = 0;
        double level = 0;
        double lastX = Double.NaN;
        // the step function drawn as one path: at each distinct value x the CDF jumps from its previous level
        for (int k = 0; k < steps; k++) {
            int i = steps == n ? k : (int) Math.round((double) k * (n - 1) / (steps - 1));
            i = lastOfEqual(v, i); // the last of equal values carries the jump
            if (v[i] == lastX) {
                continue;
            }
            double next = (i + 1.0) / n;
            x[k2] = v[i];
            y[k2++] = level;
            x[k2] = v[i];
            y[k2++] = next;
            level = next;
            lastX = v[i];
        }
        return new SetupCdf(n, v[0], v[n - 1], Arrays.copyOf(x, k2), Arrays.copyOf(y, k2));
    }

    /**
     * The last index holding {@code v[i]} in the sorted {@code v}, by binary search: a loss-free point has one
     * value hundreds of thousands of times, and stepping over them for every point of the curve was quadratic.
     */
    public static int lastOfEqual(double[] v, int i) {
        int lo = i;
        int hi = v.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (v[mid] == v[i]) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
