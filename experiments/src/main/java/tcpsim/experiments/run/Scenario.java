package tcpsim.experiments.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import tcpsim.experiments.config.Arrivals;
import tcpsim.experiments.config.ChannelConfig;
import tcpsim.experiments.config.CloseMode;
import tcpsim.experiments.config.LinkConfig;
import tcpsim.experiments.config.LossConfig;
import tcpsim.experiments.config.OutputConfig;
import tcpsim.experiments.config.PointConfig;
import tcpsim.experiments.config.Profiles;
import tcpsim.experiments.config.TopologyConfig;
import tcpsim.experiments.config.Units;
import tcpsim.experiments.config.WorkloadConfig;
import tcpsim.kernel.RandomStreams;
import tcpsim.kernel.Simulation;
import tcpsim.kernel.net.BernoulliLoss;
import tcpsim.kernel.net.ChannelSpec;
import tcpsim.kernel.net.GilbertElliottLoss;
import tcpsim.kernel.net.Host;
import tcpsim.kernel.net.Ipv4;
import tcpsim.kernel.net.LossModel;
import tcpsim.kernel.net.Network;
import tcpsim.kernel.net.Router;
import tcpsim.tcp.CloseReason;
import tcpsim.tcp.SocketCallbacks;
import tcpsim.tcp.Tcp;
import tcpsim.tcp.TcpProfile;
import tcpsim.tcp.TcpSocket;
import tcpsim.tcp.TcpStack;

/**
 * One run's world: the topology (clients -> router -> servers), the TCP stacks, the workload's client and server
 * applications and the metrics recorder, all on one {@link Simulation}.
 *
 * <p>Topology: host {@code client<i>} (10.1.x.y) reaches {@code router} over its own link ({@code topology.link},
 * "up" = towards the router), the router reaches host {@code server<j>} (10.2.x.y) over its own link
 * ({@code topology.server-link}, "up" = towards the server). Loss draws come from the random streams
 * {@code loss:<host>:up} and {@code loss:<host>:down}; arrivals from {@code arrivals}; ISNs from the TCP model's
 * own streams.
 *
 * <p>Workload: connection k (1-based) goes from client (k-1) mod clients to server (k-1) mod servers. The client
 * sends request-bytes once established; the server answers with response-bytes once it has the whole request;
 * then the side named by {@code close} closes first (client-first: the client once it has the whole response;
 * server-first: the server right after queueing the response; simultaneous: both at the instant the client has the
 * whole response) and the other side closes when it sees the FIN (the server after server-close-delay, or never).
 * Connections open at times in [0, duration); then the run continues until every event has run (at most one
 * simulated hour more) so that every connection's times are complete.
 */
final class Scenario {
    /** How long after {@code duration} a run may continue to let connections finish. */
    static final long DRAIN_LIMIT = 3_600_000_000_000L;

    final Simulation sim;
    final Network network;
    final Tcp tcp;
    final TcpProfile profile;
    final List<Host> hosts = new ArrayList<>();
    final Occupancy occupancy;
    final Recorder recorder;

    private final PointConfig cfg;
    private final WorkloadConfig wl;
    private final List<TcpStack> clients = new ArrayList<>();
    private final List<Host> servers = new ArrayList<>();
    private long opened;

