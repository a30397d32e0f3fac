package tcpsim.kernel.net;

import tcpsim.kernel.Uniforms;

/**
 * Two-state Markov (Gilbert-Elliott) burst loss. Per packet the channel first moves between the good and the bad
 * state (good to bad with {@code pGoodToBad}, bad to good with {@code pBadToGood}), then loses the packet with the
 * new state's loss probability. A bad period lasts 1/pBadToGood packets on average.
 */
public final class GilbertElliottLoss implements LossModel {
    private final double pGoodToBad;
    private final double pBadToGood;
    private final double lossGood;
    private final double lossBad;
    private final Uniforms random;
    private boolean bad;

    public GilbertElliottLoss(double pGoodToBad, double pBadToGood, double lossGood, double lossBad,
            Uniforms random) {
        check("p-gb", pGoodToBad);
        check("p-bg", pBadToGood);
        check("loss-good", lossGood);
        check("loss-bad", lossBad);
        this.pGoodToBad = pGoodToBad;
        this.pBadToGood = pBadToGood;
        this.lossGood = lossGood;
        this.lossBad = lossBad;
        this.random = random;
    }

    private static void check(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be a probability in [0, 1], got " + p);
        }
    }

    /** Long-run fraction of packets lost: the stationary mix of the two states' loss probabilities. */
    public double meanLoss() {
        double sum = pGoodToBad + pBadToGood;
        double piBad = sum == 0 ? 0 : pGoodToBad / sum;
        return piBad * lossBad + (1 - piBad) * lossGood;
    }

    @Override
    public boolean isLost(Packet packet) {
        double move = random.next();
        bad = bad ? move >= pBadToGood : move < pGoodToBad;
        return random.next() < (bad ? lossBad : lossGood);
    }
}
