package tcpsim.experiments.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import tcpsim.experiments.config.ExperimentConfig;
import tcpsim.experiments.config.PointConfig;
import tcpsim.experiments.config.Units;

/**
 * Why a summary may be statistically weak, said next to it (the table after {@code run}, report.html) rather than
 * left for the reader to find:
 * <ul>
 * <li>a warm-up shorter than the longest state lifetime (TIME_WAIT, or CLOSE_WAIT with a server-close-delay):
 * occupancy is still climbing from empty at the start of the window, so its means are biased low;
 * <li>replications that agree exactly (a zero-width interval with two or more of them): the runs drew the same
 * numbers (constant arrivals without loss draw none), so the interval says nothing about uncertainty;
 * <li>a single replication: no interval at all;
 * <li>too few setup times for a percentile: p90 needs 10 values and p99 100 to be more than the largest few;
 * <li>a full listen queue that dropped SYNs or answered them with SYN cookies: the setup theory then does not hold
 * and {@code theory_setup_s} is empty (cookies cost it only where SYN-ACKs can be lost, see
 * {@code Summarizer.theorySetup}).
 * </ul>
 * Each warning names the sweep points it holds for, in order.
 */
public final class Warnings {
    private Warnings() {
    }

    /**
     * What a warning needs to know about one sweep point.
     *
     * @param warmup the warm-up, s
     * @param closeWait how long the server application stays in CLOSE_WAIT, s; NaN when it never closes
     * @param summary the point's summary value of a column (NaN when empty)
     */
    public record Point(int point, double warmup, double closeWait, ToDoubleFunction<SummaryColumn> summary) {
    }

    /** The warnings of a run's summary rows. */
    public static List<String> of(ExperimentConfig cfg, List<SummaryRow> rows) {
        List<Point> points = new ArrayList<>();
        for (SummaryRow r : rows) {
            PointConfig pc = cfg.points().get(r.point()).config();
            long delay = pc.workload().serverCloseDelay();
            points.add(new Point(r.point(), pc.warmup() / 1e9, delay == Units.NEVER ? Double.NaN : delay / 1e9,
                    r::number));
        }
        return of(points);
    }

    /** The warnings of a written results folder (its summary.csv and manifest). */
    public static List<String> of(ResultsReader results) {
        List<Point> points = new ArrayList<>();
        Csv.Table summary = results.summary();
        for (int p : results.points()) {
            Optional<String[]> row = results.summaryRow(p);
            if (row.isEmpty()) {
                continue;
            }
            double warmup = seconds(results, p, "warmup").orElse(0.0);
            double closeWait = seconds(results, p, "workload.server-close-delay").orElse(Double.NaN);
            points.add(new Point(p, warmup, closeWait, c -> summary.has(c) ? summary.number(row.get(), c)
                    : Double.NaN));
        }
        return of(points);
    }

    private static Optional<Double> seconds(ResultsReader results, int point, String key) {
        String swept = results.params(point).get(key);
        return (swept != null ? Optional.of(swept) : results.configValue(key)).flatMap(ResultsReader::seconds);
    }

    /** The warnings, each with the points it holds for ("point 0", "points 0, 2"). */
    public static List<String> of(List<Point> points) {
        Map<String, List<Integer>> found = new LinkedHashMap<>();
        for (Point p : points) {
            for (String w : of(p)) {
                found.computeIfAbsent(w, k -> new ArrayList<>()).add(p.point());
            }
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : found.entrySet()) {
            List<Integer> at = e.getValue();
            String which = at.size() == 1 ? "point " + at.get(0)
                    : "points " + String.join(", ", at.stream().map(String::valueOf).toList());
            out.add(which + ": " + e.getKey());
        }
        return out;
    }

    private static List<String> of(Point p) {
        List<String> out = new ArrayList<>();
        ToDoubleFunction<SummaryColumn> s = p.summary();
        double timeWait = s.applyAsDouble(SummaryColumn.TIME_WAIT_DURATION);
        if (s.applyAsDouble(SummaryColumn.TIME_WAIT_MEAN) > 0 && timeWait > p.warmup()) {
            out.add("the warm-up (" + number(p.warmup()) + " s) is shorter than TIME_WAIT (" + number(timeWait)
                    + " s): the occupancy means include the climb from empty and are biased low; set warmup to at "
                    + "least " + number(timeWait) + " s");
        } else if (s.applyAsDouble(SummaryColumn.CLOSE_WAIT_MEAN) > 0 && p.closeWait() > p.warmup()) {
            out.add("the warm-up (" + number(p.warmup()) + " s) is shorter than CLOSE_WAIT (server-close-delay "
                    + number(p.closeWait()) + " s): the CLOSE_WAIT mean includes the climb from empty and is biased "
                    + "low");
        }
        double replications = s.applyAsDouble(SummaryColumn.REPLICATIONS);
        if (replications == 1) {
            out.add("one replication: no confidence intervals (set replications to 2 or more)");
        } else if (replications >= 2 && (zeroWidth(s, SummaryColumn.SETUP_CI_LOW, SummaryColumn.SETUP_CI_HIGH)
                || s.applyAsDouble(SummaryColumn.TIME_WAIT_MEAN) > 0
                && zeroWidth(s, SummaryColumn.TIME_WAIT_CI_LOW, SummaryColumn.TIME_WAIT_CI_HIGH))) {
            out.add("the replications agree exactly (zero-width confidence interval): they drew the same numbers "
                    + "(constant arrivals without loss draw none), so the interval says nothing about uncertainty");
        }
        double ok = s.applyAsDouble(SummaryColumn.OK);
        if (ok > 0 && ok < 10) {
            out.add("p90 and p99 rest on " + (long) ok + " setup times (they need 10 and 100): they are the largest "
                    + "few values, not stable percentiles");
        } else if (ok >= 10 && ok < 100) {
            out.add("p99 rests on " + (long) ok + " setup times (it needs 100): it is one of the largest few values, "
                    + "not a stable percentile");
        }
        double drops = s.applyAsDouble(SummaryColumn.LISTEN_SYN_DROPS);
        double cookies = s.applyAsDouble(SummaryColumn.SYN_COOKIES_SENT);
        if (drops > 0) {
            out.add((long) drops + " SYNs were dropped by a full listen queue ("
                    + SummaryColumn.LISTEN_SYN_DROPS.label() + "; tcp.syn-backlog without syncookies, or the accept backlog): not random loss, so "
                    + SummaryColumn.THEORY_SETUP.label() + " is left empty");
        } else if (cookies > 0 && Double.isNaN(s.applyAsDouble(SummaryColumn.THEORY_SETUP))) {
            out.add((long) cookies + " SYNs were answered with SYN cookies (" + SummaryColumn.SYN_COOKIES_SENT.label()
                    + "; the SYN queue, tcp.syn-backlog, was full), whose SYN-ACK is never resent: with SYN-ACK loss "
                    + "the server's retransmission schedule holds for some SYNs only, so "
                    + SummaryColumn.THEORY_SETUP.label() + " is left empty");
        }
        return out;
    }

    private static boolean zeroWidth(ToDoubleFunction<SummaryColumn> s, SummaryColumn low, SummaryColumn high) {
        double lo = s.applyAsDouble(low);
        double hi = s.applyAsDouble(high);
        return Double.isFinite(lo) && lo == hi;
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v)
                .replaceAll("0+$", "");
    }
}
