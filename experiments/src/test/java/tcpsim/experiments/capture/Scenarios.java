package tcpsim.experiments.capture;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import tcpsim.experiments.sim.ConnectionNumbers;
import tcpsim.kernel.RandomStreams;
import tcpsim.kernel.Simulation;
import tcpsim.kernel.Time;
import tcpsim.kernel.net.BernoulliLoss;
import tcpsim.kernel.net.ChannelSpec;
import tcpsim.kernel.net.DropList;
import tcpsim.kernel.net.Host;
import tcpsim.kernel.net.Ipv4;
import tcpsim.kernel.net.LossModel;
import tcpsim.kernel.net.Network;
import tcpsim.tcp.CloseReason;
import tcpsim.tcp.IsnSource;
import tcpsim.tcp.Segment;
import tcpsim.tcp.SocketCallbacks;
import tcpsim.tcp.Tcp;
import tcpsim.tcp.TcpParameter;
import tcpsim.tcp.TcpProfile;
import tcpsim.tcp.TcpSocket;
import tcpsim.tcp.TcpStack;

/**
 * Small scenarios built directly on the kernel and the TCP API: a client asks (100 bytes), the server answers
 * (1000 bytes by default). Then either the server, once its answer is acknowledged, closes first (active close:
 * FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT) and the client, told of the FIN, closes 10 ms later (passive close:
 * CLOSE_WAIT, LAST_ACK); or, as the seed document draws it, the client closes first once it has the whole answer
 * and the server closes 10 ms after the client's FIN (the workload's client-first close with a server-close-delay
 * of 10 ms).
 */
public final class Scenarios {
    static final int CLIENT = Ipv4.parse("10.0.0.1");
    static final int SERVER = Ipv4.parse("10.0.0.2");
    static final int PORT = 80;
    static final long ONE_WAY = Time.millis(25);

    final Simulation sim;
    final Network net;
    final Host client;
    final Host server;
    final Tcp tcp;
    final TcpStack clientStack;
    final TcpStack serverStack;
    /** Client ports of connections that ended NORMAL on both sides. */
    final List<Integer> completed = new ArrayList<>();
    private final List<Integer> clientDone = new ArrayList<>();
    private final boolean clientCloses;
    private final long responseBytes;

    Scenarios(long seed, LossModel up, LossModel down, IsnSource isns) {
        this(seed, up, down, isns, false, 1000);
    }

    Scenarios(long seed, LossModel up, LossModel down, IsnSource isns, boolean clientCloses, long responseBytes) {
        this.clientCloses = clientCloses;
        this.responseBytes = responseBytes;
        sim = new Simulation(seed);
        net = new Network(sim);
        client = net.addHost("client", CLIENT);
        server = net.addHost("server", SERVER);
        net.connect(client, server, ChannelSpec.latency(ONE_WAY).withLoss(up),
                ChannelSpec.latency(ONE_WAY).withLoss(down));
        net.computeRoutes();
        // every segment acknowledged at once and exact timers (timer-hz 0), as the seed document draws it
        TcpProfile profile = TcpProfile.linux().toBuilder().set(TcpParameter.DELAYED_ACK, 0)
                .set(TcpParameter.TIMER_HZ, 0).build();
        tcp = isns == null ? new Tcp(net, profile) : new Tcp(net, profile, isns);
        clientStack = tcp.install(client);
        serverStack = tcp.install(server);
        serverStack.listen(PORT, socket -> socket.setCallbacks(new SocketCallbacks() {
            @Override
            public void onData(TcpSocket s, long newBytes) {
                s.send(responseBytes);
            }

            @Override
            public void onAllDataAcked(TcpSocket s) {
                if (!clientCloses) {
                    s.close();
                }
            }

            @Override
            public void onPeerClosed(TcpSocket s) {
                if (clientCloses) {
                    sim.schedule(Time.millis(10), s::close);
                }
            }

            @Override
            public void onClosed(TcpSocket s, CloseReason reason) {
                if (reason == CloseReason.NORMAL && clientDone.contains(s.tuple().remotePort())) {
                    completed.add(s.tuple().remotePort());
                }
            }
        }));
    }

