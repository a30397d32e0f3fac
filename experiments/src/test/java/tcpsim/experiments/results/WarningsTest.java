package tcpsim.experiments.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The statistics warnings, on summary values set by hand. */
class WarningsTest {
    /** A sound point: 10 replications, 2000 setup times, a real interval, warm-up longer than TIME_WAIT. */
    private static Map<SummaryColumn, Double> sound() {
        Map<SummaryColumn, Double> m = new EnumMap<>(SummaryColumn.class);
        m.put(SummaryColumn.REPLICATIONS, 10.0);
        m.put(SummaryColumn.OK, 2000.0);
        m.put(SummaryColumn.SETUP_CI_LOW, 0.049);
        m.put(SummaryColumn.SETUP_CI_HIGH, 0.051);
        m.put(SummaryColumn.TIME_WAIT_MEAN, 600.0);
        m.put(SummaryColumn.TIME_WAIT_CI_LOW, 590.0);
        m.put(SummaryColumn.TIME_WAIT_CI_HIGH, 610.0);
        m.put(SummaryColumn.TIME_WAIT_DURATION, 60.0);
        m.put(SummaryColumn.CLOSE_WAIT_MEAN, 0.0);
        return m;
    }

    private static Warnings.Point point(int p, double warmup, Map<SummaryColumn, Double> m) {
        return new Warnings.Point(p, warmup, Double.NaN, c -> m.getOrDefault(c, Double.NaN));
    }

    @Test
    void aSoundPointHasNoWarning() {
        assertEquals(List.of(), Warnings.of(List.of(point(0, 60, sound()))));
    }

    @Test
    void aWarmupShorterThanTimeWaitIsNamedWithThePointsItHoldsFor() {
        assertEquals(List.of("points 0, 2: the warm-up (5 s) is shorter than TIME_WAIT (60 s): the occupancy means "
                + "include the climb from empty and are biased low; set warmup to at least 60 s"),
                Warnings.of(List.of(point(0, 5, sound()), point(1, 60, sound()), point(2, 5, sound()))));
    }

    @Test
    void identicalReplicationsAndOneReplication() {
        Map<SummaryColumn, Double> same = sound();
        same.put(SummaryColumn.SETUP_CI_LOW, 0.05);
        same.put(SummaryColumn.SETUP_CI_HIGH, 0.05);
        Map<SummaryColumn, Double> one = sound();
        one.put(SummaryColumn.REPLICATIONS, 1.0);
        one.put(SummaryColumn.SETUP_CI_LOW, Double.NaN);
        one.put(SummaryColumn.SETUP_CI_HIGH, Double.NaN);
        assertEquals(List.of("point 0: the replications agree exactly (zero-width confidence interval): they drew "
                + "the same numbers (constant arrivals without loss draw none), so the interval says nothing about "
                + "uncertainty", "point 1: one replication: no confidence intervals (set replications to 2 or more)"),
                Warnings.of(List.of(point(0, 60, same), point(1, 60, one))));
    }

    @Test
    void tooFewSamplesForAPercentile() {
        Map<SummaryColumn, Double> forty = sound();
        forty.put(SummaryColumn.OK, 40.0);
        Map<SummaryColumn, Double> five = sound();
        five.put(SummaryColumn.OK, 5.0);
        assertEquals(List.of("point 0: p99 rests on 40 setup times (it needs 100): it is one of the largest few "
                + "values, not a stable percentile", "point 1: p90 and p99 rest on 5 setup times (they need 10 and "
                + "100): they are the largest few values, not stable percentiles"),
                Warnings.of(List.of(point(0, 60, forty), point(1, 60, five))));
    }

    @Test
    void aCloseWaitLongerThanTheWarmup() {
        Map<SummaryColumn, Double> m = sound();
        m.put(SummaryColumn.TIME_WAIT_MEAN, 0.0);
        m.put(SummaryColumn.CLOSE_WAIT_MEAN, 100.0);
        assertEquals(List.of("point 0: the warm-up (5 s) is shorter than CLOSE_WAIT (server-close-delay 10 s): the "
                + "CLOSE_WAIT mean includes the climb from empty and is biased low"),
                Warnings.of(List.of(new Warnings.Point(0, 5, 10, c -> m.getOrDefault(c, Double.NaN)))));
    }

    @Test
    void theConfidenceLevelSetsTheIntervalWidth() {
        double[] v = {1, 2, 3, 4};
        Stats.MeanCi ci95 = Stats.meanCi(v);
        Stats.MeanCi ci99 = Stats.meanCi(v, 0.99);
        assertEquals(ci95, Stats.meanCi(v, 0.95));
        // t(0.995, 3) = 5.840909, sd = 1.290994, sqrt(4) = 2
        assertEquals(2.5 - 5.840909309733 * 1.290994448735806 / 2, ci99.low(), 1e-9);
        assertEquals(2.5 + 5.840909309733 * 1.290994448735806 / 2, ci99.high(), 1e-9);
    }

    @Test
    void aFullListenQueueSaysWhyTheSetupTheoryIsEmpty() {
        Map<SummaryColumn, Double> dropped = sound();
        dropped.put(SummaryColumn.LISTEN_SYN_DROPS, 240.0);
        Map<SummaryColumn, Double> cookies = sound();
        cookies.put(SummaryColumn.SYN_COOKIES_SENT, 94.0);
        Map<SummaryColumn, Double> harmless = sound(); // cookies over a lossless SYN-ACK direction: theory kept
        harmless.put(SummaryColumn.SYN_COOKIES_SENT, 80.0);
        harmless.put(SummaryColumn.THEORY_SETUP, 0.05);
        assertEquals(List.of("point 0: 240 SYNs were dropped by a full listen queue (listen_syn_drops; "
                + "tcp.syn-backlog without syncookies, or the accept backlog): not random loss, so theory_setup_s is "
                + "left empty", "point 1: 94 SYNs were answered with SYN cookies (syn_cookies_sent; the SYN queue, "
                + "tcp.syn-backlog, was full), whose SYN-ACK is never resent: with SYN-ACK loss the server's "
                + "retransmission schedule holds for some SYNs only, so theory_setup_s is left empty"),
                Warnings.of(List.of(point(0, 60, dropped), point(1, 60, cookies), point(2, 60, harmless))));
    }
}
