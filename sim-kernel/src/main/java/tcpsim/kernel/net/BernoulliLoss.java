package tcpsim.kernel.net;

import tcpsim.kernel.Uniforms;

/** Each packet is lost independently with probability {@code p}. */
public final class BernoulliLoss implements LossModel {
    private final double p;
    private final Uniforms random;

    public BernoulliLoss(double p, Uniforms random) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("loss probability must be in [0, 1], got " + p);
        }
        this.p = p;
        this.random = random;
    }

    @Override
    public boolean isLost(Packet packet) {
        // always draw, so that the stream's position does not depend on p (common random numbers across sweeps)
        return random.next() < p;
    }
}
