package tcpsim.tcp;

import tcpsim.kernel.net.Host;

/** Observer of the TCP model. All methods are no-ops by default; the model emits, it never computes metrics. */
public interface TcpObserver {
    /** Every state change of every connection, exactly once per change, with a short cause. */
    default void onStateChange(long time, Connection c, TcpState from, TcpState to, String cause) {
    }

    /** {@code c} is null when no connection sent it, e.g. RST to a closed port. */
    default void onSegmentSent(long time, Host host, Connection c, Segment s) {
    }

    /** {@code c} is null when no connection matched (a listener or no one handles it). */
    default void onSegmentReceived(long time, Host host, Connection c, Segment s) {
    }

    /** TCP itself ignored the segment (e.g. SYN queue full, unacceptable segment). {@code c} may be null. */
    default void onSegmentDiscarded(long time, Host host, Connection c, Segment s, String why) {
    }

    default void onClosed(long time, Connection c, CloseReason reason) {
    }
}
