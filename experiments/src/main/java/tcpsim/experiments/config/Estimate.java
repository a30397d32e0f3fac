package tcpsim.experiments.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tcpsim.tcp.TcpProfile;

/**
 * The size of one run of a sweep point, estimated from the config before anything runs: connections, kernel
 * events, peak heap and wall time. All arithmetic is in doubles on bounded inputs, so any config gives an answer
 * at once (infinity where the workload is unbounded).
 *
 * <p>Model. Connections N = rate x duration (closed loop: concurrency x duration / cycle), at most
 * {@code workload.connections}. Events per connection = {@link #EVENTS_FIXED} + {@link #EVENTS_PER_SEGMENT} x data
 * segments (ceil(bytes / mss) each way), divided by the chance that a packet survives both ways. Live connections
 * by Little's law, L = rate x time in the state, at most N: full TCBs for the exchange (RTTs of slow start) plus
 * CLOSE_WAIT (server-close-delay; never = every connection) plus FIN_WAIT_2 when the server never closes, and the
 * small TIME_WAIT records for time-wait (twice for a simultaneous close). Heap = {@link #BASE_BYTES} + N x
 * {@link #SETUP_BYTES} (the point's setup times, held for the exact quantiles) + live x their sizes: records stream
 * out as connections end, so nothing else grows with N.
 *
 * <p>Calibration (2026-12-02, this machine, {@code -XX:+UseParallelGC}, one thread): 1000/s Poisson for 120 s with
 * 100 and 1000 bytes (2 data segments) made 120,702 connections and 2,896,849 events (24.0 per connection); 100/s
 * with 100 and 100,000 bytes (70 segments) made 12,127 connections and 2,934,735 events (242 per connection): 17.6
 * + 3.2 per segment. The heap after collection held about 120 MB with 71,000 connection records and 60,000
 * connections in TIME_WAIT (1 KB per record), and 190 MB with 63,000 records and 63,000 servers that never close
 * (2 KB per full TCB). Since records stream, {@code tcpsim bench} measured the heap per connection in TIME_WAIT
 * with 600,000 of them, everything the run holds included: 693 bytes on 2026-12-02, 307 on 2026-12-03 (commit
 * e0e381b), 195-197 once the records waiting out TIME_WAIT went to the run's scratch file, rounded up to
 * {@link #TIME_WAIT_BYTES}. Speed: README's
 * whole runs, 2.9 million events in 2.0 to 3.6 s on one core, about 1 million events per second with output.
 */
