package tcpsim.kernel;

import org.apache.commons.math3.random.RandomGenerator;

/**
 * The uniform doubles in [0, 1) of one named stream that has a single consumer, drawn {@value #BLOCK} at a time:
 * the same numbers in the same order as {@code nextDouble()} on the stream, only computed ahead.
 *
 * <p>Why: a run has a loss stream per link direction, and a packet's draw touched its stream's 2.5 KB pool in four
 * cache lines far apart (WELL19937 reads the pool at offsets 70, 179 and 449 from its index), a miss each once
 * other links' draws had evicted them; the draws were 7% of the standard scenario. Drawing a block walks the pool
 * once, and a packet then reads one double from a 512-byte block. Drawing ahead is exact only if nobody else draws
 * from the stream in between, so {@link RandomStreams#uniforms} hands a stream out this way at most once and never
 * also as a generator.
 */
public final class Uniforms {
    static final int BLOCK = 64;

    private final RandomGenerator stream;
    private final double[] block = new double[BLOCK];
    private int taken = BLOCK; // doubles of the block already handed out

    Uniforms(RandomGenerator stream) {
        this.stream = stream;
    }

    /** The stream's next double. */
    public double next() {
        if (taken == BLOCK) {
            for (int i = 0; i < BLOCK; i++) {
                block[i] = stream.nextDouble();
            }
            taken = 0;
        }
        return block[taken++];
    }
}
