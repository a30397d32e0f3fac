package tcpsim.experiments.results;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tcpsim.experiments.config.ChannelConfig;
import tcpsim.experiments.config.ExperimentConfig;
import tcpsim.experiments.config.LossConfig;
import tcpsim.experiments.config.PointConfig;
import tcpsim.experiments.config.SweepColumns;
import tcpsim.experiments.config.SweepPoint;
import tcpsim.experiments.config.TopologyConfig;
import tcpsim.experiments.sim.ConnectionRecord;
import tcpsim.experiments.sim.Outcome;
import tcpsim.tcp.SegmentKind;
import tcpsim.tcp.TcpProfile;

/**
 * Turns the runs of one sweep point into its summary row (summary.csv / summary.json, columns in
 * {@link SummaryColumn}).
 */
public final class Summarizer {
    private Summarizer() {
    }

    /** The header of summary.csv for this experiment. */
    public static List<String> header(ExperimentConfig cfg) {
        List<String> h = new ArrayList<>();
        h.add("point");
        h.addAll(SweepColumns.of(cfg).summaryHeader());
        for (SummaryColumn c : SummaryColumn.values()) {
            h.add(c.label());
        }
        return h;
    }

    /**
     * The summary row of {@code point} from its runs (in replication order) and every client setup time of its
     * connections, s, in any order ({@code pooledSetups}). Setup statistics: the mean and its
     * interval are over the replications' mean client setup times; the median, p90, p99 and max pool every
     * established connection of the point. Occupancy means are time averages over [warmup, duration] of the
     * count summed over all hosts; the peak is the largest over all replications. The close rate counts the
     * connections entering TIME_WAIT in [max(0, warmup - TIME_WAIT duration), duration) -- every connection whose
     * TIME_WAIT overlaps the steady-state window -- and those that would have but found no bucket (max-tw-buckets),
     * per second of that interval, averaged over replications.
     */
    public static SummaryRow summarize(SweepPoint point, List<RunSummary> runs, double[] pooledSetups) {
        SummaryRow row = new SummaryRow(point.index(), point.params());
        row.set(SummaryColumn.REPLICATIONS, runs.size());
        double level = point.config().confidence();
        setup(row, runs, pooledSetups, level);
        TcpProfile profile = point.config().profile();
        occupancy(row, runs, level, profile.timerHz(), profile.maxTwBuckets());
        TopologyConfig t = point.config().topology();
        row.set(SummaryColumn.RTT, t.rttNs());
        row.set(SummaryColumn.LOSS_UP, t.lossUp());
        row.set(SummaryColumn.LOSS_DOWN, t.lossDown());
        long cookies = 0;
        long listenDrops = 0;
        for (RunSummary r : runs) {
            cookies += r.synCookiesSent();
            listenDrops += r.listenSynDrops();
        }
        row.set(SummaryColumn.SYN_COOKIES_SENT, cookies);
        row.set(SummaryColumn.LISTEN_SYN_DROPS, listenDrops);
        row.set(SummaryColumn.THEORY_SETUP, theorySetup(point.config(), cookies, listenDrops));
        return row;
    }

