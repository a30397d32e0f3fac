package tcpsim.experiments.config;

import java.util.List;
import tcpsim.tcp.SegmentKind;

/** The loss model of one channel direction. */
public sealed interface LossConfig {
    /** Long-run fraction of packets lost; NaN when the model has none (a drop list, staged segments). */
    double meanLoss();

    /** Each packet lost independently with probability {@code p}. */
    record Bernoulli(double p) implements LossConfig {
        @Override
        public double meanLoss() {
            return p;
        }
    }

    /** Two-state burst loss (see {@code tcpsim.kernel.net.GilbertElliottLoss}). */
    record GilbertElliott(double pGoodToBad, double pBadToGood, double lossGood, double lossBad)
            implements LossConfig {
        @Override
        public double meanLoss() {
            double sum = pGoodToBad + pBadToGood;
            double piBad = sum == 0 ? 0 : pGoodToBad / sum;
            return piBad * lossBad + (1 - piBad) * lossGood;
        }
    }

    /**
     * Drops exactly the listed packets of the direction, counted from 1 on each link separately (see
     * {@code tcpsim.kernel.net.DropList}): to stage one scenario, such as a lost final ACK, for a ladder diagram.
     */
    record DropList(List<Long> packets) implements LossConfig {
        public DropList {
            packets = List.copyOf(packets);
        }

        @Override
        public double meanLoss() {
            return Double.NaN;
        }
    }

    /**
     * Drops the listed segments of one kind, counted from 1 among the segments of that kind on each link direction
     * separately (retransmissions count; see {@code tcpsim.tcp.SegmentKind}): a staged case that reads like its
     * description, e.g. "the server's first two FINs are lost" whatever went before them.
     */
    record DropSegments(SegmentKind match, List<Long> nth) implements LossConfig {
        public DropSegments {
            nth = List.copyOf(nth);
        }

        @Override
        public double meanLoss() {
            return Double.NaN;
        }
    }
}
