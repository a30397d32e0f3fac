package tcpsim.tcp;

/** The eleven connection states of RFC 9293 section 3.3.2. */
public enum TcpState {
    CLOSED,
    LISTEN,
    SYN_SENT,
    SYN_RECEIVED,
    ESTABLISHED,
    FIN_WAIT_1,
    FIN_WAIT_2,
    CLOSE_WAIT,
    CLOSING,
    LAST_ACK,
    TIME_WAIT;

    /** The RFC's spelling, e.g. {@code SYN-SENT}. */
    public String rfcName() {
        return name().replace('_', '-');
    }

    /** States in which the connection is synchronized (RFC 9293 3.5.2 groups resets by this). */
    public boolean isSynchronized() {
        return switch (this) {
            case CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED -> false;
            case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT -> true;
        };
    }
}
