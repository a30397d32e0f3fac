package tcpsim.experiments.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tcpsim.experiments.config.ChannelConfig;
import tcpsim.experiments.config.ExperimentConfig;
import tcpsim.experiments.config.LossConfig;
import tcpsim.experiments.config.PointConfig;
import tcpsim.experiments.config.SweepPoint;
import tcpsim.experiments.config.TopologyConfig;
import tcpsim.experiments.config.Units;
import tcpsim.experiments.run.ConnectionRecord;
import tcpsim.experiments.run.Occupancy;
import tcpsim.experiments.run.RunResult;
import tcpsim.experiments.theory.Theory;
import tcpsim.tcp.TcpProfile;
import tcpsim.tcp.TcpState;

/**
 * Turns the runs of one sweep point into its summary row (summary.csv / summary.json). Cells are the exact text
 * written to the CSV; an empty string means "not applicable".
 */
public final class Summarizer {
    /** The columns after {@code point} and the swept keys. */
    public static final List<String> COLUMNS = List.of("replications", "connections", "ok", "refused", "reset",
            "timeout", "port_exhausted", "setup_mean_s", "setup_ci_low_s", "setup_ci_high_s", "setup_median_s",
            "setup_p90_s", "setup_p99_s", "setup_max_s", "server_setup_mean_s", "time_wait_mean",
            "time_wait_ci_low", "time_wait_ci_high", "time_wait_peak", "close_wait_mean", "close_wait_ci_low",
            "close_wait_ci_high", "close_wait_peak", "close_rate_per_s", "time_wait_duration_s",
            "time_wait_littles_law", "rtt_s", "loss_up", "loss_down", "theory_setup_s");

    private Summarizer() {
    }

    /** The header of summary.csv for this experiment. */
    public static List<String> header(ExperimentConfig cfg) {
        List<String> h = new ArrayList<>();
        h.add("point");
        h.addAll(cfg.sweepKeys());
        h.addAll(COLUMNS);
        return h;
    }

