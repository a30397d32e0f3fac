package tcpsim.tcp;

/** The application's handle on one connection (RFC 9293 3.10 user calls). */
public interface TcpSocket extends Connection {
    void setCallbacks(SocketCallbacks callbacks);

    /** SEND: queue this many payload bytes. Ignored once the connection is closing or closed. */
    void send(long bytes);

    /** CLOSE (RFC 9293 3.10.4). */
    void close();

    /** ABORT (RFC 9293 3.10.5). */
    void abort();
}
