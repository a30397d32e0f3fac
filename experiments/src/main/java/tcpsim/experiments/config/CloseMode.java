package tcpsim.experiments.config;

/** Which side closes first once the response is delivered. */
public enum CloseMode {
    /** The client closes once it has the whole response; the server closes on the client's FIN. */
    CLIENT_FIRST("client-first"),
    /** The server closes right after sending the response (HTTP/1.0 style); the client closes on its FIN. */
    SERVER_FIRST("server-first"),
    /** Both close at the instant the client has the whole response, so the FINs cross. */
    SIMULTANEOUS("simultaneous"),
    /**
     * Half-close: the client calls shutdown(SHUT_WR) once it has the whole response, so its FIN_WAIT_2 is never
     * timed out while it keeps the socket (Linux), and close() when the server's FIN arrives; the server closes on
     * the client's FIN as in client-first.
     */
    CLIENT_SHUTDOWN("client-shutdown");

    private final String key;

    CloseMode(String key) {
        this.key = key;
    }

    /** The config spelling. */
    public String key() {
        return key;
    }

    public static CloseMode of(String key) {
        for (CloseMode m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("'" + key + "' is not a close mode; allowed: client-first, server-first,"
                + " simultaneous, client-shutdown");
    }
}
