package tcpsim.experiments.sim;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import tcpsim.experiments.config.Arrivals;
import tcpsim.experiments.config.CloseMode;
import tcpsim.experiments.config.Units;
import tcpsim.experiments.config.WorkloadConfig;
import tcpsim.kernel.Simulation;
import tcpsim.kernel.net.Host;
import tcpsim.tcp.CloseReason;
import tcpsim.tcp.SocketCallbacks;
import tcpsim.tcp.TcpSocket;
import tcpsim.tcp.TcpStack;

/**
 * The applications of a run: arrivals that open connections, and the client and server sides of each.
 *
 * <p>Connection k (1-based) goes from client (k-1) mod clients to server (k-1) mod servers. The client sends
 * request-bytes once established; the server answers with response-bytes once it has the whole request; then the
 * side named by {@code close} closes first (client-first: the client once it has the whole response; server-first:
 * the server right after queueing the response; simultaneous: both at the instant the client has the whole
 * response; client-shutdown: the client shuts its sending side down then, and closes on the server's FIN) and the
 * other side closes when it sees the FIN (the server after server-close-delay, or never).
 * Connections open at times in [0, duration). Arrivals draw from the random stream {@code arrivals}.
 */
final class Workload {
    /** Least and largest pause of a closed-loop application after a connect that failed at once. */
    static final long BACKOFF_MIN = 1_000_000L;
    static final long BACKOFF_MAX = 1_000_000_000L;

    private final Simulation sim;
    private final WorkloadConfig wl;
    private final long duration;
    private final List<TcpStack> clients;
    private final List<Host> servers;
    private final Recorder recorder;
    private long opened;

    /** Starts listening on every server and schedules the arrivals. */
    Workload(Simulation sim, WorkloadConfig wl, long duration, List<TcpStack> clients, List<TcpStack> servers,
            Recorder recorder) {
        this.sim = sim;
        this.wl = wl;
        this.duration = duration;
        this.clients = List.copyOf(clients);
        this.servers = servers.stream().map(TcpStack::host).toList();
        this.recorder = recorder;
        for (TcpStack s : servers) {
            s.listen(wl.serverPort(), this::accept);
        }
        scheduleArrivals();
    }

    // ------------------------------------------------------------------ arrivals

    private boolean mayOpen() {
        return sim.now() < duration && (wl.connections() == 0 || opened < wl.connections());
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
        if (at >= duration) {
            return;
        }
        sim.scheduleAt(at, () -> {
            if (mayOpen()) {
                open();
                scheduleConstant(rate, k + 1);
            }
        });
    }

    /**
     * The client application of {@code app}'s connection is done with it (closed or failed). A closed-loop
     * application whose connect failed at the instant it was called (no free port) waits at least a backoff,
     * {@link #BACKOFF_MIN} doubling up to {@link #BACKOFF_MAX}, before the next: with think-time 0 it would
     * otherwise fail and retry forever at one instant.
     */
    private void appDone(ClientApp app, boolean failedAtOnce) {
        if (wl.arrivals() instanceof Arrivals.ClosedLoop cl) {
            long backoff = !failedAtOnce ? 0 : app.backoff == 0 ? BACKOFF_MIN : Math.min(BACKOFF_MAX, 2 * app.backoff);
            sim.schedule(Math.max(cl.thinkTime(), backoff), () -> {
                if (mayOpen()) {
                    open(backoff);
                }
            });
        }
    }

    private void open() {
        open(0);
    }

    private void open(long backoff) {
        long k = ++opened;
        TcpStack client = clients.get((int) ((k - 1) % clients.size()));
        Host server = servers.get((int) ((k - 1) % servers.size()));
        LiveRecord rec = recorder.connection(k, client.host(), server, wl.serverPort(), sim.now());
        ClientApp app = new ClientApp(rec);
        app.backoff = backoff;
        recorder.opening(rec);
        TcpSocket s = client.connect(server.address(), wl.serverPort(), app);
        app.socket = s;
        recorder.opened(rec, s);
    }

    // ------------------------------------------------------------------ applications

    /**
     * For a simultaneous close only: the server application of each connection whose client has not yet closed,
     * so the client can make its server close at the same instant. Entries go when the client uses them or the
     * server connection closes, so nothing of a closed connection stays here.
     */
    private final Map<LiveRecord, ServerApp> serverApps = new HashMap<>(); // looked up, never iterated

    private void accept(TcpSocket socket) {
        LiveRecord rec = wl.close() == CloseMode.SIMULTANEOUS ? recorder.forServer(socket) : null;
        ServerApp app = new ServerApp(socket, rec);
        if (rec != null) {
            serverApps.put(rec, app);
        }
        socket.setCallbacks(app);
        if (wl.requestBytes() == 0) {
            app.respond();
        }
    }

    private final class ClientApp implements SocketCallbacks {
        final LiveRecord rec;
        long backoff; // the pause before this connection, when its predecessor failed at once
        TcpSocket socket;
        long received;
        boolean complete;
        boolean closed;
        boolean done;

        ClientApp(LiveRecord rec) {
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
            } else if (mode == CloseMode.CLIENT_SHUTDOWN) {
                s.shutdown(); // not orphaned: FIN_WAIT_2 lasts until the server's FIN, then onPeerClosed closes
            } else if (mode == CloseMode.SIMULTANEOUS) {
                close(s);
                ServerApp server = serverApps.remove(rec);
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
                // orphaned, as Linux's close() leaves it: nothing the socket still does (a minute of TIME_WAIT)
                // concerns this application, and the recorder learns how it ended from the model itself
                s.setCallbacks(null);
                finished(false);
            }
        }

        @Override
        public void onClosed(TcpSocket s, CloseReason reason) {
            // the recorder, a TcpObserver, learnt the reason just before (package-info of tcpsim.tcp)
            closed = true;
            finished(reason != CloseReason.NORMAL && sim.now() == rec.start);
        }

        private void finished(boolean failedAtOnce) {
            if (!done) {
                done = true;
                appDone(this, failedAtOnce);
            }
        }
    }

    private final class ServerApp implements SocketCallbacks {
        final TcpSocket socket;
        final LiveRecord rec; // the key in serverApps, or null when not there
        long received;
        boolean responded;
        boolean closed;

        ServerApp(TcpSocket socket, LiveRecord rec) {
            this.socket = socket;
            this.rec = rec;
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
            if (rec != null) {
                serverApps.remove(rec, this);
            }
        }

        void close() {
            if (!closed) {
                closed = true;
                socket.close();
                socket.setCallbacks(null); // orphaned, like the client's socket
                if (rec != null) {
                    serverApps.remove(rec, this);
                }
            }
        }
    }
}
