package tcpsim.kernel.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tcpsim.kernel.Simulation;
import tcpsim.kernel.Time;

class ChannelTimingTest {
    private static final int A = Ipv4.parse("10.0.0.1");
    private static final int B = Ipv4.parse("10.0.0.2");

    private Simulation sim;
    private Network net;
    private Host a;
    private Host b;
    private final List<String> arrivals = new ArrayList<>();
    private final List<String> drops = new ArrayList<>();

    @BeforeEach
    void setUp() {
        sim = new Simulation(1);
        net = new Network(sim);
        a = net.addHost("a", A);
        b = net.addHost("b", B);
        b.setReceiver(p -> arrivals.add(((TestPacket) p).id() + "@" + sim.now()));
        net.addObserver(new NetworkObserver() {
            @Override
            public void onDrop(long time, Node node, Channel channel, Packet packet, DropReason reason) {
                drops.add(((TestPacket) packet).id() + ":" + reason + "@" + time);
            }
        });
    }

    private void connect(ChannelSpec spec) {
        net.connect(a, b, spec, spec);
        net.computeRoutes();
    }

    private void sendAt(long time, int size, long id) {
        sim.scheduleAt(time, () -> a.send(new TestPacket(A, B, size, id)));
    }

    @Test
    void arrivalIsLatencyPlusSerialisationExactToTheNanosecond() {
        // 1000 bytes at 100 Mbit/s = 80 us on the wire, then 25 ms of propagation
        connect(ChannelSpec.latency(Time.millis(25)).withBandwidth(100_000_000L, 100));
        sendAt(0, 1000, 1);
        sim.run();
        assertEquals(List.of("1@" + (Time.millis(25) + 80_000)), arrivals);
    }

    @Test
    void serialisationRoundsUpToWholeNanoseconds() {
        // 1 byte at 3 bit/s: 8/3 s = 2.666...e9 ns, never faster than the wire
        connect(ChannelSpec.latency(0).withBandwidth(3, 10));
        sendAt(0, 1, 1);
        sim.run();
        assertEquals(List.of("1@2666666667"), arrivals);
    }

    @Test
    void packetsQueueBehindEarlierOnesOnTheWire() {
        connect(ChannelSpec.latency(Time.millis(1)).withBandwidth(8_000_000L, 100)); // 1 byte per us
        sendAt(0, 1000, 1);
        sendAt(0, 500, 2);
        sendAt(Time.micros(200), 100, 3);
        sendAt(Time.millis(10), 100, 4); // wire idle again by then
        sim.run();
        long ms = Time.millis(1);
        assertEquals(List.of(
                "1@" + (Time.micros(1000) + ms),
                "2@" + (Time.micros(1500) + ms),
                "3@" + (Time.micros(1600) + ms),
                "4@" + (Time.millis(10) + Time.micros(100) + ms)), arrivals);
    }

    @Test
    void tailDropWhenTheQueueLimitIsReached() {
        // one packet on the wire, two may wait, the fourth and fifth offered at once are dropped
        connect(ChannelSpec.latency(0).withBandwidth(8_000_000L, 2));
        for (int i = 1; i <= 5; i++) {
            sendAt(0, 1000, i);
        }
        // once the first two have left the wire (t = 2 ms) there is room again
        sendAt(Time.millis(2), 1000, 6);
        sim.run();
        assertEquals(List.of("4:QUEUE_FULL@0", "5:QUEUE_FULL@0"), drops);
        assertEquals(List.of("1@1000000", "2@2000000", "3@3000000", "6@4000000"), arrivals);
    }

    @Test
    void unlimitedBandwidthNeverQueues() {
        connect(new ChannelSpec(Time.millis(5), 0, false, 0, 0, LossModel.NONE));
        for (int i = 1; i <= 3; i++) {
            sendAt(0, 1500, i);
        }
        sim.run();
        assertEquals(List.of("1@5000000", "2@5000000", "3@5000000"), arrivals);
        assertTrue(drops.isEmpty());
    }

