package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReceiveBufferTest {
    @Test
    void mergesAndAdvances() {
        ReceiveBuffer b = new ReceiveBuffer();
        b.add(300, 400);
        b.add(100, 200);
        b.add(200, 250);
        assertEquals(2, b.ranges());
        assertEquals(50, b.advance(50));
        assertEquals(250, b.advance(100));
        assertEquals(1, b.ranges());
        b.add(250, 300);
        assertEquals(400, b.advance(250));
        assertTrue(b.isEmpty());
    }

    @Test
    void wrapsAround() {
        ReceiveBuffer b = new ReceiveBuffer();
        b.add(0xFFFF_FF00, 0x100);
        assertEquals(0x100, b.advance(0xFFFF_FE00 + 0x100));
    }
}
