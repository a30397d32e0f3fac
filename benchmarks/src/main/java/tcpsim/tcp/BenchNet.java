package tcpsim.tcp;

import tcpsim.kernel.Simulation;
import tcpsim.kernel.net.ChannelSpec;
import tcpsim.kernel.net.Host;
import tcpsim.kernel.net.Ipv4;
import tcpsim.kernel.net.Network;
import tcpsim.kernel.net.Router;

/**
 * The benchmarks' network: {@code clients} client hosts and one server host on a router, every link lossless
 * with the given one-way latency and 1 Gbit/s, TCP with the {@code linux} profile everywhere (60 s TIME_WAIT), the
 * server listening on port 80. The client sends {@code request} bytes once established and closes when
 * {@code response} bytes have arrived (with nothing to send, a shared application closes at once); the server
 * answers a complete request with {@code response} bytes and closes when the client's FIN arrives. Client first, so
 * TIME_WAIT is on the clients.
 */
final class BenchNet {
    static final int PORT = 80;
    static final long GBPS = 1_000_000_000L;

    final Simulation sim = new Simulation(1);
    final Host server;
    final TcpStack[] clients;
    private final long request;
    private final long response;

    BenchNet(int clients, long latency, long request, long response) {
        Network net = new Network(sim);
        Router router = net.addRouter("router");
        ChannelSpec spec = ChannelSpec.latency(latency).withBandwidth(GBPS, 10_000);
        server = net.addHost("server", Ipv4.of(10, 1, 0, 1));
        net.connect(server, router, spec, spec);
        Host[] hosts = new Host[clients];
        for (int i = 0; i < clients; i++) {
            hosts[i] = net.addHost("client" + i, Ipv4.of(10, 0, i >> 8, i & 0xff));
            net.connect(hosts[i], router, spec, spec);
        }
        net.computeRoutes();
        Tcp tcp = new Tcp(net, TcpProfile.linux());
        this.clients = new TcpStack[clients];
        for (int i = 0; i < clients; i++) {
            this.clients[i] = tcp.install(hosts[i]);
        }
        tcp.install(server).listen(PORT, socket -> socket.setCallbacks(new ServerApp()));
        this.request = request;
        this.response = response;
    }

    /** Answers a complete request with the response, closes after the client's FIN. */
    private final class ServerApp implements SocketCallbacks {
        private long received;

        @Override
        public void onData(TcpSocket s, long newBytes) {
            received += newBytes;
            if (received == request) {
                s.send(response);
            }
        }

        @Override
        public void onPeerClosed(TcpSocket s) {
            s.close();
        }
    }

    /** Sends the request, closes once the whole response is in (client first). */
    private final class ClientApp implements SocketCallbacks {
        private long received;

        @Override
        public void onEstablished(TcpSocket s) {
            s.send(request);
        }

        @Override
        public void onData(TcpSocket s, long newBytes) {
            received += newBytes;
            if (received == response) {
                s.close();
            }
        }
    }

    /** Shared by every connection when there is nothing to send: closes at once, keeps nothing. */
    private static final SocketCallbacks CLOSE_AT_ONCE = new SocketCallbacks() {
        @Override
        public void onEstablished(TcpSocket s) {
            s.close();
        }
    };

    /** Opens a connection from client {@code k mod clients} to the server. */
    TcpSocket open(long k) {
        SocketCallbacks app = request == 0 && response == 0 ? CLOSE_AT_ONCE : new ClientApp();
        return clients[(int) (k % clients.length)].connect(server.address(), PORT, app);
    }
}
