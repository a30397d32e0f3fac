/**
 * The network the transport runs on, with no TCP in it: {@link tcpsim.kernel.net.Network} (nodes, links, route
 * computation, observers), {@link tcpsim.kernel.net.Host} and {@link tcpsim.kernel.net.Router} nodes with their
 * routing tables, duplex {@link tcpsim.kernel.net.Link}s of two {@link tcpsim.kernel.net.Channel}s (drop-tail
 * queue, bandwidth, latency, jitter, loss) described by {@link tcpsim.kernel.net.ChannelSpec}, the loss models
 * ({@link tcpsim.kernel.net.BernoulliLoss}, {@link tcpsim.kernel.net.GilbertElliottLoss},
 * {@link tcpsim.kernel.net.DropList}), the {@link tcpsim.kernel.net.Packet} interface the kernel routes by, and
 * {@link tcpsim.kernel.net.Ipv4} address helpers. Nothing here iterates in hash order.
 */
package tcpsim.kernel.net;
