package tcpsim.kernel.net;

import com.carrotsearch.hppc.IntHashSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tcpsim.kernel.Simulation;

/**
 * The nodes and links of one simulation, and the observers that see its packets. Nodes and links are kept in
 * creation order, which is the only order anything here iterates in.
 */
public final class Network {
    private final Simulation sim;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Link> links = new ArrayList<>();
    private final Map<String, Node> byName = new HashMap<>(); // looked up, never iterated
    private final IntHashSet addresses = new IntHashSet(); // looked up, never iterated
    private NetworkObserver[] observers = new NetworkObserver[0];

    public Network(Simulation sim) {
        this.sim = sim;
    }

    public Simulation simulation() {
        return sim;
    }

    public Host addHost(String name, int address) {
        if (addresses.contains(address)) {
            Node user = nodes.stream().filter(n -> n instanceof Host h && h.address() == address).findFirst()
                    .orElseThrow();
            throw new IllegalArgumentException("address " + Ipv4.format(address) + " is already used by " + user);
        }
        Host host = register(new Host(this, name, nodes.size(), address));
        addresses.add(address);
        return host;
    }

    public Router addRouter(String name) {
        return register(new Router(this, name, nodes.size()));
    }

    private <N extends Node> N register(N node) {
        if (byName.putIfAbsent(node.name(), node) != null) {
            throw new IllegalArgumentException("a node named '" + node.name() + "' already exists");
        }
        nodes.add(node);
        return node;
    }

    /** Connects {@code a} and {@code b}; {@code aToB} and {@code bToA} describe the two directions. */
    public Link connect(Node a, Node b, ChannelSpec aToB, ChannelSpec bToA) {
        Channel forward = new Channel(this, a.name() + "->" + b.name(), a, b, aToB);
        Channel backward = new Channel(this, b.name() + "->" + a.name(), b, a, bToA);
        a.attach(forward);
        b.attach(backward);
        Link link = new Link(forward, backward);
        links.add(link);
        return link;
    }

    /**
     * Fills every node's routing table with shortest-path (fewest hops) routes to every host, breaking ties by
     * link creation order. Call it once the topology is built; see {@link RouteComputation} for how it stays
     * near-linear on a star or tree of many hosts.
     */
    public void computeRoutes() {
        new RouteComputation(nodes, links).run();
    }

    public List<Node> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    public List<Link> links() {
        return Collections.unmodifiableList(links);
    }

    public Node node(String name) {
        return byName.get(name);
    }

    public void addObserver(NetworkObserver observer) {
        NetworkObserver[] bigger = java.util.Arrays.copyOf(observers, observers.length + 1);
        bigger[observers.length] = observer;
        observers = bigger;
    }

    void notifySend(long time, Channel channel, Packet packet) {
        for (NetworkObserver o : observers) {
            o.onSend(time, channel, packet);
        }
    }

    void notifyEnqueue(long time, Channel channel, Packet packet, int waiting) {
        for (NetworkObserver o : observers) {
            o.onEnqueue(time, channel, packet, waiting);
        }
    }

    void notifyDrop(long time, Node node, Channel channel, Packet packet, DropReason reason) {
        for (NetworkObserver o : observers) {
            o.onDrop(time, node, channel, packet, reason);
        }
    }

    void notifyDeliver(long time, Channel channel, Packet packet) {
        for (NetworkObserver o : observers) {
            o.onDeliver(time, channel, packet);
        }
    }
}