    Scenario(PointConfig cfg, OutputConfig output, long seed, int replication) {
        this.cfg = cfg;
        this.wl = cfg.workload();
        this.sim = new Simulation(new RandomStreams(seed, replication));
        this.network = new Network(sim);
        this.profile = Profiles.build(cfg.tcp());
        TopologyConfig topo = cfg.topology();
        Router router = network.addRouter("router");
        List<Host> clientHosts = new ArrayList<>();
        for (int i = 1; i <= topo.clients(); i++) {
            Host h = network.addHost("client" + i, Ipv4.of(10, 1, i >> 8, i & 0xff));
            network.connect(h, router, spec(topo.link(), true, h.name()), spec(topo.link(), false, h.name()));
            clientHosts.add(h);
        }
        for (int j = 1; j <= topo.servers(); j++) {
            Host h = network.addHost("server" + j, Ipv4.of(10, 2, j >> 8, j & 0xff));
            network.connect(router, h, spec(topo.serverLink(), true, h.name()),
                    spec(topo.serverLink(), false, h.name()));
            servers.add(h);
        }
        network.computeRoutes();
        hosts.addAll(clientHosts);
        hosts.addAll(servers);
        Map<Host, Integer> index = new HashMap<>();
        for (int i = 0; i < hosts.size(); i++) {
            index.put(hosts.get(i), i);
        }
        // TIME_WAIT entries are counted over every connection whose TIME_WAIT overlaps [warmup, duration]
        occupancy = new Occupancy(hosts.size(), cfg.warmup(), cfg.duration(), output.occupancy(),
                output.occupancyStates(), cfg.warmup() - profile.timeWait());
        recorder = new Recorder(occupancy, index);
        tcp = new Tcp(network, profile);
        tcp.addObserver(recorder);
        for (Host h : clientHosts) {
            clients.add(tcp.install(h));
        }
        for (Host h : servers) {
            TcpStack stack = tcp.install(h);
            stack.listen(wl.serverPort(), socket -> accept(socket));
        }
        scheduleArrivals();
    }

    private ChannelSpec spec(LinkConfig link, boolean up, String host) {
        ChannelConfig c = up ? link.up() : link.down();
        String stream = "loss:" + host + ":" + (up ? "up" : "down");
        LossModel loss;
        if (c.loss() instanceof LossConfig.Bernoulli b) {
            loss = b.p() == 0 ? LossModel.NONE : new BernoulliLoss(b.p(), sim.random().stream(stream));
        } else {
            LossConfig.GilbertElliott g = (LossConfig.GilbertElliott) c.loss();
            loss = new GilbertElliottLoss(g.pGoodToBad(), g.pBadToGood(), g.lossGood(), g.lossBad(),
                    sim.random().stream(stream));
        }
        return new ChannelSpec(c.latency(), c.jitter(), false, c.bandwidth(), c.queue(), loss);
    }

    // ------------------------------------------------------------------ arrivals

    private boolean mayOpen() {
        return sim.now() < cfg.duration() && (wl.connections() == 0 || opened < wl.connections());
    }

    private void scheduleArrivals() {
        Arrivals a = wl.arrivals();
        if (a instanceof Arrivals.Poisson p) {
            RandomGenerator rng = sim.random().stream("arrivals");
            double meanNs = 1e9 / p.ratePerSecond();
            Runnable[] next = new Runnable[1];
            next[0] = () -> sim.schedule(Math.round(-Math.log(1 - rng.nextDouble()) * meanNs), () -> {
                if (mayOpen()) {
                    open();
                    next[0].run();
                }
            });
            next[0].run();
        } else if (a instanceof Arrivals.Constant c) {
            scheduleConstant(c.ratePerSecond(), 0);
        } else if (a instanceof Arrivals.ClosedLoop cl) {
            for (int i = 0; i < cl.concurrency(); i++) {
                sim.schedule(0, () -> {
                    if (mayOpen()) {
                        open();
                    }
                });
            }
        }
    }

    private void scheduleConstant(double rate, long k) {
        long at = Math.round(k * 1e9 / rate);
        if (at >= cfg.duration()) {
            return;
        }
        sim.scheduleAt(at, () -> {
            if (mayOpen()) {
                open();
                scheduleConstant(rate, k + 1);
            }
        });
    }

    /** The client application of connection {@code conn} is done with it (closed or failed). */
    private void appDone() {
        if (wl.arrivals() instanceof Arrivals.ClosedLoop cl) {
            sim.schedule(cl.thinkTime(), () -> {
                if (mayOpen()) {
                    open();
                }
            });
        }
    }

