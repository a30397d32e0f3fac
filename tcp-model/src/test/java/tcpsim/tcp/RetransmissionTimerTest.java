package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tcpsim.kernel.Simulation;
import tcpsim.kernel.Time;
import tcpsim.kernel.net.ChannelSpec;
import tcpsim.kernel.net.Host;
import tcpsim.kernel.net.Ipv4;
import tcpsim.kernel.net.Network;

/**
 * The lazily re-armed retransmission timer expires exactly when, and in the order among equal-time events, that a
 * cancel and a new schedule at each restart would give. A client's SYNs go to a host without TCP (never
 * answered), so every expiry shows as a retransmitted SYN with its time; events logged at the same instant show the
 * order.
 */
class RetransmissionTimerTest {
    private static final long MS = Time.MILLISECOND;

    private Simulation sim;
    private TcpConnection c;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void connect() {
        sim = new Simulation(1);
        Network net = new Network(sim);
        Host client = net.addHost("client", Ipv4.parse("10.0.0.1"));
        Host server = net.addHost("server", Ipv4.parse("10.0.0.2"));
        net.connect(client, server, ChannelSpec.latency(MS), ChannelSpec.latency(MS));
        net.computeRoutes();
        Tcp tcp = new Tcp(net, TestNet.exactLinux(), (host, tuple, now) -> 1000);
        tcp.addObserver(new TcpObserver() {
            @Override
            public void onSegmentSent(long time, Host host, Connection conn, Segment s) {
                log.add("syn@" + time / MS);
            }
        });
        c = (TcpConnection) tcp.install(client).connect(server.address(), 80, null);
        log.clear(); // the first SYN, at 0; its timer runs to 1 s (linux initial RTO)
    }

    private void at(long ms, Runnable r) {
        sim.scheduleAt(ms * MS, r::run);
    }

    private void mark(long ms, String name) {
        at(ms, () -> log.add(name + "@" + ms));
    }

    @Test
    void aRestartForALaterDeadlineExpiresThereInTheRestartsPlace() {
        mark(1500, "scheduled before the restart");
        at(500, () -> c.tcb.retransmit.start(1000 * MS)); // deadline 1.5 s
        at(700, () -> mark(1500, "scheduled after the restart"));
        sim.runUntil(2000 * MS);
        assertEquals(List.of("scheduled before the restart@1500", "syn@1500", "scheduled after the restart@1500"),
                log);
    }

    @Test
    void aRestartForTheSameDeadlineMovesOnlyItsPlace() {
        at(0, () -> mark(1000, "scheduled before the restart"));
        at(200, () -> c.tcb.retransmit.start(800 * MS)); // deadline still 1 s, but a later place
        at(300, () -> mark(1000, "scheduled after the restart"));
        sim.runUntil(1500 * MS);
        assertEquals(List.of("scheduled before the restart@1000", "syn@1000", "scheduled after the restart@1000"),
                log);
    }

    @Test
    void aRestartForAnEarlierDeadlineExpiresEarlier() {
        at(500, () -> c.tcb.retransmit.start(200 * MS)); // 0.7 s, before the pending 1 s
        sim.runUntil(900 * MS);
        assertEquals(List.of("syn@700"), log);
    }

    @Test
    void aStoppedTimerNeverExpiresEvenAfterARestart() {
        at(500, () -> c.tcb.retransmit.start(1000 * MS));
        at(600, () -> c.tcb.retransmit.stop());
        sim.runUntil(10_000 * MS);
        assertEquals(List.of(), log);
        assertFalse(c.tcb.retransmit.isRunning());
    }

    @Test
    void aTimerStoppedAndStartedAgainExpiresAtItsNewDeadlineOnly() {
        at(500, () -> c.tcb.retransmit.stop()); // the kernel event stays for 1 s and then finds the timer off
        at(1200, () -> c.tcb.retransmit.start(1000 * MS));
        sim.runUntil(2500 * MS);
        assertEquals(List.of("syn@2200"), log);
    }

    /**
     * The loss probe runs in place of the retransmission timer on the same kernel event; each switch takes its
     * place among equal-time events when it is made, as a cancel and a new schedule would.
     */
    @Test
    void switchingBetweenTheTwoTimersKeepsEachRestartsPlace() {
        at(200, () -> {
            c.tcb.retransmit.stop();
            c.tcb.lossProbe.start(1000 * MS); // 1.2 s, after the pending 1 s: only noted
        });
        at(1050, () -> mark(1200, "scheduled before the switch back"));
        at(1100, () -> {
            assertTrue(c.tcb.lossProbe.isRunning());
            c.tcb.lossProbe.stop();
            c.tcb.retransmit.start(100 * MS); // 1.2 s again, in a later place than the probe's
        });
        at(1150, () -> mark(1200, "scheduled after the switch back"));
        sim.runUntil(1500 * MS);
        assertEquals(List.of("scheduled before the switch back@1200", "syn@1200",
                "scheduled after the switch back@1200"), log);
        assertFalse(c.tcb.lossProbe.isRunning());
    }

    @Test
    void aProbeDueBeforeThePendingEventExpiresInItsPlaceOfTheRetransmissionTimer() {
        at(200, () -> {
            c.tcb.retransmit.stop();
            c.tcb.lossProbe.start(100 * MS); // 0.3 s, before the pending 1 s (in SYN-SENT its expiry sends nothing)
        });
        at(400, () -> {
            assertFalse(c.tcb.lossProbe.isRunning());
            assertFalse(c.tcb.retransmit.isRunning());
            c.tcb.retransmit.start(600 * MS);
        });
        sim.runUntil(1500 * MS);
        assertEquals(List.of("syn@1000"), log);
    }

    @Test
    void successiveRestartsExpireAtTheLastDeadlineOnce() {
        for (long t = 100; t <= 900; t += 100) {
            long at = t;
            at(at, () -> c.tcb.retransmit.start(1000 * MS));
        }
        sim.runUntil(2800 * MS); // the SYN schedule goes on from there: the next SYN at 2.9 s (linux, linear)
        assertEquals(List.of("syn@1900"), log);
    }
}
