package tcpsim.kernel.net;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A network node: a name, its outgoing channels and a routing table from destination address to channel. */
public abstract class Node {
    private final Network network;
    private final String name;
    private final List<Channel> outgoing = new ArrayList<>();
    private final Map<Integer, Channel> routes = new HashMap<>(); // looked up, never iterated
    private Channel defaultRoute;

    Node(Network network, String name) {
        this.network = network;
        this.name = name;
    }

    public String name() {
        return name;
    }

    public Network network() {
        return network;
    }

    /** Outgoing channels in the order the links were made. */
    public List<Channel> outgoing() {
        return Collections.unmodifiableList(outgoing);
    }

    public void addRoute(int destination, Channel channel) {
        requireOutgoing(channel);
        routes.put(destination, channel);
    }

    public void setDefaultRoute(Channel channel) {
        requireOutgoing(channel);
        defaultRoute = channel;
    }

    /** The channel a packet to {@code destination} leaves by, or null when there is no route. */
    public Channel route(int destination) {
        Channel c = routes.get(destination);
        return c != null ? c : defaultRoute;
    }

    void attach(Channel channel) {
        outgoing.add(channel);
        if (defaultRoute == null) {
            defaultRoute = channel;
        }
    }

    /** Sends a packet on its way by the routing table; drops it (NO_ROUTE) when no route exists. */
    protected void forward(Packet packet) {
        Channel c = route(packet.destination());
        if (c == null) {
            network.notifyDrop(network.simulation().now(), this, null, packet, DropReason.NO_ROUTE);
            return;
        }
        c.send(packet);
    }

    /** A packet arrives over {@code channel}. */
    abstract void receive(Packet packet, Channel channel);

    private void requireOutgoing(Channel channel) {
        if (channel.from() != this) {
            throw new IllegalArgumentException("channel " + channel + " does not leave " + name);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
