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
        return 1 - (1 - link.up().loss().meanLoss()) * (1 - serverLink.up().loss().meanLoss());
    }

    /** Probability that a server-to-client packet is lost on its way (both hops, long-run). */
    public double lossDown() {
        return 1 - (1 - link.down().loss().meanLoss()) * (1 - serverLink.down().loss().meanLoss());
    }
}
