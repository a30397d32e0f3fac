package tcpsim.kernel.net;

/** Why a packet never reached its destination. */
public enum DropReason {
    /** The channel's drop-tail queue was full. */
    QUEUE_FULL,
    /** The channel's loss model lost it in transit. */
    LOSS,
    /** A node had no route to the destination address. */
    NO_ROUTE,
    /** A host received a packet addressed to someone else, or had no receiver attached. */
    NOT_DELIVERABLE
}
