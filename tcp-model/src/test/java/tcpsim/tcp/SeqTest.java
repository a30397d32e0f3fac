package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeqTest {
    @Test
    void comparisonsWrapAround() {
        assertTrue(Seq.lt(0xFFFF_FFF0, 0x10));
        assertTrue(Seq.gt(0x10, 0xFFFF_FFF0));
        assertTrue(Seq.le(5, 5));
        assertTrue(Seq.ge(5, 5));
        assertFalse(Seq.lt(5, 5));
        assertEquals(0x20, Seq.distance(0xFFFF_FFF0, 0x10));
    }

    @Test
    void windowIsHalfOpen() {
        assertTrue(Seq.inWindow(0xFFFF_FFFF, 0xFFFF_FFF0, 0x10));
        assertTrue(Seq.inWindow(0xFFFF_FFF0, 0xFFFF_FFF0, 0x10));
        assertFalse(Seq.inWindow(0x10, 0xFFFF_FFF0, 0x10));
    }
}
