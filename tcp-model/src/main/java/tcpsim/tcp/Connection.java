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

    /**
     * What an observer keeps with this connection ({@link #attach}), null until it attaches something: Linux's
     * {@code sk_user_data}. The model never reads it; it spares a metrics observer a map from connection ids to its
     * records, a look-up per callback and a slot per connection in TIME_WAIT. It has room for one observer's data, so
     * observers must not share it (in tcpsim, the experiments' recorder owns it).
     */
    Object attachment();

    /** Sets {@link #attachment()}. */
    void attach(Object attachment);
}
