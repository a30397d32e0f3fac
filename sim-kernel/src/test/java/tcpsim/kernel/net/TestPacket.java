package tcpsim.kernel.net;

record TestPacket(int source, int destination, int sizeBytes, long id) implements Packet {
}
