package tcpsim.tcp;

import tcpsim.kernel.net.Ipv4;

/** The identity of a connection as seen from one end: local address and port, remote address and port. */
public record FourTuple(int localAddress, int localPort, int remoteAddress, int remotePort) {

    /**
     * The demultiplexing key of a tuple within one host (the local address is the host's): remote address in the
     * high 32 bits, then local port and remote port (16 bits each).
     */
    static long key(int remoteAddress, int localPort, int remotePort) {
        return ((long) remoteAddress << 32) | ((long) (localPort & 0xffff) << 16) | (remotePort & 0xffff);
    }

    @Override
    public String toString() {
        return Ipv4.format(localAddress) + ":" + localPort + "-" + Ipv4.format(remoteAddress) + ":" + remotePort;
    }
}
