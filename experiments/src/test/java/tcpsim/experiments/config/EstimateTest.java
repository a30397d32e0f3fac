package tcpsim.experiments.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The size of a run, estimated before it starts (issue 9, item 3). */
class EstimateTest {
    static ExperimentConfig parse(String yaml, String... sets) throws ConfigException {
        return ConfigLoader.parse("t.yaml", yaml, List.of(sets));
    }

    /** The first calibration run: it made 120,702 connections and 2,896,849 events. */
    static final String CALIBRATION = """
            name: cal
            duration: 120s
            topology: {clients: 4, link: {latency: 10ms, bandwidth: 1Gbps, queue: 10000}}
            workload: {arrivals: {process: poisson, rate: 1000/s}, request-bytes: 100, response-bytes: 1000}
            """;

    @Test
    void theModelsFiguresForTheCalibrationRun() throws Exception {
        Estimate e = Estimate.of(parse(CALIBRATION).base());
        assertEquals(120_000, e.connections(), 1e-6);
        assertEquals(120_000 * (17.6 + 3.2 * 2), e.events(), 1e-3); // 2,880,000
        assertEquals(60_000, e.liveTimeWait(), 1e-6); // 1000/s x 60 s
        assertEquals(60, e.liveTcbs(), 1e-6); // 1000/s x 3 round trips of 20 ms
        assertEquals(32e6 + 120_000 * 8 + 60 * 2_000 + 60_000 * 200, e.heapBytes(), 1e-3);
        assertEquals("~120 thousand connections, 2.9 million events, 60.1 thousand live at peak, heap 46 MB,"
                + " 3 s per run", e.describe());
    }

    @Test
    void littlesLawMeetsTheConnectionCount() throws Exception {
        // a server that never closes holds every connection; a limit on connections caps everything
        Estimate never = Estimate.of(parse(CALIBRATION, "workload.server-close-delay=never",
                "workload.connections=5000").base());
        assertEquals(5_000, never.connections(), 1e-6);
        assertEquals(5_000, never.liveTcbs(), 1e-6);
        assertEquals(5_000, never.liveTimeWait(), 1e-6); // 60,000 by Little, but only 5,000 ever opened
        // at most max-tw-buckets per host (4 clients, 1 server), here below Little's 60,000
        assertEquals(5 * 10_000, Estimate.of(parse(CALIBRATION, "tcp.max-tw-buckets=10000").base()).liveTimeWait(),
                1e-6);
        // simultaneous close: both ends in TIME_WAIT
        assertEquals(120_000, Estimate.of(parse(CALIBRATION, "workload.close=simultaneous").base()).liveTimeWait(),
                1e-6);
    }

    @Test
    void hugeNumbersGiveFiguresAtOnce() throws Exception {
        Estimate e = Estimate.of(parse(CALIBRATION, "duration=100000000s", "workload.arrivals.rate=1e9/s").base());
        assertEquals(1e17, e.connections(), 1e3);
        // TIME_WAIT: 5 hosts x max-tw-buckets 131,072 (Little's law alone would give 60 billion)
        assertEquals(5 * 131_072, e.liveTimeWait(), 1e-6);
        assertEquals("~100000 trillion connections, 2400000 trillion events, 60.7 million live at peak, heap"
                + " 800 thousand TB, 667 million h per run", e.describe());
    }

    @Test
    void runsThatCannotFitAreRefusedWithTheFigure() throws Exception {
        ExperimentConfig big = parse(CALIBRATION + "sweep: {workload.arrivals.rate: [10/s, 10000/s]}\n");
        assertEquals("t.yaml: estimated peak heap 163 MB exceeds the Java heap limit 150 MB (2 thread(s)); the largest"
                + " run (sweep point 1) holds about 1.2 million connections, 601 thousand live at once; lower"
                + " workload.connections, duration or workload.arrivals.rate, run fewer --threads, or give Java more"
                + " heap (JAVA_OPTS=-Xmx...)", assertThrows(ConfigException.class,
                () -> Estimate.refuseIfTooLarge(big, 2, 150_000_000L)).getMessage());
        Estimate.refuseIfTooLarge(big, 2, 200_000_000L); // fits in 200 MB
    }

    @Test
    void anUnpausedClosedLoopOnAPathWithoutDelayIsRefused() throws Exception {
        ExperimentConfig loop = parse("name: x\ntopology: {link: {latency: 0s}}\n"
                + "workload: {arrivals: {process: closed-loop, concurrency: 4}}\n");
        assertEquals("t.yaml: the closed loop would open connections without pause at one instant (think-time 0 on a"
                + " path with no delay); set workload.arrivals.think-time, a link latency or workload.connections",
                assertThrows(ConfigException.class, () -> Estimate.refuseIfTooLarge(loop, 1, Long.MAX_VALUE))
                        .getMessage());
        assertEquals("unbounded connections, unbounded events, unbounded live at peak, heap unbounded, unbounded per"
                + " run", Estimate.of(loop.base()).describe());
        Estimate.refuseIfTooLarge(parse("name: x\ntopology: {link: {latency: 0s}}\nworkload: {arrivals: {process:"
                + " closed-loop, concurrency: 4, think-time: 1ms}}\n"), 1, Long.MAX_VALUE);
    }
}
