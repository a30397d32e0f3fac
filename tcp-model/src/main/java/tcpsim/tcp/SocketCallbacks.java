package tcpsim.tcp;

/** What a connection tells its application. All methods are no-ops by default. */
public interface SocketCallbacks {
    /** SocketCallbacks that do nothing. */
    SocketCallbacks NONE = new SocketCallbacks() {
    };

    /** An actively opened connection reached ESTABLISHED (a passive one is handed to ListenerCallbacks.onAccept). */
    default void onEstablished(TcpSocket s) {
    }

    /** In-order bytes delivered to the application. */
    default void onData(TcpSocket s, long newBytes) {
    }

    /** Every byte queued by send() so far is acknowledged. */
    default void onAllDataAcked(TcpSocket s) {
    }

    /** The peer's FIN arrived (we are now CLOSE_WAIT, CLOSING or TIME_WAIT). */
    default void onPeerClosed(TcpSocket s) {
    }

    /** The connection reached CLOSED (after TIME_WAIT too) or failed. Called exactly once. */
    default void onClosed(TcpSocket s, CloseReason reason) {
    }
}
