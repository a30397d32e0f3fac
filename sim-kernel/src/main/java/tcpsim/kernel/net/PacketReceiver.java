package tcpsim.kernel.net;

/** The upper layer of a host: receives the packets addressed to it. */
@FunctionalInterface
public interface PacketReceiver {
    void receive(Packet packet);
}
