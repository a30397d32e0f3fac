package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PortAllocatorTest {
    @Test
    void walksTheRangeRoundRobin() {
        PortAllocator a = new PortAllocator(100, 102);
        assertEquals(100, a.allocate(p -> true));
        assertEquals(101, a.allocate(p -> true));
        assertEquals(102, a.allocate(p -> true));
        assertEquals(100, a.allocate(p -> true));
    }

    @Test
    void skipsUnusablePortsAndReportsExhaustion() {
        PortAllocator a = new PortAllocator(100, 104);
        assertEquals(103, a.allocate(p -> p == 103));
        assertEquals(-1, a.allocate(p -> false));
        assertEquals(5, a.rangeSize());
    }
}
