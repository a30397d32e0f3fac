package tcpsim.kernel.net;

/**
 * The properties of one direction of a link.
 *
 * @param latency propagation delay in ns
 * @param jitter extra delay drawn uniformly from [0, jitter] ns per packet; 0 for none
 * @param reorder whether jitter may make a packet overtake an earlier one (false: arrivals keep send order)
 * @param bandwidth bits per second; 0 means infinitely fast (no serialisation delay, no queueing)
 * @param queueLimit packets that may wait behind the one on the wire before the tail is dropped
 * @param loss the loss model; it is stateful, so give each channel its own
 */
public record ChannelSpec(long latency, long jitter, boolean reorder, long bandwidth, int queueLimit,
        LossModel loss) {

    public ChannelSpec {
        if (latency < 0) {
            throw new IllegalArgumentException("latency must be >= 0 ns, got " + latency);
        }
        if (jitter < 0) {
            throw new IllegalArgumentException("jitter must be >= 0 ns, got " + jitter);
        }
        if (bandwidth < 0) {
            throw new IllegalArgumentException("bandwidth must be >= 0 bit/s (0 = unlimited), got " + bandwidth);
        }
        if (queueLimit < 0) {
            throw new IllegalArgumentException("queue limit must be >= 0 packets, got " + queueLimit);
        }
        if (loss == null) {
            throw new IllegalArgumentException("loss model must not be null (use LossModel.NONE)");
        }
    }

    /** A lossless channel with only propagation delay. */
    public static ChannelSpec latency(long latency) {
        return new ChannelSpec(latency, 0, false, 0, Integer.MAX_VALUE, LossModel.NONE);
    }

    public ChannelSpec withLoss(LossModel model) {
        return new ChannelSpec(latency, jitter, reorder, bandwidth, queueLimit, model);
    }

    public ChannelSpec withBandwidth(long bitsPerSecond, int limit) {
        return new ChannelSpec(latency, jitter, reorder, bitsPerSecond, limit, loss);
    }

    public ChannelSpec withJitter(long maxJitter, boolean mayReorder) {
        return new ChannelSpec(latency, maxJitter, mayReorder, bandwidth, queueLimit, loss);
    }
}
