package tcpsim.tcp;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The allowed state changes, written once: every edge of the RFC 9293 state diagram (3.3.2) with the events of
 * 3.10 that take it, under the cause strings the model reports (package-info lists them), plus the documented
 * departures. A departure names the profile switch that enables it; an edge without one is allowed under every
 * profile.
 *
 * <p>Departures from the RFC diagram: the FIN-WAIT-2 timeout (Linux tcp_fin_timeout, only with a non-zero
 * fin-wait-2-timeout); TIME-WAIT ended by an RST only without rfc1337 (RFC 1337 protection ignores it); TIME-WAIT
 * taken over by connect only with tw-reuse; a SYN reopening TIME-WAIT (RFC 9293 MAY-2 / RFC 6191, both profiles);
 * the crossing SYN,ACK of a simultaneous open completing SYN-RECEIVED (Linux tcp_validate_incoming, both
 * profiles); a SYN-RECEIVED child returns to LISTEN and is then discarded (LISTEN -&gt; CLOSED "discarded"); a
 * connection that would enter TIME-WAIT with its host's buckets all taken goes to CLOSED (max-tw-buckets); an ACK
 * carrying a valid SYN cookie makes a connection that goes from LISTEN straight to ESTABLISHED (syncookies).
 */
final class Transitions {
    record Edge(TcpState from, TcpState to, String cause, Predicate<TcpProfile> when) { }

    static final List<Edge> ALL = new ArrayList<>();

    private static void edge(TcpState from, TcpState to, String... causes) {
        for (String c : causes) {
            ALL.add(new Edge(from, to, c, p -> true));
        }
    }

    private static void edgeIf(Predicate<TcpProfile> when, TcpState from, TcpState to, String cause) {
        ALL.add(new Edge(from, to, cause, when));
    }

    static {
        TcpState closed = TcpState.CLOSED;
        edge(closed, TcpState.SYN_SENT, "connect");
        edge(TcpState.LISTEN, TcpState.SYN_RECEIVED, "syn");
        edge(TcpState.LISTEN, closed, "discarded");
        edgeIf(TcpProfile::syncookies, TcpState.LISTEN, TcpState.ESTABLISHED, "syn cookie");
        edge(TcpState.SYN_SENT, TcpState.SYN_RECEIVED, "simultaneous open");
        edge(TcpState.SYN_SENT, TcpState.ESTABLISHED, "syn-ack");
        edge(TcpState.SYN_SENT, closed, "close", "rst", "abort", "syn retries exhausted");
        edge(TcpState.SYN_RECEIVED, TcpState.ESTABLISHED, "ack", "syn-ack");
        edge(TcpState.SYN_RECEIVED, TcpState.FIN_WAIT_1, "close");
        edge(TcpState.SYN_RECEIVED, TcpState.CLOSE_WAIT, "fin");
        edge(TcpState.SYN_RECEIVED, TcpState.LISTEN, "rst", "syn");
        edge(TcpState.SYN_RECEIVED, closed, "rst", "abort", "listener closed", "syn-ack retries exhausted");
        edge(TcpState.ESTABLISHED, TcpState.FIN_WAIT_1, "close");
        edge(TcpState.ESTABLISHED, TcpState.CLOSE_WAIT, "fin");
        edge(TcpState.ESTABLISHED, closed, "rst", "abort", "data retries exhausted");
        edge(TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2, "ack of fin");
        edge(TcpState.FIN_WAIT_1, TcpState.CLOSING, "fin");
        edge(TcpState.FIN_WAIT_1, TcpState.TIME_WAIT, "fin");
        // "syn-ack retries exhausted": closed in SYN-RECEIVED, the SYN-ACK was never acknowledged
        edge(TcpState.FIN_WAIT_1, closed, "rst", "abort", "fin retries exhausted", "syn-ack retries exhausted");
        edge(TcpState.FIN_WAIT_2, TcpState.TIME_WAIT, "fin");
        edge(TcpState.FIN_WAIT_2, closed, "rst", "abort");
        edgeIf(p -> p.finWait2Timeout() > 0, TcpState.FIN_WAIT_2, closed, "fin-wait-2 timeout");
        edge(TcpState.CLOSE_WAIT, TcpState.LAST_ACK, "close");
        edge(TcpState.CLOSE_WAIT, closed, "rst", "abort", "data retries exhausted");
        edge(TcpState.CLOSING, TcpState.TIME_WAIT, "ack of fin");
        edge(TcpState.CLOSING, closed, "rst", "abort", "fin retries exhausted");
        edge(TcpState.LAST_ACK, closed, "ack of fin", "rst", "abort", "fin retries exhausted");
        edge(TcpState.TIME_WAIT, closed, "time-wait expired", "abort", "reopened by syn");
        edgeIf(p -> !p.rfc1337(), TcpState.TIME_WAIT, closed, "rst");
        edgeIf(TcpProfile::twReuse, TcpState.TIME_WAIT, closed, "tw-reuse");
        for (TcpState from : List.of(TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2, TcpState.CLOSING)) {
            edgeIf(p -> p.maxTwBuckets() > 0, from, closed, TcpStack.TIME_WAIT_OVERFLOW);
        }
    }

    private Transitions() {
    }

    /** Whether {@code from -> to} is an edge of the diagram for some cause. */
    static boolean isEdge(TcpState from, TcpState to) {
        for (Edge e : ALL) {
            if (e.from == from && e.to == to) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code from -> to} for {@code cause} is allowed under {@code profile}. */
    static boolean allowed(TcpState from, TcpState to, String cause, TcpProfile profile) {
        for (Edge e : ALL) {
            if (e.from == from && e.to == to && e.cause.equals(cause) && e.when.test(profile)) {
                return true;
            }
        }
        return false;
    }
}
