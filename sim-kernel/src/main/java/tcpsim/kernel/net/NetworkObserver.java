package tcpsim.kernel.net;

/**
 * Sees every packet event in a network, synchronously, at the simulated time it happens. Captures, traces and
 * metrics hang on this. All methods default to doing nothing.
 */
public interface NetworkObserver {
    /** {@code node} hands {@code packet} to {@code channel}. */
    default void onSend(long time, Channel channel, Packet packet) {
    }

    /** The channel accepted the packet; {@code waiting} packets (this one included) wait behind the wire. */
    default void onEnqueue(long time, Channel channel, Packet packet, int waiting) {
    }

    /**
     * The packet is gone. {@code channel} is the channel that dropped it, or null when a node dropped it
     * ({@link DropReason#NO_ROUTE}, {@link DropReason#NOT_DELIVERABLE}).
     */
    default void onDrop(long time, Node node, Channel channel, Packet packet, DropReason reason) {
    }

    /** The packet arrived at the far end of {@code channel}. */
    default void onDeliver(long time, Channel channel, Packet packet) {
    }
}