    /** Arrivals go through the channel's lane; at equal times they still run in scheduling order with timers. */
    @Test
    void anArrivalAndTimersForTheSameInstantRunInTheOrderTheyWereScheduled() {
        connect(ChannelSpec.latency(Time.millis(5)));
        sim.scheduleAt(0, () -> {
            sim.schedule(Time.millis(5), () -> arrivals.add("timer-before@" + sim.now()));
            a.send(new TestPacket(A, B, 100, 1));
            sim.schedule(Time.millis(5), () -> arrivals.add("timer-after@" + sim.now()));
            a.send(new TestPacket(A, B, 100, 2));
        });
        sim.run();
        assertEquals(List.of("timer-before@5000000", "1@5000000", "timer-after@5000000", "2@5000000"), arrivals);
        assertEquals(5, sim.eventsProcessed());
        assertEquals(0, sim.pendingEvents());
    }

    @Test
    void jitterWithoutReorderingKeepsSendOrder() {
        connect(ChannelSpec.latency(Time.millis(10)).withJitter(Time.millis(20), false));
        for (int i = 0; i < 200; i++) {
            sendAt(Time.micros(100) * i, 100, i);
        }
        sim.run();
        long last = -1;
        for (int i = 0; i < arrivals.size(); i++) {
            String[] parts = arrivals.get(i).split("@");
            assertEquals(i, Integer.parseInt(parts[0]));
            long t = Long.parseLong(parts[1]);
            assertTrue(t >= last, "arrivals must not go back in time");
            last = t;
        }
        assertEquals(200, arrivals.size());
    }

    @Test
    void jitterWithReorderingMayReorder() {
        connect(ChannelSpec.latency(Time.millis(10)).withJitter(Time.millis(20), true));
        for (int i = 0; i < 200; i++) {
            sendAt(Time.micros(100) * i, 100, i);
        }
        sim.run();
        boolean reordered = false;
        for (int i = 0; i < arrivals.size(); i++) {
            reordered |= Integer.parseInt(arrivals.get(i).split("@")[0]) != i;
        }
        assertTrue(reordered);
    }

    @Test
    void routerForwardsByDestinationSoHostsShareAPath() {
        Simulation s = new Simulation(1);
        Network n = new Network(s);
        Host c1 = n.addHost("c1", Ipv4.parse("10.0.1.1"));
        Host c2 = n.addHost("c2", Ipv4.parse("10.0.1.2"));
        Host srv = n.addHost("srv", Ipv4.parse("10.0.2.1"));
        Router r = n.addRouter("r");
        n.connect(c1, r, ChannelSpec.latency(Time.millis(1)), ChannelSpec.latency(Time.millis(1)));
        n.connect(c2, r, ChannelSpec.latency(Time.millis(2)), ChannelSpec.latency(Time.millis(2)));
        n.connect(r, srv, ChannelSpec.latency(Time.millis(10)), ChannelSpec.latency(Time.millis(10)));
        n.computeRoutes();
        List<String> got = new ArrayList<>();
        srv.setReceiver(p -> {
            got.add("srv<-" + Ipv4.format(p.source()) + "@" + s.now());
            srv.send(new TestPacket(srv.address(), p.source(), 40, 0)); // reply
        });
        c1.setReceiver(p -> got.add("c1<-srv@" + s.now()));
        c2.setReceiver(p -> got.add("c2<-srv@" + s.now()));
        s.schedule(0, () -> c1.send(new TestPacket(c1.address(), srv.address(), 40, 1)));
        s.schedule(0, () -> c2.send(new TestPacket(c2.address(), srv.address(), 40, 2)));
        s.run();
        assertEquals(List.of("srv<-10.0.1.1@11000000", "srv<-10.0.1.2@12000000", "c1<-srv@22000000",
                "c2<-srv@24000000"), got);
    }

    @Test
    void packetWithNoRouteIsDroppedAndReported() {
        connect(ChannelSpec.latency(0));
        Router lonely = net.addRouter("lonely");
        lonely.forward(new TestPacket(A, Ipv4.parse("192.0.2.1"), 40, 9));
        assertEquals(List.of("9:NO_ROUTE@0"), drops);
    }
}
