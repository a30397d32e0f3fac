package tcpsim.experiments.results;

import java.util.Arrays;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * The statistics tcpsim reports. Confidence intervals are Student-t 95% intervals of a mean over independent
 * replications (n - 1 degrees of freedom, bias-corrected standard deviation). Quantiles use the R-7 / Hyndman-Fan
 * type 7 definition (linear interpolation between order statistics, as numpy's and R's defaults):
 * {@code h = (n - 1) p}, {@code q = x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h])} over the sorted sample.
 */
public final class Stats {
    /** The default confidence level of an interval (the config's {@code confidence}). */
    public static final double LEVEL = 0.95;

    private Stats() {
    }

    /** A mean with its confidence interval; the bounds are NaN when fewer than two values exist. */
    public record MeanCi(int n, double mean, double low, double high) {
        public boolean contains(double x) {
            return x >= low && x <= high;
        }
    }

    /** Arithmetic mean (summed in the order given); NaN for no values. */
    public static double mean(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** Mean and Student-t 95% interval of independent values (e.g. one per replication). */
    public static MeanCi meanCi(double[] values) {
        return meanCi(values, LEVEL);
    }

    /** Mean and Student-t interval at confidence {@code level} (in (0, 1)) of independent values. */
    public static MeanCi meanCi(double[] values, double level) {
        int n = values.length;
        double mean = mean(values);
        if (n < 2) {
            return new MeanCi(n, mean, Double.NaN, Double.NaN);
        }
        double sd = new StandardDeviation(true).evaluate(values);
        double t = new TDistribution(null, n - 1).inverseCumulativeProbability(1 - (1 - level) / 2);
        double half = t * sd / Math.sqrt(n);
        return new MeanCi(n, mean, mean - half, mean + half);
    }

    /** The R-7 quantile of {@code values} at {@code p} in [0, 1]; NaN for no values. */
    public static double quantile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        if (p <= 0) {
            double[] s = values.clone();
            Arrays.sort(s);
            return s[0];
        }
        Percentile q = new Percentile().withEstimationType(EstimationType.R_7);
        return q.evaluate(values, Math.min(100, p * 100));
    }

    /** Largest value; NaN for no values. */
    public static double max(double[] values) {
        double m = Double.NaN;
        for (double v : values) {
            m = Double.isNaN(m) ? v : Math.max(m, v);
        }
        return m;
    }
}
