package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcpsim.tcp.TestNet.ms;
import static tcpsim.tcp.TestNet.s;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tcpsim.kernel.Simulation;
import tcpsim.kernel.net.ChannelSpec;
import tcpsim.kernel.net.Host;
import tcpsim.kernel.net.Ipv4;
import tcpsim.kernel.net.Network;
import tcpsim.kernel.net.Router;

/**
 * Several client hosts behind a router share one server: the server demultiplexes by 4-tuple, holds one TIME_WAIT
 * per connection it closed first, and every connection ends NORMAL at an exact time.
 */
class RouterTopologyTest {

    @Test
    void threeClientHosts_fiveConnectionsEach_serverClosesFirst_timeWaitOnServer() {
        Simulation sim = new Simulation(3);
        Network net = new Network(sim);
        Router r = net.addRouter("r");
        Host server = net.addHost("server", Ipv4.parse("10.0.1.1"));
        net.connect(r, server, ChannelSpec.latency(ms(15)), ChannelSpec.latency(ms(15)));
        List<Host> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Host h = net.addHost("c" + i, Ipv4.parse("10.0.0." + (i + 1)));
            net.connect(h, r, ChannelSpec.latency(ms(10)), ChannelSpec.latency(ms(10)));
            clients.add(h);
        }
        net.computeRoutes();
        Tcp tcp = new Tcp(net, TestNet.quietLinux());
        Invariants inv = new Invariants();
        tcp.addObserver(inv);
        net.addObserver(inv);
        int[] timeWait = {0, 0};
        tcp.addObserver(new TcpObserver() {
            @Override
            public void onStateChange(long time, Connection c, TcpState from, TcpState to, String cause) {
                if (c.host() == server && to == TcpState.TIME_WAIT) {
                    timeWait[0]++;
                    timeWait[1] = Math.max(timeWait[1], timeWait[0]);
                } else if (c.host() == server && from == TcpState.TIME_WAIT) {
                    timeWait[0]--;
                }
            }
        });
        TcpStack ss = tcp.install(server);
        List<TestNet.App> accepted = new ArrayList<>();
        ss.listen(80, sock -> {
            TestNet.App a = new TestNet.App(sim);
            a.socket = sock;
            sock.setCallbacks(a);
            accepted.add(a);
            sock.send(1000);
            sock.close();
        });
        List<TestNet.App> apps = new ArrayList<>();
        for (Host h : clients) {
            TcpStack cs = tcp.install(h);
            for (int k = 0; k < 5; k++) {
                TestNet.App a = new TestNet.App(sim);
                a.whenPeerClosed = TcpSocket::close;
                a.socket = cs.connect(server.address(), 80, a);
                apps.add(a);
            }
        }
        sim.runUntil(s(10));
        assertEquals(15, accepted.size());
        assertEquals(15, timeWait[1], "one TIME_WAIT per connection, all at the server");
        assertEquals(15, ss.connectionCount(), "TIME_WAIT still counts as a connection");
        sim.runUntil(s(100));
        assertEquals(0, ss.connectionCount());
        assertTrue(inv.unfinished().isEmpty());
        Set<Long> ids = new HashSet<>();
        for (TestNet.App a : apps) {
            assertEquals(1000, a.received);
            assertEquals(CloseReason.NORMAL, a.reason);
            // one way 25 ms: ESTABLISHED 50, server data+FIN at 75 arrive 100, client FIN 100, server TIME_WAIT
            // and ACK at 125, which ends the passive closer (LAST_ACK) at 150 ms
            assertEquals(ms(150), a.closedAt);
            ids.add(a.socket.id());
        }
        for (TestNet.App a : accepted) {
            assertEquals(CloseReason.NORMAL, a.reason);
            // server TIME_WAIT from 125 ms, 60 s
            assertEquals(s(60) + ms(125), a.closedAt);
            ids.add(a.socket.id());
        }
        assertEquals(30, ids.size(), "ids unique per Tcp");
    }
}
