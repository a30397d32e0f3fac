package tcpsim.experiments.sim;

/**
 * How a connection ended, from the client's point of view: the {@code outcome} cell of connections.csv and,
 * counted per sweep point, the outcome columns of summary.csv (in this order).
 */
public enum Outcome {
    /** Established and ended in order. */
    OK("ok"),
    /** The server answered the SYN with a RST (nothing listening). */
    REFUSED("refused"),
    /** Reset or aborted after the SYN was answered. */
    RESET("reset"),
    /** The handshake's retransmissions were exhausted (or a connection never finished). */
    TIMEOUT("timeout"),
    /** {@code connect} found no free ephemeral port to the destination. */
    PORT_EXHAUSTED("port-exhausted"),
    /** Still open when the run stopped at one of its limits ({@code limits.*}): neither ok nor failed. */
    INCOMPLETE("incomplete");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    /** The name written in connections.csv, e.g. {@code port-exhausted}. */
    public String label() {
        return label;
    }

    /** The summary column counting this outcome, e.g. {@code port_exhausted}. */
    public String column() {
        return label.replace('-', '_');
    }
}
