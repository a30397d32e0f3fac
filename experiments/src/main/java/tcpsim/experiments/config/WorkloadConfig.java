package tcpsim.experiments.config;

/**
 * What the clients and servers do.
 *
 * @param arrivals when connections open
 * @param connections how many connections to open at most; 0 = no limit (open until {@code duration})
 * @param requestBytes bytes the client sends after the handshake
 * @param responseBytes bytes the server answers once it has the whole request
 * @param close which side closes first
 * @param serverCloseDelay how long the server application waits in CLOSE_WAIT before it closes, ns;
 *        {@link Units#NEVER} = it never closes
 * @param serverPort the port the servers listen on
 */
public record WorkloadConfig(Arrivals arrivals, long connections, long requestBytes, long responseBytes,
        CloseMode close, long serverCloseDelay, int serverPort) {
}
