package tcpsim.tcp;

import tcpsim.kernel.net.Host;

/** Read-only view of one connection, valid across its whole life (also while shrunk to a TIME_WAIT record). */
public interface Connection {
    /** Unique per {@link Tcp}, assigned in creation order from 1. */
    long id();

    Host host();

    FourTuple tuple();

    TcpState state();

    /** True for a connection created by connect (active OPEN), false for one created by a listener. */
    boolean activeOpen();
}
