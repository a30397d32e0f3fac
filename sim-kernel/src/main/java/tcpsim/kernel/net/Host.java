package tcpsim.kernel.net;

/** An end host with one IPv4 address. Packets addressed to it go to its receiver (the transport layer). */
public final class Host extends Node {
    private final int address;
    private PacketReceiver receiver;

    Host(Network network, String name, int index, int address) {
        super(network, name, index);
        this.address = address;
    }

    public int address() {
        return address;
    }

    public void setReceiver(PacketReceiver receiver) {
        this.receiver = receiver;
    }

    /** Sends a packet originated here. */
    public void send(Packet packet) {
        forward(packet);
    }

    @Override
    void receive(Packet packet, Channel channel) {
        if (packet.destination() != address || receiver == null) {
            network().notifyDrop(network().simulation().now(), this, null, packet, DropReason.NOT_DELIVERABLE);
            return;
        }
        receiver.receive(packet);
    }

    @Override
    public String toString() {
        return name() + "(" + Ipv4.format(address) + ")";
    }
}
