package tcpsim.tcp;

/** Why a connection reached CLOSED. */
public enum CloseReason {
    /** Orderly end: the close handshake completed (including the end of TIME_WAIT), or the user closed early. */
    NORMAL,
    /** The active open was answered by a reset (a closed port, or a reset in SYN_RECEIVED after an active open). */
    REFUSED,
    /** The peer reset an open connection. */
    RESET,
    /** Retransmissions (SYN, SYN-ACK, data or FIN) ran out of retries, or FIN_WAIT_2 timed out. */
    TIMEOUT,
    /** connect found no free ephemeral port toward the destination. */
    PORT_EXHAUSTED,
    /** The local application called abort(), or its listener closed before accepting the connection. */
    ABORTED
}
