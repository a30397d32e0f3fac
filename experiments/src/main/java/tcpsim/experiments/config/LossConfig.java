package tcpsim.experiments.config;

/** The loss model of one channel direction. */
public sealed interface LossConfig {
    /** Long-run fraction of packets lost. */
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
}
