package tcpsim.kernel.net;

/** What links carry. The kernel looks only at the addresses (to route) and the size (to time serialisation). */
public interface Packet {
    /** Source IPv4 address. */
    int source();

    /** Destination IPv4 address. */
    int destination();

    /** Size on the wire in bytes, network-layer headers included. */
    int sizeBytes();
}
