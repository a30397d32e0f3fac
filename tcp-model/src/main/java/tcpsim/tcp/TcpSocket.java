package tcpsim.tcp;

/** The application's handle on one connection (RFC 9293 3.10 user calls). */
public interface TcpSocket extends Connection {
    void setCallbacks(SocketCallbacks callbacks);

    /** SEND: queue this many payload bytes. Ignored once the connection is closing or closed. */
    void send(long bytes);

    /**
     * CLOSE (RFC 9293 3.10.4): no more data will be sent; the FIN follows the queued data. What the peer still sends
     * is delivered (onData) until its FIN. Entering FIN_WAIT_1 (or LAST_ACK from CLOSE_WAIT) happens at once; in
     * SYN_SENT the connection just ends (NORMAL).
     */
    void close();

    /** ABORT (RFC 9293 3.10.5): RST where the RFC says so, then CLOSED with reason ABORTED. */
    void abort();
}
