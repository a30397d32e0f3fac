package tcpsim.kernel.net;

/** Forwards every packet by destination address, so that many hosts can share a path. */
public final class Router extends Node {
    Router(Network network, String name, int index) {
        super(network, name, index);
    }

    @Override
    void receive(Packet packet, Channel channel) {
        forward(packet);
    }
}
