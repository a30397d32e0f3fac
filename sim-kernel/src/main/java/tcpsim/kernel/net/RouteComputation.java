package tcpsim.kernel.net;

import java.util.ArrayList;
import java.util.List;

/**
 * Shortest-path (fewest hops) routes to every host, ties broken by link creation order: the result of a
 * breadth-first search backwards from each destination host, in which a node learns the channel to the first node
 * popped from the frontier that it has a link to (the first such link made).
 *
 * <p>Two facts make it near-linear on the topologies people build (stars and trees of many hosts):
 * <ul>
 *   <li>A host with a single link (a leaf) hangs off one node, its attachment. The search backwards from the leaf
 *       first finds only the attachment and from then on is the search from the attachment (the leaf, already
 *       seen, would discover nothing). So every other node routes to the leaf as it routes to the attachment: one
 *       search per attachment node serves all the leaves on it.</li>
 *   <li>A node with a single link routes everything over it, its default route ({@link Node#route}), so only
 *       nodes with several links store routes.</li>
 * </ul>
 * A star of H hosts around a router thus costs one search and H table entries instead of H searches and H^2
 * entries. Each search walks per-node lists of incoming channels, so it is linear in the nodes and links.
 */
final class RouteComputation {
    private final List<Node> nodes;
    private final List<Link> links;
    // channels arriving at node i, in link creation order (forward before backward): incoming[start[i]..start[i+1])
    private Channel[] incoming;
    private int[] start;
    // the last search: via[i] is node i's channel towards the root, valid where reached[i] == search
    private final Channel[] via;
    private final int[] reached;
    private int search;
    private final int[] frontier;

    RouteComputation(List<Node> nodes, List<Link> links) {
        this.nodes = nodes;
        this.links = links;
        int n = nodes.size();
        via = new Channel[n];
        reached = new int[n];
        frontier = new int[n];
    }

    void run() {
        indexIncoming();
        int n = nodes.size();
        List<Node> branching = new ArrayList<>(); // nodes with several links: the only ones that store routes
        // the leaves grouped by attachment node: leavesAt[i] is a list of hosts, or null
        List<List<Host>> leavesAt = new ArrayList<>(n);
        boolean[] searchFrom = new boolean[n];
        for (Node node : nodes) {
            leavesAt.add(null);
            if (node.outgoing().size() > 1) {
                branching.add(node);
            }
        }
        for (Node node : nodes) {
            if (node instanceof Host host && !node.outgoing().isEmpty()) {
                Node root = node.outgoing().size() == 1 ? node.outgoing().get(0).to() : node;
                searchFrom[root.index] = true;
                if (root != node) {
                    if (leavesAt.get(root.index) == null) {
                        leavesAt.set(root.index, new ArrayList<>());
                    }
                    leavesAt.get(root.index).add(host);
                }
            }
        }
        for (Node root : nodes) {
            if (!searchFrom[root.index]) {
                continue;
            }
            searchBackwardsFrom(root);
            if (root instanceof Host host && root.outgoing().size() != 1) {
                learnAll(branching, host, root);
            }
            List<Host> leaves = leavesAt.get(root.index);
            for (int k = 0; leaves != null && k < leaves.size(); k++) {
                Host leaf = leaves.get(k);
                root.learnRoute(leaf.address(), incoming[start[leaf.index]]); // its one link, towards the leaf
                learnAll(branching, leaf, root);
            }
        }
    }

    /** Every branching node reached by the last search, other than {@code root}, routes to {@code host} via it. */
    private void learnAll(List<Node> branching, Host host, Node root) {
        for (Node node : branching) {
            if (node != root && reached[node.index] == search) {
                node.learnRoute(host.address(), via[node.index]);
            }
        }
    }

    private void searchBackwardsFrom(Node root) {
        search++;
        reached[root.index] = search;
        int head = 0;
        int tail = 0;
        frontier[tail++] = root.index;
        while (head < tail) {
            int n = frontier[head++];
            for (int c = start[n]; c < start[n + 1]; c++) {
                Channel channel = incoming[c];
                int from = channel.from().index;
                if (reached[from] != search) {
                    reached[from] = search;
                    via[from] = channel;
                    frontier[tail++] = from;
                }
            }
        }
    }

    private void indexIncoming() {
        int n = nodes.size();
        start = new int[n + 1];
        for (Link l : links) {
            start[l.forward().to().index + 1]++;
            start[l.backward().to().index + 1]++;
        }
        for (int i = 0; i < n; i++) {
            start[i + 1] += start[i];
        }
        incoming = new Channel[start[n]];
        int[] fill = start.clone();
        for (Link l : links) {
            incoming[fill[l.forward().to().index]++] = l.forward();
            incoming[fill[l.backward().to().index]++] = l.backward();
        }
    }
}
