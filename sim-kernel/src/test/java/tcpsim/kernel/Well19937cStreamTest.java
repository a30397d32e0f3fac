package tcpsim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/** The shared-table generator gives the library's numbers, for every kind of draw and after reseeding. */
class Well19937cStreamTest {
    @Test
    void drawsTheSameNumbersAsTheLibrary() {
        for (String name : new String[] {"loss:client1->router", "isn:server1", "arrivals", ""}) {
            int[] seed = RandomStreams.seedFor(42, 3, name);
            Well19937c library = new Well19937c(seed);
            Well19937cStream shared = new Well19937cStream(seed);
            for (int i = 0; i < 300_000; i++) { // several turns of the 624-int pool
                switch (i % 5) {
                    case 0 -> assertEquals(library.nextDouble(), shared.nextDouble(), name + " draw " + i);
                    case 1 -> assertEquals(library.nextInt(), shared.nextInt(), name + " draw " + i);
                    case 2 -> assertEquals(library.nextInt(1000), shared.nextInt(1000), name + " draw " + i);
                    case 3 -> assertEquals(library.nextLong(), shared.nextLong(), name + " draw " + i);
                    default -> assertEquals(library.nextGaussian(), shared.nextGaussian(), name + " draw " + i);
                }
            }
            library.setSeed(7L);
            shared.setSeed(7L);
            for (int i = 0; i < 10_000; i++) {
                assertEquals(library.nextInt(), shared.nextInt(), name + " reseeded, draw " + i);
            }
        }
    }
}
