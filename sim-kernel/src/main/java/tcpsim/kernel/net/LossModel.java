package tcpsim.kernel.net;

/**
 * Decides which packets a channel loses in transit. Consulted exactly once for each packet the channel's queue
 * accepts, in the order the channel accepts them.
 */
@FunctionalInterface
public interface LossModel {
    LossModel NONE = packet -> false;

    boolean isLost(Packet packet);

    /** Lost when either model loses it; both models see every packet, so each keeps its own count. */
    default LossModel or(LossModel other) {
        LossModel self = this;
        return packet -> self.isLost(packet) | other.isLost(packet);
    }
}