    /** The seed scenario: fixed ISNs 1000 (client) and 5000 (server), no loss, or only the server's last ACK lost. */
    static Scenarios seed(boolean loseFinalAck) {
        return seed(loseFinalAck, false);
    }

    /**
     * The seed scenario with the client ({@code clientCloses}) or the server closing first; the final ACK, when
     * lost, is the passive closer's FIN acknowledged by the active closer.
     */
    static Scenarios seed(boolean loseFinalAck, boolean clientCloses) {
        LossModel finalAck = DropList.firstMatching(1, p -> p instanceof Segment s && s.flags() == Segment.ACK
                && s.ack() == (clientCloses ? 5000 + 1 + 1000 + 1 : 1000 + 1 + 100 + 1));
        LossModel up = loseFinalAck && clientCloses ? finalAck : DropList.positions();
        LossModel down = loseFinalAck && !clientCloses ? finalAck : DropList.positions();
        Scenarios sc = new Scenarios(1, up, down, IsnSource.fixed(1000, 5000), clientCloses, 1000);
        sc.connectAt(Time.millis(1));
        return sc;
    }

    /** A lossy run: {@code n} connections, one every 300 ms from 1 s, {@code loss} on both directions. */
    static Scenarios lossy(long seed, int n, double loss) {
        RandomStreams random = new RandomStreams(seed, 0);
        Scenarios sc = new Scenarios(seed, new BernoulliLoss(loss, random.uniforms("loss:up")),
                new BernoulliLoss(loss, random.uniforms("loss:down")), null);
        for (int i = 0; i < n; i++) {
            sc.connectAt(Time.SECOND + i * Time.millis(300));
        }
        return sc;
    }

    void connectAt(long time) {
        sim.scheduleAt(time, () -> clientStack.connect(SERVER, PORT, new SocketCallbacks() {
            private long received;

            @Override
            public void onEstablished(TcpSocket s) {
                s.send(100);
            }

            @Override
            public void onData(TcpSocket s, long newBytes) {
                received += newBytes;
                if (clientCloses && received == responseBytes) {
                    s.close();
                }
            }

            @Override
            public void onPeerClosed(TcpSocket s) {
                if (!clientCloses) {
                    sim.schedule(Time.millis(10), s::close);
                }
            }

            @Override
            public void onClosed(TcpSocket s, CloseReason reason) {
                if (reason == CloseReason.NORMAL) {
                    clientDone.add(s.tuple().localPort());
                }
            }
        }));
    }

    /** Runs the seed scenario with a trace recorder and returns its rows. */
    public static List<TraceRow> seedTrace(boolean loseFinalAck) throws Exception {
        return trace(seed(loseFinalAck));
    }

    /** Runs the seed scenario as the seed document draws it (the client closes first) and returns its rows. */
    public static List<TraceRow> seedTraceClientCloses(boolean loseFinalAck) throws Exception {
        return trace(seed(loseFinalAck, true));
    }

    /**
     * A bulk transfer: the server answers {@code responseBytes} (in MSS-sized segments, slow start from the Linux
     * initial window of 10), no loss, the client closes first; returns the trace rows.
     */
    public static List<TraceRow> transferTrace(long responseBytes) throws Exception {
        Scenarios sc = new Scenarios(1, DropList.positions(), DropList.positions(), IsnSource.fixed(1000, 5000), true,
                responseBytes);
        sc.connectAt(Time.millis(1));
        return trace(sc);
    }

    private static List<TraceRow> trace(Scenarios sc) throws Exception {
        StringWriter out = new StringWriter();
        TraceRecorder recorder = new TraceRecorder(sc.sim, 0, 0, ConnectionNumbers.NONE, TraceRecorder.csvLines(out));
        sc.net.addObserver(recorder);
        sc.tcp.addObserver(recorder);
        sc.sim.run();
        recorder.close();
        List<TraceRow> rows = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            rows.add(TraceRow.parse(line));
        }
        return rows;
    }
}
