package tcpsim.experiments.config;

/**
 * Clients and servers around one router: each client reaches the router over its own {@code link}, the router
 * reaches each server over its own {@code serverLink}.
 */
public record TopologyConfig(int clients, int servers, LinkConfig link, LinkConfig serverLink) {
    /** Round-trip propagation time between a client and a server, ns (no serialisation, no queueing). */
    public long rttNs() {
        return link.up().latency() + link.down().latency() + serverLink.up().latency()
                + serverLink.down().latency();
    }

    /** Probability that a client-to-server packet is lost on its way (both hops, long-run). */
    public double lossUp() {
        return either(link.up().loss().meanLoss(), serverLink.up().loss().meanLoss());
    }

    /** Probability that a server-to-client packet is lost on its way (both hops, long-run). */
    public double lossDown() {
        return either(link.down().loss().meanLoss(), serverLink.down().loss().meanLoss());
    }

    /** Probability that at least one of two independent losses happens (exact when either is 0). */
    public static double either(double p, double q) {
        return p + q - p * q;
    }
}
