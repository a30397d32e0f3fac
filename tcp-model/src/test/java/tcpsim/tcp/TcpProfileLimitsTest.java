package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import tcpsim.kernel.Time;
import tcpsim.tcp.TestNet.App;
import tcpsim.tcp.TestNet.Server;

/**
 * Model limits (issue 9 item 5): every profile key at both ends of its allowed range builds and runs a short
 * connection (open, transfer both ways, close) under both profiles with no exception and the invariants holding,
 * ending exactly as {@link #expected} says; just outside the range it is refused with a message naming the key.
 */
class TcpProfileLimitsTest {
    static final long DAY = TcpProfile.MAX_DURATION;
    static final int BYTES = 2000;

    /** One numeric parameter, driven through its declared range ({@link TcpParameter#min()}..{@code max()}). */
    record Key(TcpParameter p) {
        String name() {
            return p.key();
        }

        long min() {
            return p.min();
        }

        long max() {
            return p.max();
        }

        /**
         * Sets {@code v}; the companion of a pair that must stay ordered (min-rto <= max-rto, the ephemeral port
         * range) moves along inside its own range, so only the driven key can be out of range.
         */
        void set(TcpProfile.Builder b, long v) {
            TcpProfile now = b.build();
            switch (p) {
                case MIN_RTO -> b.set(TcpParameter.MAX_RTO, clamp(v, now.maxRto(), TcpParameter.MAX_RTO, true));
                case MAX_RTO -> b.set(TcpParameter.MIN_RTO, clamp(v, now.minRto(), TcpParameter.MIN_RTO, false));
                case EPHEMERAL_PORT_MIN -> b.set(TcpParameter.EPHEMERAL_PORT_MAX,
                        clamp(v, now.ephemeralPortMax(), TcpParameter.EPHEMERAL_PORT_MAX, true));
                case EPHEMERAL_PORT_MAX -> b.set(TcpParameter.EPHEMERAL_PORT_MIN,
                        clamp(v, now.ephemeralPortMin(), TcpParameter.EPHEMERAL_PORT_MIN, false));
                default -> { }
            }
            b.set(p, v);
        }

        @Override
        public String toString() {
            return name();
        }
    }

    /** The companion's value: {@code atLeast} companion >= v, else <= v, inside the companion's own range. */
    static long clamp(long v, long companion, TcpParameter of, boolean atLeast) {
        long c = atLeast ? Math.max(v, companion) : Math.min(v, companion);
        return Math.max(of.min(), Math.min(of.max(), c));
    }

    /** Every numeric parameter; the flags are driven by {@link #booleanKeys_bothValues_run}. */
    static final List<Key> KEYS = Arrays.stream(TcpParameter.values())
            .filter(p -> p.kind() != TcpParameter.Kind.BOOLEAN).map(Key::new).toList();

    /**
     * The documented failures at the ends of the ranges (anything else must complete NORMAL with exact data):
     * an RTO of 1 ns (initial-rto or max-rto at its minimum) gives up the SYN schedule long before any SYN-ACK can
     * come back over the 50 ms RTT, so connect fails with TIMEOUT ("syn retries exhausted"). Under {@code linux}'s
     * timer-hz 250 an initial-rto of 1 ns is one jiffy, and each SYN timer fires a tick after that (8 ms), so the
     * SYN-ACK comes back in time and the connection completes; with max-rto 1 ns (min-rto follows) the data's
     * retries-by-time limit is a few ns, over at the first retransmission.
     */
    static final Map<String, CloseReason> EXPECTED = Map.of(
            "initial-rto=1 on rfc9293", CloseReason.TIMEOUT,
            "max-rto=1 on rfc9293", CloseReason.TIMEOUT,
            "max-rto=1 on linux", CloseReason.TIMEOUT);

    static CloseReason expected(Case c) {
        return EXPECTED.getOrDefault(c.toString(), CloseReason.NORMAL);
    }

    record Case(Key key, long value, boolean linux) {
        @Override
        public String toString() {
            return key + "=" + value + " on " + (linux ? "linux" : "rfc9293");
        }
    }

    @Provide
    Arbitrary<Case> ends() {
        List<Case> cases = new ArrayList<>();
        for (Key k : KEYS) {
            for (boolean linux : new boolean[] {true, false}) {
                cases.add(new Case(k, k.min(), linux));
                cases.add(new Case(k, k.max(), linux));
            }
        }
        return Arbitraries.of(cases);
    }

    @Provide
    Arbitrary<Case> outside() {
        List<Case> cases = new ArrayList<>();
        for (Key k : KEYS) {
            for (boolean linux : new boolean[] {true, false}) {
                cases.add(new Case(k, k.min() - 1, linux));
                cases.add(new Case(k, k.max() + 1, linux));
            }
        }
        return Arbitraries.of(cases);
    }