public record Estimate(double connections, double events, double liveTcbs, double liveTimeWait, double heapBytes,
        double wallSeconds) {
    static final double EVENTS_FIXED = 17.6;
    static final double EVENTS_PER_SEGMENT = 3.2;
    static final double BASE_BYTES = 32e6;
    static final double SETUP_BYTES = 8;
    static final double TCB_BYTES = 2_000;
    static final double TIME_WAIT_BYTES = 200;
    static final double EVENTS_PER_SECOND = 1e6;

    /** The estimate of one run of {@code p}. */
    public static Estimate of(PointConfig p) {
        WorkloadConfig w = p.workload();
        TcpProfile tcp = p.profile();
        double rtt = p.topology().rttNs() / 1e9;
        double duration = p.duration() / 1e9;
        double mss = tcp.mss();
        double segments = Math.ceil(w.requestBytes() / mss) + Math.ceil(w.responseBytes() / mss);
        // slow start: the window doubles each RTT from initial-window segments
        double rounds = 2 + Math.ceil(Math.log1p(segments / tcp.initialWindow()) / Math.log(2));
        double exchange = rtt * rounds;
        double rate;
        if (w.arrivals() instanceof Arrivals.ClosedLoop cl) {
            double cycle = cl.thinkTime() / 1e9 + exchange;
            rate = cycle > 0 ? cl.concurrency() / cycle : Double.POSITIVE_INFINITY;
        } else {
            rate = w.arrivals() instanceof Arrivals.Poisson po ? po.ratePerSecond()
                    : ((Arrivals.Constant) w.arrivals()).ratePerSecond();
        }
        double n = rate * duration;
        if (w.connections() > 0) {
            n = Math.min(n, w.connections());
        }
        double survive = (1 - p.topology().lossUp()) * (1 - p.topology().lossDown());
        double events = n * (EVENTS_FIXED + EVENTS_PER_SEGMENT * segments) / Math.max(survive, 0.01);
        boolean never = w.serverCloseDelay() == Units.NEVER;
        double closeWait = never ? Double.POSITIVE_INFINITY : w.serverCloseDelay() / 1e9;
        // a server that never closes: an orphaned FIN_WAIT_2 times out, a shut-down one lasts as long as the run
        double finWait2 = !never ? 0 : w.close() == CloseMode.CLIENT_FIRST ? tcp.finWait2Timeout() / 1e9
                : w.close() == CloseMode.CLIENT_SHUTDOWN ? Double.POSITIVE_INFINITY : 0;
        double tcbs = Math.min(n, rate * (exchange + closeWait + finWait2));
        double timeWaitEnds = w.close() == CloseMode.SIMULTANEOUS ? 2 : 1;
        double timeWait = Math.min(n * timeWaitEnds, rate * timeWaitEnds * tcp.timeWait() / 1e9);
        if (tcp.maxTwBuckets() > 0) { // each host holds at most max-tw-buckets
            double hosts = p.topology().clients() + p.topology().servers();
            timeWait = Math.min(timeWait, hosts * tcp.maxTwBuckets());
        }
        double heap = BASE_BYTES + n * SETUP_BYTES + tcbs * TCB_BYTES + timeWait * TIME_WAIT_BYTES;
        return new Estimate(n, events, tcbs, timeWait, heap, events / EVENTS_PER_SECOND);
    }

    /** The estimates of every point of {@code cfg}, in point order. */
    public static List<Estimate> of(ExperimentConfig cfg) {
        List<Estimate> out = new ArrayList<>();
        for (SweepPoint p : cfg.points()) {
            out.add(of(p.config()));
        }
        return out;
    }

    /**
     * The peak heap of running {@code cfg} on {@code threads} threads: the largest runs, one per thread, plus the
     * results of two more waiting to be written.
     */
    public static double peakHeap(ExperimentConfig cfg, int threads) {
        List<Double> heaps = new ArrayList<>();
        for (Estimate e : of(cfg)) {
            heaps.add(e.heapBytes() - BASE_BYTES);
        }
        heaps.sort((a, b) -> Double.compare(b, a));
        int concurrent = Math.min(heaps.size() * cfg.replications(), threads + 2);
        double sum = BASE_BYTES;
        for (int i = 0; i < concurrent; i++) {
            sum += heaps.get(Math.min(i / cfg.replications(), heaps.size() - 1));
        }
        return sum;
    }

    /**
     * Refuses {@code cfg} when its estimated peak heap on {@code threads} threads exceeds {@code maxHeapBytes}, or
     * when a run's workload is unbounded; the message gives the figure and the keys to change.
     */
    public static void refuseIfTooLarge(ExperimentConfig cfg, int threads, long maxHeapBytes) throws ConfigException {
        List<Estimate> all = of(cfg);
        for (int i = 0; i < all.size(); i++) {
            if (Double.isInfinite(all.get(i).connections())) {
                throw new ConfigException(cfg.source() + ": " + where(cfg, i) + "the closed loop would open"
                        + " connections without pause at one instant (think-time 0 on a path with no delay); set"
                        + " workload.arrivals.think-time, a link latency or workload.connections");
            }
        }
        double peak = peakHeap(cfg, threads);
        if (peak > maxHeapBytes) {
            int big = 0;
            for (int i = 1; i < all.size(); i++) {
                big = all.get(i).heapBytes() > all.get(big).heapBytes() ? i : big;
            }
            Estimate e = all.get(big);
            throw new ConfigException(String.format(Locale.ROOT, "%s: estimated peak heap %s exceeds the Java heap"
                    + " limit %s (%d thread(s)); the largest run (%s) holds about %s connections, %s live at once;"
                    + " lower workload.connections, duration or workload.arrivals.rate, run fewer --threads, or give"
                    + " Java more heap (JAVA_OPTS=-Xmx...)", cfg.source(), bytes(peak), bytes(maxHeapBytes), threads,
                    where(cfg, big).isEmpty() ? "no sweep" : where(cfg, big).replace(": ", ""),
                    count(e.connections()), count(e.liveTcbs() + e.liveTimeWait())));
        }
    }

    private static String where(ExperimentConfig cfg, int point) {
        return cfg.sweepKeys().isEmpty() ? "" : "sweep point " + point + ": ";
    }

    /** One line for {@code validate}: connections, events, live connections, heap and wall time of one run. */
    public String describe() {
        return String.format(Locale.ROOT, "%s connections, %s events, %s live at peak, heap %s, %s per run",
                Double.isInfinite(connections) ? "unbounded" : "~" + count(connections), count(events), count(liveTcbs + liveTimeWait), bytes(heapBytes),
                seconds(wallSeconds));
    }

    public static String count(double v) {
        if (Double.isInfinite(v) || Double.isNaN(v)) {
            return "unbounded";
        }
        if (v < 10_000) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        String[] units = {"thousand", "million", "billion", "trillion"};
        double x = v / 1_000;
        int u = 0;
        while (x >= 1_000 && u < units.length - 1) {
            x /= 1_000;
            u++;
        }
        return String.format(Locale.ROOT, x < 100 ? "%.1f %s" : "%.0f %s", x, units[u]);
    }

    public static String bytes(double b) {
        if (Double.isInfinite(b) || Double.isNaN(b)) {
            return "unbounded";
        }
        if (b >= 1e12) {
            double tb = b / 1e12;
            return tb < 10_000 ? String.format(Locale.ROOT, "%.1f TB", tb) : count(tb) + " TB";
        }
        return b >= 1e9 ? String.format(Locale.ROOT, "%.1f GB", b / 1e9)
                : String.format(Locale.ROOT, "%.0f MB", Math.ceil(b / 1e6));
    }

    public static String seconds(double s) {
        if (Double.isInfinite(s) || Double.isNaN(s)) {
            return "unbounded";
        }
        return s < 1 ? "under a second" : s < 120 ? String.format(Locale.ROOT, "%.0f s", s)
                : s < 7200 ? String.format(Locale.ROOT, "%.0f min", s / 60) : count(s / 3600) + " h";
    }
}