    /** Connections, outcomes and setup times. */
    private static void setup(SummaryRow row, List<RunSummary> runs, double[] all, double level) {
        long connections = 0;
        long[] outcomes = new long[Outcome.values().length];
        List<Double> setupMeanList = new ArrayList<>();
        List<Double> serverSetupMeans = new ArrayList<>();
        long maxSetup = ConnectionRecord.NONE;
        for (RunSummary t : runs) {
            connections += t.connections();
            for (Outcome o : Outcome.values()) {
                outcomes[o.ordinal()] += t.outcome(o);
            }
            maxSetup = Math.max(maxSetup, t.maxSetup());
            if (t.setupCount() > 0) {
                setupMeanList.add(t.setupSum() / t.setupCount());
            }
            if (t.serverSetupCount() > 0) {
                serverSetupMeans.add(t.serverSetupSum() / t.serverSetupCount());
            }
        }
        row.set(SummaryColumn.CONNECTIONS, connections);
        for (Outcome o : Outcome.values()) {
            row.set(SummaryColumn.of(o), outcomes[o.ordinal()]);
        }
        Stats.MeanCi setup = Stats.meanCi(unbox(setupMeanList), level);
        row.set(SummaryColumn.SETUP_MEAN, setup.mean());
        row.set(SummaryColumn.SETUP_CI_LOW, setup.low());
        row.set(SummaryColumn.SETUP_CI_HIGH, setup.high());
        row.set(SummaryColumn.SETUP_MEDIAN, Stats.quantile(all, 0.5));
        row.set(SummaryColumn.SETUP_P90, Stats.quantile(all, 0.9));
        row.set(SummaryColumn.SETUP_P99, Stats.quantile(all, 0.99));
        row.set(SummaryColumn.SETUP_MAX, maxSetup == ConnectionRecord.NONE ? SummaryRow.NONE : maxSetup);
        row.set(SummaryColumn.SERVER_SETUP_MEAN, Stats.mean(unbox(serverSetupMeans)));
    }

    /**
     * TIME_WAIT and CLOSE_WAIT occupancy, the close rate and Little's law, with TIME_WAIT's mean lifetime on the
     * profile's timer wheel ({@link Theory#meanTimerLifetime}: 61.024 s for 60 s at timer-hz 250), capped per host at
     * the profile's max-tw-buckets ({@link Theory#timeWaitLevel}; each host's rate averaged over replications).
     */
    private static void occupancy(SummaryRow row, List<RunSummary> runs, double level, int timerHz,
            int buckets) {
        double[] tw = new double[runs.size()];
        double[] cw = new double[runs.size()];
        long twPeak = 0;
        long twOverflows = 0;
        long cwPeak = 0;
        double[] closeRates = new double[runs.size()];
        double[] hostRates = new double[runs.isEmpty() ? 0 : runs.get(0).timeWaitOffered().length];
        long timeWait = runs.isEmpty() ? 0 : runs.get(0).timeWait();
        for (int r = 0; r < runs.size(); r++) {
            RunSummary o = runs.get(r);
            tw[r] = o.timeWaitMean();
            cw[r] = o.closeWaitMean();
            twPeak = Math.max(twPeak, o.timeWaitPeak());
            twOverflows += o.timeWaitOverflows();
            cwPeak = Math.max(cwPeak, o.closeWaitPeak());
            long offered = 0;
            for (int h = 0; h < hostRates.length; h++) {
                offered += o.timeWaitOffered()[h];
                hostRates[h] += o.timeWaitOffered()[h] / (o.entriesWindow() / 1e9) / runs.size();
            }
            closeRates[r] = offered / (o.entriesWindow() / 1e9);
        }
        Stats.MeanCi twCi = Stats.meanCi(tw, level);
        Stats.MeanCi cwCi = Stats.meanCi(cw, level);
        double closeRate = Stats.mean(closeRates);
        row.set(SummaryColumn.TIME_WAIT_MEAN, twCi.mean());
        row.set(SummaryColumn.TIME_WAIT_CI_LOW, twCi.low());
        row.set(SummaryColumn.TIME_WAIT_CI_HIGH, twCi.high());
        row.set(SummaryColumn.TIME_WAIT_PEAK, twPeak);
        row.set(SummaryColumn.TIME_WAIT_OVERFLOW, twOverflows);
        row.set(SummaryColumn.CLOSE_WAIT_MEAN, cwCi.mean());
        row.set(SummaryColumn.CLOSE_WAIT_CI_LOW, cwCi.low());
        row.set(SummaryColumn.CLOSE_WAIT_CI_HIGH, cwCi.high());
        row.set(SummaryColumn.CLOSE_WAIT_PEAK, cwPeak);
        row.set(SummaryColumn.CLOSE_RATE, closeRate);
        row.set(SummaryColumn.TIME_WAIT_DURATION, timeWait);
        row.set(SummaryColumn.TIME_WAIT_LITTLES_LAW,
                closeRate >= 0 ? Theory.timeWaitLevel(closeRate, hostRates,
                        Theory.meanTimerLifetime(timeWait / 1e9, timerHz), buckets) : Double.NaN);
    }

