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

    /**
     * Linux shutdown(SHUT_WR) (issue 10): ends the sending direction as {@link #close} does, but the application
     * keeps the socket, so FIN_WAIT_2 waits for the peer's FIN with no fin-wait-2 timeout (Linux times out only
     * orphaned sockets). A later {@link #close} in FIN_WAIT_2 orphans it and starts the timeout from then.
     */
    void shutdown();

    /** ABORT (RFC 9293 3.10.5): RST where the RFC says so, then CLOSED with reason ABORTED. */
    void abort();
}