    private void open() {
        long k = ++opened;
        TcpStack client = clients.get((int) ((k - 1) % clients.size()));
        Host server = servers.get((int) ((k - 1) % servers.size()));
        Recorder.Conn rec = new Recorder.Conn(k, client.host().name(), server.name(), wl.serverPort(), sim.now());
        ClientApp app = new ClientApp(rec);
        recorder.opening(rec);
        TcpSocket s = client.connect(server.address(), wl.serverPort(), app);
        app.socket = s;
        recorder.opened(rec, s);
    }

    // ------------------------------------------------------------------ applications

    private final Map<Recorder.Conn, ServerApp> serverApps = new HashMap<>(); // looked up, never iterated

    private void accept(TcpSocket socket) {
        Recorder.Conn rec = recorder.forServer(socket);
        ServerApp app = new ServerApp(socket);
        if (rec != null) {
            serverApps.put(rec, app);
        }
        socket.setCallbacks(app);
        if (wl.requestBytes() == 0) {
            app.respond();
        }
    }

    private final class ClientApp implements SocketCallbacks {
        final Recorder.Conn rec;
        TcpSocket socket;
        long received;
        boolean complete;
        boolean closed;
        boolean done;

        ClientApp(Recorder.Conn rec) {
            this.rec = rec;
        }

        @Override
        public void onEstablished(TcpSocket s) {
            if (wl.requestBytes() > 0) {
                s.send(wl.requestBytes());
            } else if (wl.responseBytes() == 0) {
                responseComplete(s);
            }
        }

        @Override
        public void onData(TcpSocket s, long newBytes) {
            received += newBytes;
            if (!complete && wl.responseBytes() > 0 && received >= wl.responseBytes()) {
                responseComplete(s);
            }
        }

        @Override
        public void onAllDataAcked(TcpSocket s) {
            if (!complete && wl.responseBytes() == 0 && wl.requestBytes() > 0) {
                responseComplete(s);
            }
        }

        private void responseComplete(TcpSocket s) {
            complete = true;
            CloseMode mode = wl.close();
            if (mode == CloseMode.CLIENT_FIRST) {
                close(s);
            } else if (mode == CloseMode.SIMULTANEOUS) {
                close(s);
                ServerApp server = serverApps.get(rec);
                if (server != null) {
                    server.close();
                }
            }
        }

        @Override
        public void onPeerClosed(TcpSocket s) {
            close(s);
        }

        private void close(TcpSocket s) {
            if (!closed) {
                closed = true;
                s.close();
                finished();
            }
        }

        @Override
        public void onClosed(TcpSocket s, CloseReason reason) {
            recorder.clientClosed(rec, reason);
            closed = true;
            finished();
        }

        private void finished() {
            if (!done) {
                done = true;
                appDone();
            }
        }
    }

    private final class ServerApp implements SocketCallbacks {
        final TcpSocket socket;
        long received;
        boolean responded;
        boolean closed;

        ServerApp(TcpSocket socket) {
            this.socket = socket;
        }

        @Override
        public void onData(TcpSocket s, long newBytes) {
            received += newBytes;
            if (!responded && received >= wl.requestBytes()) {
                respond();
            }
        }

        void respond() {
            responded = true;
            if (wl.responseBytes() > 0) {
                socket.send(wl.responseBytes());
            }
            if (wl.close() == CloseMode.SERVER_FIRST) {
                close();
            }
        }

        @Override
        public void onPeerClosed(TcpSocket s) {
            if (closed) {
                return;
            }
            long delay = wl.serverCloseDelay();
            if (delay == Units.NEVER) {
                return;
            }
            if (delay == 0) {
                close();
            } else {
                sim.schedule(delay, this::close);
            }
        }

        @Override
        public void onClosed(TcpSocket s, CloseReason reason) {
            closed = true;
        }

        void close() {
            if (!closed) {
                closed = true;
                socket.close();
            }
        }
    }

    /** Runs the scenario: connections open until {@code duration}, then the run drains. */
    void run() {
        sim.runUntil(cfg.duration());
        sim.runUntil(cfg.duration() + DRAIN_LIMIT);
        occupancy.finish();
    }
}
