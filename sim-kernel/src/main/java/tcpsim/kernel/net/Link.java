package tcpsim.kernel.net;

/** A duplex point-to-point link: two independent channels, one per direction. */
public final class Link {
    private final Channel forward;
    private final Channel backward;

    Link(Channel forward, Channel backward) {
        this.forward = forward;
        this.backward = backward;
    }

    /** The channel from the first node given to {@link Network#connect} to the second. */
    public Channel forward() {
        return forward;
    }

    /** The channel from the second node to the first. */
    public Channel backward() {
        return backward;
    }

    /** The channel that leaves {@code node}. */
    public Channel from(Node node) {
        if (forward.from() == node) {
            return forward;
        }
        if (backward.from() == node) {
            return backward;
        }
        throw new IllegalArgumentException(node + " is not an end of this link");
    }
}