    /**
     * The summary row of {@code point} from its runs (in replication order). Setup statistics: the mean and its
     * interval are over the replications' mean client setup times; the median, p90, p99 and max pool every
     * established connection of the point. Occupancy means are time averages over [warmup, duration] of the
     * count summed over all hosts; the peak is the largest over all replications. The close rate counts the
     * connections entering TIME_WAIT in [max(0, warmup - TIME_WAIT duration), duration) -- every connection whose
     * TIME_WAIT overlaps the steady-state window -- per second of that interval, averaged over replications.
     */
    public static Map<String, String> summarize(SweepPoint point, List<RunResult> runs) {
        PointConfig pc = point.config();
        Map<String, String> row = new LinkedHashMap<>();
        row.put("point", Integer.toString(point.index()));
        row.putAll(point.params());
        long connections = 0;
        long[] outcomes = new long[5];
        List<Double> pooled = new ArrayList<>();
        List<Double> setupMeanList = new ArrayList<>();
        List<Double> serverSetupMeans = new ArrayList<>();
        double[] tw = new double[runs.size()];
        double[] cw = new double[runs.size()];
        long twPeak = 0;
        long cwPeak = 0;
        double[] closeRates = new double[runs.size()];
        long maxSetup = ConnectionRecord.NONE;
        long timeWait = runs.isEmpty() ? 0 : runs.get(0).timeWait();
        for (int r = 0; r < runs.size(); r++) {
            RunResult run = runs.get(r);
            connections += run.connections().size();
            double sum = 0;
            int n = 0;
            double ssum = 0;
            int sn = 0;
            for (ConnectionRecord c : run.connections()) {
                switch (c.outcome()) {
                    case "ok" -> outcomes[0]++;
                    case "refused" -> outcomes[1]++;
                    case "reset" -> outcomes[2]++;
                    case "timeout" -> outcomes[3]++;
                    default -> outcomes[4]++;
                }
                if (c.clientSetup() != ConnectionRecord.NONE) {
                    double s = c.clientSetup() / 1e9;
                    sum += s;
                    n++;
                    pooled.add(s);
                    maxSetup = Math.max(maxSetup, c.clientSetup());
                }
                if (c.serverSetup() != ConnectionRecord.NONE) {
                    ssum += c.serverSetup() / 1e9;
                    sn++;
                }
            }
            if (n > 0) {
                setupMeanList.add(sum / n);
            }
            if (sn > 0) {
                serverSetupMeans.add(ssum / sn);
            }
            Occupancy o = run.occupancyStats();
            tw[r] = o.mean(TcpState.TIME_WAIT);
            cw[r] = o.mean(TcpState.CLOSE_WAIT);
            twPeak = Math.max(twPeak, o.peak(TcpState.TIME_WAIT));
            cwPeak = Math.max(cwPeak, o.peak(TcpState.CLOSE_WAIT));
            closeRates[r] = o.entries(TcpState.TIME_WAIT) / (o.entriesWindow() / 1e9);
        }
        double[] setupMeans = unbox(setupMeanList);
        double[] all = unbox(pooled);
        Stats.MeanCi setup = Stats.meanCi(setupMeans);
        Stats.MeanCi twCi = Stats.meanCi(tw);
        Stats.MeanCi cwCi = Stats.meanCi(cw);
        double closeRate = Stats.mean(closeRates);

        row.put("replications", Integer.toString(runs.size()));
        row.put("connections", Long.toString(connections));
        row.put("ok", Long.toString(outcomes[0]));
        row.put("refused", Long.toString(outcomes[1]));
        row.put("reset", Long.toString(outcomes[2]));
        row.put("timeout", Long.toString(outcomes[3]));
        row.put("port_exhausted", Long.toString(outcomes[4]));
        row.put("setup_mean_s", sec(setup.mean()));
        row.put("setup_ci_low_s", sec(setup.low()));
        row.put("setup_ci_high_s", sec(setup.high()));
        row.put("setup_median_s", sec(Stats.quantile(all, 0.5)));
        row.put("setup_p90_s", sec(Stats.quantile(all, 0.9)));
        row.put("setup_p99_s", sec(Stats.quantile(all, 0.99)));
        row.put("setup_max_s", maxSetup == ConnectionRecord.NONE ? "" : Units.seconds(maxSetup));
        row.put("server_setup_mean_s", sec(Stats.mean(unbox(serverSetupMeans))));
        row.put("time_wait_mean", num(twCi.mean()));
        row.put("time_wait_ci_low", num(twCi.low()));
        row.put("time_wait_ci_high", num(twCi.high()));
        row.put("time_wait_peak", Long.toString(twPeak));
        row.put("close_wait_mean", num(cwCi.mean()));
        row.put("close_wait_ci_low", num(cwCi.low()));
        row.put("close_wait_ci_high", num(cwCi.high()));
        row.put("close_wait_peak", Long.toString(cwPeak));
        row.put("close_rate_per_s", num(closeRate));
        row.put("time_wait_duration_s", Units.seconds(timeWait));
        row.put("time_wait_littles_law", num(closeRate * (timeWait / 1e9)));
        row.put("rtt_s", Units.seconds(pc.topology().rttNs()));
        row.put("loss_up", num(pc.topology().lossUp()));
        row.put("loss_down", num(pc.topology().lossDown()));
        row.put("theory_setup_s", sec(theorySetup(pc)));
        return row;
    }

    /**
     * The exact expected client setup time for the profile's fixed SYN and SYN-ACK schedules under independent
     * (Bernoulli) loss, conditional on success; NaN (an empty cell) when a link uses burst loss, which has no
     * closed form here.
     */
    static double theorySetup(PointConfig pc) {
        TopologyConfig t = pc.topology();
        for (ChannelConfig c : List.of(t.link().up(), t.link().down(),
                t.serverLink().up(), t.serverLink().down())) {
            if (!(c.loss() instanceof LossConfig.Bernoulli)) {
                return Double.NaN;
            }
        }
        TcpProfile p = pc.profile();
        return Theory.expectedSetupTime(
                Theory.seconds(p.synSchedule()), p.synGiveUp() / 1e9,
                Theory.seconds(p.synAckSchedule()), p.synAckGiveUp() / 1e9,
                t.rttNs() / 1e9, t.lossUp(), t.lossDown());
    }

    private static double[] unbox(List<Double> list) {
        double[] a = new double[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i);
        }
        return a;
    }

    /** A time cell in seconds: rounded to the nanosecond, 9 fractional digits like the exact times; "" for NaN. */
    public static String sec(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return "";
        }
        return new java.math.BigDecimal(seconds).setScale(9, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    /** A number cell: plain decimal, empty for NaN. */
    public static String num(double v) {
        return Units.plain(v);
    }
}
