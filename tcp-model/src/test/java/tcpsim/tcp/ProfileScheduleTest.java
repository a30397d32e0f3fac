package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tcpsim.kernel.Time;

class ProfileScheduleTest {
    private static long[] seconds(long... s) {
        return Arrays.stream(s).map(Time::seconds).toArray();
    }

    @Test
    void linuxSynScheduleHasFourLinearTimeoutsAndFailsAt131s() {
        TcpProfile p = TcpProfile.linux();
        assertArrayEquals(seconds(0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 67), p.synSchedule());
        assertEquals(Time.seconds(131), p.synGiveUp());
    }

    @Test
    void linuxWithoutLinearTimeoutsIsTheClassicSchedule() {
        TcpProfile p = TcpProfile.linux().toBuilder().synLinearTimeouts(0).build();
        assertArrayEquals(seconds(0, 1, 3, 7, 15, 31, 63), p.synSchedule());
        assertEquals(Time.seconds(127), p.synGiveUp());
    }

    @Test
    void linuxSynAckSchedule() {
        assertArrayEquals(seconds(0, 1, 3, 7, 15, 31), TcpProfile.linux().synAckSchedule());
        assertEquals(Time.seconds(63), TcpProfile.linux().synAckGiveUp());
    }

    @Test
    void rfc9293RetriesSynsForAtLeastThreeMinutes() {
        TcpProfile p = TcpProfile.rfc9293();
        assertTrue(p.synGiveUp() >= Time.seconds(180), Time.format(p.synGiveUp()));
        assertArrayEquals(seconds(0, 1, 3, 7, 15, 31, 63, 123), p.synSchedule());
        assertEquals(Time.seconds(240), p.timeWait());
        assertEquals(Time.seconds(1), p.minRto());
    }

    @Test
    void linuxValues() {
        TcpProfile p = TcpProfile.linux();
        assertEquals(Time.seconds(1), p.initialRto());
        assertEquals(Time.millis(200), p.minRto());
        assertEquals(Time.seconds(120), p.maxRto());
        assertEquals(Time.seconds(60), p.timeWait());
        assertEquals(Time.seconds(60), p.finWait2Timeout());
        assertEquals(32768, p.ephemeralPortMin());
        assertEquals(60999, p.ephemeralPortMax());
        assertEquals(Time.millis(40), p.delayedAck());
        assertEquals(10, p.initialWindow());
        assertEquals(5, p.synAckRetries());
        assertEquals(Time.millis(200), p.rttvarMin());
        assertTrue(p.linuxQuirks());
        assertTrue(!TcpProfile.rfc9293().linuxQuirks());
        assertEquals(0, TcpProfile.rfc9293().rttvarMin());
    }

    @Test
    void backoffIsCappedAtMaxRto() {
        TcpProfile p = TcpProfile.linux().toBuilder().maxRto(Time.seconds(10)).synLinearTimeouts(0).build();
        assertArrayEquals(seconds(0, 1, 3, 7, 15, 25, 35), p.synSchedule());
    }

    @Test
    void keysAreTheContractsInOrder() {
        assertEquals(List.of("initial-rto", "min-rto", "max-rto", "syn-retries", "syn-linear-timeouts",
                "synack-retries", "data-retries", "fin-retries", "time-wait", "fin-wait-2-timeout",
                "ephemeral-port-min", "ephemeral-port-max", "delayed-ack", "mss", "initial-window", "receive-window",
                "rfc1337", "tw-reuse", "syn-backlog", "accept-backlog", "rttvar-min", "linux-quirks",
                "invalid-ratelimit"), TcpProfile.keys());
    }

    @Test
    void namedAndBuilder() {
        assertEquals(TcpProfile.linux(), TcpProfile.named("linux"));
        assertEquals(TcpProfile.rfc9293(), TcpProfile.named("rfc9293"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TcpProfile.named("bsd"));
        assertTrue(e.getMessage().contains("linux, rfc9293"), e.getMessage());
        TcpProfile p = TcpProfile.linux().toBuilder().timeWait(Time.seconds(5)).twReuse(true).build();
        assertEquals(Time.seconds(5), p.timeWait());
        assertTrue(p.twReuse());
        assertEquals(TcpProfile.linux(), TcpProfile.linux().toBuilder().build());
    }

    @Test
    void invalidValuesAreRejectedWithTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TcpProfile.linux().toBuilder().ephemeralPortMin(61000).build());
        assertTrue(e.getMessage().contains("ephemeral-port-min"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TcpProfile.linux().toBuilder().mss(0).build());
        assertTrue(e.getMessage().contains("mss"), e.getMessage());
    }
}
