package tcpsim.experiments.config;

/**
 * One direction of a link.
 *
 * @param latency propagation delay, ns
 * @param jitter extra delay drawn uniformly from [0, jitter], ns (arrival order is kept)
 * @param bandwidth bits per second, 0 = unlimited
 * @param queue packets that may wait for the wire before tail drop
 * @param loss loss model
 */
public record ChannelConfig(long latency, long jitter, long bandwidth, int queue, LossConfig loss) {
}
