package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcpsim.tcp.TestNet.ms;
import static tcpsim.tcp.TestNet.s;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The profiles' values and their analytic schedules (issue 3, "Profiles"). */
class TcpProfileTest {

    static long[] seconds(long... v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = s(v[i]);
        }
        return out;
    }

    @Test
    void linux_values() {
        TcpProfile p = TcpProfile.linux();
        assertEquals("linux", p.name());
        assertEquals(s(1), p.initialRto());
        assertEquals(ms(200), p.minRto());
        assertEquals(s(120), p.maxRto());
        assertEquals(6, p.synRetries());
        assertEquals(4, p.synLinearTimeouts());
        assertEquals(5, p.synAckRetries());
        assertEquals(s(60), p.timeWait());
        assertEquals(s(60), p.finWait2Timeout());
        assertEquals(32768, p.ephemeralPortMin());
        assertEquals(60999, p.ephemeralPortMax());
        assertEquals(ms(40), p.delayedAck());
        assertEquals(10, p.initialWindow());
        assertFalse(p.rfc1337(), "Linux tcp_rfc1337 defaults to 0");
        assertFalse(p.twReuse(), "tw-reuse is an option, off by default");
        assertEquals(ms(200), p.rttvarMin(), "Linux keeps the RTTVAR term at tcp_rto_min");
        assertTrue(p.linuxQuirks());
        assertEquals(ms(500), p.invalidRatelimit(), "tcp_invalid_ratelimit");
    }

    @Test
    void linux_synSchedule_linearThenExponential_giveUpAt131s() {
        TcpProfile p = TcpProfile.linux();
        assertArrayEquals(seconds(0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 67), p.synSchedule());
        assertEquals(s(131), p.synGiveUp());
    }

    @Test
    void linux_noLinearTimeouts_classicSchedule_giveUpAt127s() {
        TcpProfile p = TcpProfile.linux().toBuilder().set(TcpParameter.SYN_LINEAR_TIMEOUTS, 0).build();
        assertArrayEquals(seconds(0, 1, 3, 7, 15, 31, 63), p.synSchedule());
        assertEquals(s(127), p.synGiveUp());
    }

    @Test
    void linux_synAckSchedule() {
        assertArrayEquals(seconds(0, 1, 3, 7, 15, 31), TcpProfile.linux().synAckSchedule());
        assertEquals(s(63), TcpProfile.linux().synAckGiveUp(), "the timer after the 5th retransmission (32 s)");
    }

    @Test
    void rfc9293_values() {
        TcpProfile p = TcpProfile.rfc9293();
        assertEquals("rfc9293", p.name());
        assertEquals(s(240), p.timeWait(), "2 MSL with MSL = 2 min");
        assertEquals(s(1), p.minRto(), "RFC 6298 2.4");
        assertEquals(s(1), p.initialRto(), "RFC 6298 2.1");
        assertTrue(p.synGiveUp() >= s(180), "MUST-23: SYN retransmission for at least 3 minutes");
        assertArrayEquals(seconds(0, 1, 3, 7, 15, 31, 63, 123), p.synSchedule());
        assertTrue(p.synGiveUp() > p.synSchedule()[p.synSchedule().length - 1]);
        assertEquals(0, p.rttvarMin(), "plain RFC 6298");
        assertFalse(p.linuxQuirks());
        assertEquals(0, p.invalidRatelimit());
    }

    @Test
    void issue10Mechanisms_onInLinux_offInRfc9293() {
        TcpProfile linux = TcpProfile.linux();
        TcpProfile rfc = TcpProfile.rfc9293();
        assertEquals(List.of(true, true, true, true),
                List.of(linux.tlp(), linux.retriesByTime(), linux.delayedFinAck(), linux.timestamps()));
        assertEquals(List.of(false, false, false, false),
                List.of(rfc.tlp(), rfc.retriesByTime(), rfc.delayedFinAck(), rfc.timestamps()));
        assertEquals(List.of(false, true), List.of(linux.reopenUndo(), rfc.reopenUndo()), "RFC 9293 MAY-2 (2)");
    }

    @Test
    void retriesTimeout_isLinuxTcpModelTimeout() {
        TcpProfile p = TcpProfile.linux();
        assertEquals(ms(102_200), p.retriesTimeout(8), "tcp_orphan_retries 0 means 8: (2^9 - 1) * 200 ms");
        assertEquals(ms(924_600), p.retriesTimeout(15), "tcp_retries2 15: 511 * 200 ms + 6 * 120 s");
        assertEquals(ms(200), p.retriesTimeout(0));
        assertEquals(ms(204_600), p.retriesTimeout(9), "the last doubling below max-rto (ilog2(600) = 9)");
        assertEquals(ms(324_600), p.retriesTimeout(10));
    }

    @Test
    void backoffIsCappedAtMaxRto() {
        TcpProfile p = TcpProfile.linux().toBuilder().set(TcpParameter.MAX_RTO, s(10))
                .set(TcpParameter.SYN_LINEAR_TIMEOUTS, 0).build();
        assertArrayEquals(seconds(0, 1, 3, 7, 15, 25, 35), p.synSchedule());
    }

    @Test
    void named_knownNames() {
        assertEquals(TcpProfile.linux(), TcpProfile.named("linux"));
        assertEquals(TcpProfile.rfc9293(), TcpProfile.named("rfc9293"));
    }

    @Test
    void named_unknownName_listsAllowedNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TcpProfile.named("bsd"));
        assertTrue(e.getMessage().contains("linux, rfc9293"), e.getMessage());
        assertTrue(e.getMessage().contains("bsd"), e.getMessage());
    }

    @Test
    void keys_contractOrder() {
        assertEquals(List.of("initial-rto", "min-rto", "max-rto", "syn-retries", "syn-linear-timeouts",
                "synack-retries", "data-retries", "fin-retries", "time-wait", "fin-wait-2-timeout",
                "ephemeral-port-min", "ephemeral-port-max", "delayed-ack", "mss", "initial-window", "receive-window",
                "rfc1337", "tw-reuse", "syn-backlog", "accept-backlog", "rttvar-min", "linux-quirks",
                "invalid-ratelimit", "dupthresh", "tlp", "retries-by-time", "delayed-fin-ack", "timestamps",
                "reopen-undo", "timer-hz", "max-tw-buckets", "syncookies"), TcpProfile.keys());
    }

    @Test
    void builder_roundTripAndOverride() {
        assertEquals(TcpProfile.linux(), TcpProfile.linux().toBuilder().build());
        TcpProfile p = TcpProfile.linux().toBuilder().set(TcpParameter.TIME_WAIT, s(30))
                .set(TcpParameter.EPHEMERAL_PORT_MIN, 40000)
                .set(TcpParameter.EPHEMERAL_PORT_MAX, 40003).set(TcpParameter.TW_REUSE, true).build();
        assertEquals(s(30), p.timeWait());
        assertTrue(p.twReuse());
        assertEquals(40000, p.ephemeralPortMin());
        assertEquals(40003, p.ephemeralPortMax());
        assertEquals(TcpProfile.linux().synGiveUp(), p.synGiveUp());
    }

    @Test
    void builder_rejectsInvalidRange() {
        assertThrows(IllegalArgumentException.class,
                () -> TcpProfile.linux().toBuilder().set(TcpParameter.EPHEMERAL_PORT_MIN, 50000)
                        .set(TcpParameter.EPHEMERAL_PORT_MAX, 40000).build());
        // the message names the config key
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TcpProfile.linux().toBuilder().set(TcpParameter.EPHEMERAL_PORT_MIN, 61000).build());
        assertTrue(e.getMessage().contains("ephemeral-port-min"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TcpProfile.linux().toBuilder().set(TcpParameter.MSS, 0)
                .build());
        assertTrue(e.getMessage().contains("mss"), e.getMessage());
    }

    @Test
    void declarations_everyParameterValidatedByItsRangeWithTheKeyAndTheValue() {
        for (TcpParameter p : TcpParameter.values()) {
            if (p.kind() == TcpParameter.Kind.BOOLEAN) {
                continue;
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TcpProfile.linux().toBuilder().set(p, p.min() - 1).build(), p.key());
            assertTrue(e.getMessage().startsWith(p.key() + " must be in "), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TcpProfile.linux().toBuilder().set(TcpParameter.MSS, 65496).build());
        assertEquals("mss must be in 1..65495 bytes, got 65496 bytes", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TcpProfile.linux().toBuilder().set(TcpParameter.TIME_WAIT, -1).build());
        assertTrue(e.getMessage().startsWith("time-wait must be in 0"), e.getMessage());
    }

    @Test
    void declarations_theNamedProfilesAreTheTablesColumns() {
        for (String name : TcpParameter.PROFILES) {
            TcpProfile p = TcpProfile.named(name);
            for (TcpParameter t : TcpParameter.values()) {
                assertEquals(t.defaultIn(name), p.value(t), name + " " + t.key());
            }
        }
        assertEquals(TcpParameter.values().length, TcpProfile.keys().size());
        assertEquals(TcpParameter.TIME_WAIT, TcpParameter.of("time-wait"));
        assertEquals(null, TcpParameter.of("time_wait"));
    }

    @Test
    void builder_setChecksTheKindAndLeavesTheSourceAlone() {
        TcpProfile.Builder linux = TcpProfile.linux().toBuilder();
        assertThrows(IllegalArgumentException.class, () -> linux.set(TcpParameter.TW_REUSE, 1));
        assertThrows(IllegalArgumentException.class, () -> linux.set(TcpParameter.MSS, true));
        TcpProfile.Builder b = TcpProfile.linux().toBuilder().set(TcpParameter.TW_REUSE, true);
        TcpProfile first = b.build();
        b.set(TcpParameter.TW_REUSE, false);
        assertTrue(first.twReuse(), "a built profile does not change with its builder");
        assertTrue(first.flag(TcpParameter.TW_REUSE));
        assertFalse(TcpProfile.linux().twReuse());
        assertEquals(TcpProfile.linux().hashCode(), TcpProfile.linux().toBuilder().build().hashCode());
    }

    @Test
    void isnFixed_successiveValuesPerTcp() {
        TestNet t = TestNet.builder().isnSource(IsnSource.fixed(7, 9)).build();
        t.listen();
        t.connect();
        t.runUntil(ms(50));
        assertEquals(List.of("0 client>server SYN 7", "25 server>client SYN,ACK 9 8", "50 client>server ACK 8 10"),
                t.wire());
    }
}
