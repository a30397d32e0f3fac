package tcpsim.kernel.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;
import tcpsim.kernel.RandomStreams;
import tcpsim.kernel.Simulation;

class LossModelTest {
    private static final Packet PACKET = new TestPacket(1, 2, 100, 0);

    @Test
    void bernoulliLossCountIsWithinTheBinomialNinetyNinePointNinePercentBounds() {
        int n = 100_000;
        for (double p : new double[] {0.01, 0.1, 0.5}) {
            BernoulliLoss loss = new BernoulliLoss(p, new RandomStreams(42, 0).uniforms("loss"));
            int lost = 0;
            for (int i = 0; i < n; i++) {
                lost += loss.isLost(PACKET) ? 1 : 0;
            }
            BinomialDistribution b = new BinomialDistribution(null, n, p);
            int lo = b.inverseCumulativeProbability(0.0005);
            int hi = b.inverseCumulativeProbability(0.9995);
            assertTrue(lost >= lo && lost <= hi, "p=" + p + ": lost " + lost + " outside [" + lo + ", " + hi + "]");
        }
    }

    @Test
    void gilbertElliottMeanBurstLengthIsOneOverBadToGood() {
        double pBg = 0.25;
        GilbertElliottLoss ge = new GilbertElliottLoss(0.02, pBg, 0, 1, new RandomStreams(7, 0).uniforms("ge"));
        long bursts = 0;
        long lostTotal = 0;
        boolean inBurst = false;
        int n = 400_000;
        for (int i = 0; i < n; i++) {
            boolean lost = ge.isLost(PACKET);
            if (lost) {
                lostTotal++;
                if (!inBurst) {
                    bursts++;
                }
            }
            inBurst = lost;
        }
        double meanBurst = lostTotal / (double) bursts;
        // geometric with mean 1/pBg = 4, variance (1-p)/p^2 = 12; ~1600 bursts => standard error ~0.09
        assertEquals(1 / pBg, meanBurst, 0.35, "mean burst length");
        assertEquals(ge.meanLoss(), lostTotal / (double) n, 0.01, "stationary loss rate");
    }

    @Test
    void dropListDropsExactlyTheListedPositions() {
        DropList list = DropList.positions(1, 3, 10);
        List<Integer> dropped = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            if (list.isLost(PACKET)) {
                dropped.add(i);
            }
        }
        assertEquals(List.of(1, 3, 10), dropped);
        assertEquals(3, list.dropped());
    }

    @Test
    void dropListDropsOnlyTheFirstMatchesUpToItsLimit() {
        DropList list = DropList.firstMatching(2, p -> p.sizeBytes() > 1000);
        List<Integer> dropped = new ArrayList<>();
        int[] sizes = {100, 1500, 100, 1500, 1500, 100};
        for (int i = 0; i < sizes.length; i++) {
            if (list.isLost(new TestPacket(1, 2, sizes[i], i))) {
                dropped.add(i);
            }
        }
        assertEquals(List.of(1, 3), dropped);
    }

    @Test
    void dropListAmongAKindCountsOnlyThatKind() {
        DropList list = DropList.among(p -> p.sizeBytes() > 1000, 2, 3);
        List<Integer> dropped = new ArrayList<>();
        int[] sizes = {1500, 100, 100, 1500, 100, 1500, 1500, 100};
        for (int i = 0; i < sizes.length; i++) {
            if (list.isLost(new TestPacket(1, 2, sizes[i], i))) {
                dropped.add(i);
            }
        }
        // the large packets are 0, 3, 5, 6: the 2nd and 3rd of them are lost, the small ones never
        assertEquals(List.of(3, 5), dropped);
        assertEquals(2, list.dropped());
    }

    @Test
    void dropListOnALinkDropsThoseAndOnlyThose() {
        Simulation sim = new Simulation(1);
        Network net = new Network(sim);
        Host a = net.addHost("a", 1);
        Host b = net.addHost("b", 2);
        net.connect(a, b, ChannelSpec.latency(1000).withLoss(DropList.positions(2, 4)), ChannelSpec.latency(1000));
        net.computeRoutes();
        List<Long> got = new ArrayList<>();
        b.setReceiver(p -> got.add(((TestPacket) p).id()));
        for (int i = 1; i <= 5; i++) {
            long id = i;
            sim.schedule(i, () -> a.send(new TestPacket(1, 2, 40, id)));
        }
        sim.run();
        assertEquals(List.of(1L, 3L, 5L), got);
    }
}