    /**
     * The exact expected client setup time for the profile's fixed SYN and SYN-ACK schedules under independent
     * (Bernoulli) loss, conditional on success; NaN (an empty cell) where that model does not hold for the point:
     * <ul>
     * <li>a link with burst loss (no closed form here) or with a staged drop list that can drop a SYN or a SYN-ACK
     * ({@link #handshakeLoss}): deterministic drops counted per link over all connections are no independent loss;
     * <li>SYNs a full listen queue dropped ({@code listenDrops}): such a drop is the queue's, not the link's;
     * <li>SYNs answered by SYN cookies ({@code cookies}) while SYN-ACKs can be lost: a cookie SYN-ACK is never
     * resent, so those SYNs follow a one-SYN-ACK schedule and the others the server's retransmission schedule,
     * mixed in proportions the run decides (the first SYN of a run always finds room: syn-backlog is at least 1).
     * With a lossless SYN-ACK direction the server's schedule never matters (the first SYN-ACK arrives), so the
     * value stays exact.
     * </ul>
     */
    static double theorySetup(PointConfig pc, long cookies, long listenDrops) {
        TopologyConfig t = pc.topology();
        double up = TopologyConfig.either(handshakeLoss(t.link().up(), SegmentKind.SYN),
                handshakeLoss(t.serverLink().up(), SegmentKind.SYN));
        double down = TopologyConfig.either(handshakeLoss(t.link().down(), SegmentKind.SYN_ACK),
                handshakeLoss(t.serverLink().down(), SegmentKind.SYN_ACK));
        if (Double.isNaN(up) || Double.isNaN(down) || listenDrops > 0 || cookies > 0 && down > 0) {
            return Double.NaN;
        }
        TcpProfile p = pc.profile();
        // under timer-hz each send time is its mean over the jiffies phase (Theory.meanWheelSchedule)
        double[] syn = Theory.meanWheelSchedule(Theory.timeouts(Theory.seconds(p.synSchedule()),
                (p.synGiveUp() - p.synSchedule()[p.synSchedule().length - 1]) / 1e9), p.timerHz());
        double[] synAck = Theory.meanWheelSchedule(Theory.timeouts(Theory.seconds(p.synAckSchedule()),
                (p.synAckGiveUp() - p.synAckSchedule()[p.synAckSchedule().length - 1]) / 1e9), p.timerHz());
        return Theory.expectedSetupTime(
                Arrays.copyOf(syn, syn.length - 1), syn[syn.length - 1],
                Arrays.copyOf(synAck, synAck.length - 1), synAck[synAck.length - 1],
                t.rttNs() / 1e9, up, down);
    }

    /**
     * The independent loss a channel direction applies to the handshake segment {@code handshake} it carries (SYN
     * up, SYN-ACK down): a Bernoulli loss's p; 0 for a staged drop-segments list of another kind (ACK, FIN, RST,
     * DATA, or the other handshake kind, which this direction never carries: it never drops that segment, so for
     * the client's setup time the channel is lossless, even when it drops the third ACK); NaN when there is no such
     * probability (burst loss, a drop-list of packet numbers, drop-segments of {@code handshake} or of all).
     */
    static double handshakeLoss(ChannelConfig c, SegmentKind handshake) {
        if (c.loss() instanceof LossConfig.Bernoulli b) {
            return b.p();
        }
        if (c.loss() instanceof LossConfig.DropSegments d && d.match() != SegmentKind.ALL && d.match() != handshake) {
            return 0;
        }
        return Double.NaN;
    }

    private static double[] unbox(List<Double> list) {
        double[] a = new double[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i);
        }
        return a;
    }
}
