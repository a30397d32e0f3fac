package tcpsim.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tcpsim.experiments.config.Units;
import tcpsim.experiments.results.ResultsReader;

class FormatTest {

    @Test
    void numbersArePlainWithSixSignificantDigits() {
        assertEquals("0.05", Format.cell("0.050000000"));
        assertEquals("0.123457", Format.cell("0.123456789"));
        assertEquals("131", Format.cell("131.000000000"));
        assertEquals("1234570", Format.cell("1234567.891"));
        assertEquals("ok", Format.cell("ok"));
        assertEquals("", Format.cell(""));
        assertEquals("0.0666667", Format.number(0.2 / 3));
        assertEquals("", Format.number(Double.NaN));
        assertEquals("0", Format.number(0.0));
    }

    @Test
    void htmlIsEscaped() {
        assertEquals("a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;", Format.html("a <b> & \"c\" 'd'"));
    }

    @Test
    void quantitiesWithUnits() {
        assertEquals(0.025, Units.quantity("25ms").orElseThrow().base(), 1e-15);
        assertEquals("ms", Units.quantity("25ms").orElseThrow().unit());
        assertEquals(1e8, Units.quantity("100Mbps").orElseThrow().base(), 0);
        assertEquals(50, Units.quantity("50/s").orElseThrow().base(), 0);
        assertEquals(0.01, Units.quantity("0.01").orElseThrow().value(), 0);
        assertEquals(120, ResultsReader.seconds("2min").orElseThrow(), 0);
        assertEquals(0.0, ResultsReader.seconds("0").orElseThrow(), 0);
        assertTrue(Units.quantity("never").isEmpty());
        assertTrue(Units.quantity("client-first").isEmpty());
        assertTrue(ResultsReader.seconds("0.5").isEmpty(), "a plain non-zero number is not a duration");
    }
}
