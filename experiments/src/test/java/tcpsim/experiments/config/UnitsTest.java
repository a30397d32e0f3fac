package tcpsim.experiments.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {
    @ParameterizedTest
    @CsvSource({"1ns,1", "7us,7000", "25ms,25000000", "1.5s,1500000000", "2min,120000000000", "0,0", "0s,0",
        "0.000000001s,1", "60 s,60000000000", "1e3ms,1000000000"})
    void durations(String text, long ns) {
        assertEquals(ns, Units.parseDuration(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"25", "25 parsecs", "ms", "-1s", "1.5ns", "0.0000000001s", "", "1h"})
    void badDurations(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.parseDuration(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    @Test
    void durationErrorsSayWhatIsAllowed() {
        assertTrue(Units.parseDuration("0") == 0);
        String m = assertThrows(IllegalArgumentException.class, () -> Units.parseDuration("3h")).getMessage();
        assertTrue(m.contains("ns, us, ms, s, min"), m);
        m = assertThrows(IllegalArgumentException.class, () -> Units.parseDuration("25")).getMessage();
        assertTrue(m.contains("no unit"), m);
    }

    @Test
    void never() {
        assertEquals(Units.NEVER, Units.parseDurationOrNever("never"));
        assertEquals(5_000_000L, Units.parseDurationOrNever("5ms"));
        String m = assertThrows(IllegalArgumentException.class, () -> Units.parseDurationOrNever("forever"))
                .getMessage();
        assertTrue(m.contains("never"), m);
        assertThrows(IllegalArgumentException.class, () -> Units.parseDuration("never"));
    }

    @ParameterizedTest
    @CsvSource({"1bps,1", "64Kbps,64000", "100Mbps,100000000", "2.5Gbps,2500000000", "unlimited,0", "0,0"})
    void bandwidths(String text, long bps) {
        assertEquals(bps, Units.parseBandwidth(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"100", "100MBps", "100 mbps", "0.5bps", "fast"})
    void badBandwidths(String text) {
        assertThrows(IllegalArgumentException.class, () -> Units.parseBandwidth(text));
    }

    @Test
    void rates() {
        assertEquals(50.0, Units.parseRate("50/s"));
        assertEquals(0.5, Units.parseRate("0.5/s"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseRate("50"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseRate("0/s"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseRate("50/min"));
    }

    @Test
    void formatting() {
        assertEquals("60s", Units.formatDuration(60_000_000_000L));
        assertEquals("120s", Units.formatDuration(120_000_000_000L));
        assertEquals("90s", Units.formatDuration(90_000_000_000L));
        assertEquals("25ms", Units.formatDuration(25_000_000L));
        assertEquals("1500us", Units.formatDuration(1_500_000L));
        assertEquals("7ns", Units.formatDuration(7));
        assertEquals("never", Units.formatDuration(Units.NEVER));
        assertEquals("0s", Units.formatDuration(0));
        assertEquals("100Mbps", Units.formatBandwidth(100_000_000L));
        assertEquals("unlimited", Units.formatBandwidth(0));
        assertEquals("50/s", Units.formatRate(50));
        assertEquals("0.050000000", Units.seconds(50_000_000L));
        assertEquals("131.000000001", Units.seconds(131_000_000_001L));
        assertEquals("-0.000000001", Units.seconds(-1));
        // the hand-written formatter agrees with BigDecimal everywhere, extremes included
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < 100_000; i++) {
            long ns = switch (i) {
                case 0 -> 0;
                case 1 -> Long.MIN_VALUE;
                case 2 -> Long.MAX_VALUE;
                case 3 -> 1_000_000_000L;
                default -> i % 2 == 0 ? r.nextLong() : r.nextInt(2_000_000_000) - 1_000_000_000L;
            };
            assertEquals(java.math.BigDecimal.valueOf(ns, 9).toPlainString(), Units.seconds(ns), "ns=" + ns);
        }
        assertEquals("0.0001", Units.plain(1e-4));
        assertEquals("12", Units.plain(12.0));
        assertEquals("", Units.plain(Double.NaN));
        assertEquals("0.1", Units.plain(0.1));
        assertEquals("0.3", Units.plain(0.1 + 0.2));
        assertEquals("0.05", Units.plain(1 - 0.95));
        assertEquals("1000", Units.plain(1000.0000000000001));
        assertEquals("123456789012345", Units.plain(123456789012345.0));
        assertEquals("123456789012340000000", Units.plain(1.2345678901234e20));
        assertEquals("-2.5", Units.plain(-2.5));
        assertEquals("0.000000001", Units.plain(1e-9));
    }

    @Test
    void roundTrip() {
        for (long ns : new long[] {1, 999, 1000, 1_000_000, 25_000_000, 1_000_000_000, 61_000_000_000L}) {
            assertEquals(ns, Units.parseDuration(Units.formatDuration(ns)));
        }
    }

    @Test
    void hugeAndTinyExponentsAreRefusedAtOnce() {
        // these made a BigInteger of a billion digits (validate hung) or a Java NumberFormatException (exit 1)
        assertEquals("'1e999999999s' is too large", assertThrows(IllegalArgumentException.class,
                () -> Units.parseDuration("1e999999999s")).getMessage());
        assertEquals("'1e99999999999s' is out of range; its exponent is too large", assertThrows(
                IllegalArgumentException.class, () -> Units.parseDuration("1e99999999999s")).getMessage());
        assertEquals("'1e-999999999s' is not a whole number of nanoseconds", assertThrows(
                IllegalArgumentException.class, () -> Units.parseDuration("1e-999999999s")).getMessage());
        assertEquals("'1e999999999Gbps' is too large", assertThrows(IllegalArgumentException.class,
                () -> Units.parseBandwidth("1e999999999Gbps")).getMessage());
        // the largest that fits still parses; one digit more does not
        assertEquals(4_000_000_000_000_000_000L, Units.parseDuration("4e18ns"));
        assertEquals("'1e19s' is too large", assertThrows(IllegalArgumentException.class,
                () -> Units.parseDuration("1e19s")).getMessage());
    }

    @Test
    void zeroWithAUnitIsNotUnlimited() {
        for (String zero : List.of("0Mbps", "0bps", "0.0Gbps", "0e5Kbps")) {
            assertEquals("'" + zero + "' is no bandwidth at all; write unlimited for no serialisation delay, or a"
                    + " positive bandwidth, e.g. 100Mbps", assertThrows(IllegalArgumentException.class,
                    () -> Units.parseBandwidth(zero)).getMessage());
        }
        assertEquals(0, Units.parseBandwidth("unlimited"));
    }
}
