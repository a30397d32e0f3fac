package tcpsim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class UniformsTest {
    @Test
    void drawsTheStreamsOwnDoublesInOrderAcrossBlocks() {
        Uniforms ahead = new RandomStreams(42, 3).uniforms("loss:c1:up");
        var plain = new RandomStreams(42, 3).stream("loss:c1:up");
        for (int i = 0; i < 5 * Uniforms.BLOCK + 7; i++) {
            assertEquals(Double.doubleToRawLongBits(plain.nextDouble()), Double.doubleToRawLongBits(ahead.next()),
                    "draw " + i);
        }
    }

    @Test
    void aStreamDrawnAheadHasNoOtherConsumer() {
        RandomStreams streams = new RandomStreams(1, 0);
        streams.uniforms("loss:a");
        IllegalStateException second = assertThrows(IllegalStateException.class, () -> streams.uniforms("loss:a"));
        assertEquals("random stream loss:a is already in use; uniforms need it alone", second.getMessage());
        IllegalStateException generator = assertThrows(IllegalStateException.class, () -> streams.stream("loss:a"));
        assertEquals("random stream loss:a has a single consumer (uniforms)", generator.getMessage());

        streams.stream("arrivals");
        assertThrows(IllegalStateException.class, () -> streams.uniforms("arrivals"));
    }
}
