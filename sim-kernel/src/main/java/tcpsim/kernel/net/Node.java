package tcpsim.kernel.net;

import com.carrotsearch.hppc.IntObjectHashMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A network node: a name, its outgoing channels and a routing table from destination address to channel. A
 * destination without an entry leaves by the default route, the first link made; so a node with a single link
 * needs no table at all, which is what lets a star of tens of thousands of hosts keep its routes in the router.
 */
public abstract class Node {
    private final Network network;
    private final String name;
    /** Position in the network's creation order. */
    final int index;
    private final List<Channel> outgoing = new ArrayList<>();
    private final IntObjectHashMap<Channel> routes = new IntObjectHashMap<>(); // looked up, never iterated
    private Channel defaultRoute;

    Node(Network network, String name, int index) {
        this.network = network;
        this.name = name;
        this.index = index;
    }

    public String name() {
        return name;
    }

    /** Position in the network's creation order, 0, 1, ...: for arrays indexed by node. */
    public int index() {
        return index;
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

    /** The channel a packet to {@code destination} leaves by, or null when there is no route. */
    public Channel route(int destination) {
        if (routes.isEmpty()) {
            return defaultRoute; // a host with one link: every packet, without a hash look-up
        }
        Channel c = routes.get(destination);
        return c != null ? c : defaultRoute;
    }

    /**
     * Records a computed route; on a node with a single link every route is that link, the default route, so
     * nothing is stored.
     */
    void learnRoute(int destination, Channel channel) {
        if (outgoing.size() > 1) {
            routes.put(destination, channel);
        }
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
