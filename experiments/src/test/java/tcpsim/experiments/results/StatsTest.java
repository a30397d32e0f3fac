package tcpsim.experiments.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void meanAndStudentTInterval() {
        // n = 4, mean 5, sample sd = sqrt(((-3)^2 + (-1)^2 + 1^2 + 3^2) / 3) = sqrt(20/3); t(0.975, 3) = 3.182446305
        Stats.MeanCi ci = Stats.meanCi(new double[] {2, 4, 6, 8});
        assertEquals(5.0, ci.mean(), 0);
        double half = 3.182446305284263 * Math.sqrt(20.0 / 3) / 2;
        assertEquals(5 - half, ci.low(), 1e-9);
        assertEquals(5 + half, ci.high(), 1e-9);
        assertTrue(ci.contains(5));
    }

    @Test
    void oneValueHasNoInterval() {
        Stats.MeanCi ci = Stats.meanCi(new double[] {3});
        assertEquals(3, ci.mean());
        assertTrue(Double.isNaN(ci.low()) && Double.isNaN(ci.high()));
        assertTrue(Double.isNaN(Stats.meanCi(new double[0]).mean()));
    }

    @Test
    void equalValuesHaveAZeroWidthInterval() {
        Stats.MeanCi ci = Stats.meanCi(new double[] {0.05, 0.05, 0.05});
        assertEquals(0.05, ci.low(), 1e-15);
        assertEquals(0.05, ci.high(), 1e-15);
    }

    @Test
    void quantilesAreR7() {
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(5.5, Stats.quantile(x, 0.5), 1e-12);
        assertEquals(9.1, Stats.quantile(x, 0.9), 1e-12); // h = 9 * 0.9 = 8.1 -> x[8] + 0.1 (x[9] - x[8])
        assertEquals(9.91, Stats.quantile(x, 0.99), 1e-12);
        assertEquals(10, Stats.quantile(x, 1.0), 0);
        assertEquals(1, Stats.quantile(x, 0), 0);
        assertEquals(7, Stats.quantile(new double[] {7}, 0.99), 0);
        assertTrue(Double.isNaN(Stats.quantile(new double[0], 0.5)));
        // unsorted input is fine
        assertEquals(2.5, Stats.quantile(new double[] {4, 1, 3, 2}, 0.5), 1e-12);
        assertEquals(10, Stats.max(x));
    }
}
