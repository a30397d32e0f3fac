package tcpsim.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SetupChartsTest {
    @Test
    void lastOfEqualFindsTheEndOfARunOfEqualValues() {
        double[] v = {1, 1, 1, 2, 3, 3};
        int[] expected = {2, 2, 2, 3, 5, 5};
        for (int i = 0; i < v.length; i++) {
            assertEquals(expected[i], SetupCharts.lastOfEqual(v, i), "i=" + i);
        }
        double[] same = new double[300_000];
        Arrays.fill(same, 0.05);
        assertEquals(same.length - 1, SetupCharts.lastOfEqual(same, 0));
    }

    @Test
    void lastOfEqualAgreesWithAScan() {
        Random r = new Random(3);
        double[] v = new double[5_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(40) * 0.25;
        }
        Arrays.sort(v);
        for (int i = 0; i < v.length; i++) {
            int j = i;
            while (j + 1 < v.length && v[j + 1] == v[i]) {
                j++;
            }
            assertEquals(j, SetupCharts.lastOfEqual(v, i), "i=" + i);
        }
    }
}
