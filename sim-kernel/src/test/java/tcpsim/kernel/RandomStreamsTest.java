package tcpsim.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RandomStreamsTest {
    private static double[] draw(RandomStreams streams, String name, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = streams.stream(name).nextDouble();
        }
        return out;
    }

    @Test
    void aStreamDrawsTheSameNumbersWhateverOtherStreamsExistOrDraw() {
        RandomStreams alone = new RandomStreams(42, 0);
        double[] expected = draw(alone, "loss:up", 100);

        RandomStreams crowded = new RandomStreams(42, 0);
        draw(crowded, "arrivals", 50);
        draw(crowded, "jitter:a->b", 7);
        double[] actual = draw(crowded, "loss:up", 100);
        assertArrayEquals(expected, actual);
    }

    @Test
    void seedReplicationAndNameEachChangeTheStream() {
        double[] base = draw(new RandomStreams(42, 0), "s", 10);
        assertFalse(Arrays.equals(base, draw(new RandomStreams(43, 0), "s", 10)));
        assertFalse(Arrays.equals(base, draw(new RandomStreams(42, 1), "s", 10)));
        assertFalse(Arrays.equals(base, draw(new RandomStreams(42, 0), "t", 10)));
    }

    @Test
    void askingTwiceForOneNameGivesTheSameGenerator() {
        RandomStreams s = new RandomStreams(1, 2);
        assertSame(s.stream("x"), s.stream("x"));
    }
}
