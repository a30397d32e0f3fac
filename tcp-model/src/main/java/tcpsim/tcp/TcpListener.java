package tcpsim.tcp;

/** A passive OPEN on one local port. */
public interface TcpListener {
    int port();

    /** Stops listening: embryonic connections are dropped silently, established but unaccepted ones reset. */
    void close();

    /**
     * Whether established connections are handed to the application at once (the default). When false they wait
     * in the accept queue (bounded by the backlog) until accepting is switched on again; a full accept queue makes
     * the listener drop new SYNs and third ACKs, as Linux does.
     */
    default void setAccepting(boolean accepting) {
        throw new UnsupportedOperationException();
    }

    /** Connections in SYN_RECEIVED created by this listener. */
    default int synQueueLength() {
        return 0;
    }

    /** Established connections not yet handed to the application. */
    default int acceptQueueLength() {
        return 0;
    }
}