    static TcpProfile base(boolean linux) {
        return linux ? TcpProfile.linux() : TcpProfile.rfc9293();
    }

    static TcpProfile with(Case c) {
        TcpProfile.Builder b = base(c.linux()).toBuilder();
        c.key().set(b, c.value());
        return b.build();
    }

    @Property(generation = GenerationMode.EXHAUSTIVE)
    void everyKey_atBothEndsOfItsRange_shortConnectionEndsAsDocumented(@ForAll("ends") Case c) {
        TcpProfile p = with(c);
        CloseReason want = expected(c);
        Run r = shortConnection(p);
        TestNet t = r.t;
        String ctx = c + "\n";
        assertTrue(t.inv.violations.isEmpty(), ctx + t.inv.violations);
        assertTrue(t.inv.unfinished().isEmpty(), ctx + "not CLOSED: " + t.inv.unfinished());
        assertEquals(0, t.sim.pendingEvents(), ctx + "events pending after every connection closed");
        assertEquals(want, r.client.reason, ctx + t.trace());
        if (want == CloseReason.NORMAL) {
            assertEquals(BYTES, r.client.received, ctx);
            assertEquals(1, r.server.accepted.size(), ctx);
            assertEquals(BYTES, r.server.accepted.get(0).received, ctx);
            assertEquals(CloseReason.NORMAL, r.server.accepted.get(0).reason, ctx);
        }
    }

    @Property(generation = GenerationMode.EXHAUSTIVE)
    void everyKey_justOutsideItsRange_refusedNamingTheKey(@ForAll("outside") Case c) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> with(c), c.toString());
        assertTrue(e.getMessage().contains(c.key().name()), c + ": " + e.getMessage());
    }

    @Property(generation = GenerationMode.EXHAUSTIVE)
    void booleanKeys_bothValues_run(@ForAll boolean linux, @ForAll boolean rfc1337, @ForAll boolean twReuse,
            @ForAll boolean quirks) {
        TcpProfile p = base(linux).toBuilder().set(TcpParameter.RFC1337, rfc1337).set(TcpParameter.TW_REUSE, twReuse)
                .set(TcpParameter.LINUX_QUIRKS, quirks).build();
        Run r = shortConnection(p);
        assertTrue(r.t.inv.unfinished().isEmpty());
        assertEquals(CloseReason.NORMAL, r.client.reason, r.t.trace());
        assertEquals(BYTES, r.client.received);
    }

    @Test
    void receiveWindowNear2pow31_refused_largestAnnounceableWindowRuns() {
        // issue 9: 2^31 - 1 used to be accepted and broke the ACK check (SND.UNA - MAX.SND.WND wrapped)
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TcpProfile.linux().toBuilder().set(TcpParameter.RECEIVE_WINDOW, Integer.MAX_VALUE).build());
        assertEquals("receive-window must be in 1..1073725440 bytes, got 2147483647 bytes", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Segment(1, 2, 3, 4, 0, 0, Segment.ACK,
                Segment.MAX_WINDOW + 1, 0, 0));
    }

    @Test
    void durationNearLongMax_refusedWithTheLimit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TcpProfile.linux().toBuilder().set(TcpParameter.TIME_WAIT, Long.MAX_VALUE).build());
        assertEquals("time-wait must be in 0 ns..86400 s, got 9223372036.854776 s", e.getMessage());
    }

    @Test
    void sendBeyondTheLongStreamLimit_refused() {
        TestNet t = TestNet.standard();
        App[] e = t.established();
        e[0].socket.send(Long.MAX_VALUE - 2);
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> e[0].socket.send(1));
        assertTrue(x.getMessage().contains("at most 9223372036854775805"), x.getMessage());
    }

    record Run(TestNet t, App client, Server server) { }

    /**
     * Open, {@link #BYTES} each way, close (the client first, the server when it has everything), run for the
     * bound of {@link HostileSegmentTest#bound} from the start.
     */
    static Run shortConnection(TcpProfile p) {
        TestNet t = TestNet.builder().profile(p).build();
        Server srv = t.listen();
        srv.setup = a -> a.whenData = (sock, n) -> {
            if (a.received == BYTES) {
                sock.send(BYTES);
                sock.close();
            }
        };
        App c = new App(t.sim);
        c.whenEstablished = sock -> sock.send(BYTES);
        c.whenPeerClosed = TcpSocket::close;
        c.socket = t.clientStack.connect(TestNet.SERVER_IP, TestNet.PORT, c);
        t.runUntil(HostileSegmentTest.bound(p, BYTES) + Time.seconds(1));
        return new Run(t, c, srv);
    }
}
