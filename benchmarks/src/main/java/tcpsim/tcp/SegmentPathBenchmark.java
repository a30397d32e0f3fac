package tcpsim.tcp;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tcpsim.kernel.Time;

/**
 * The per-segment path: one established connection (linux profile, 10 µs one way, 1 Gbit/s, lossless) sends 64
 * full-sized segments per invocation and the simulation runs until they are all acknowledged and every timer is
 * off. One operation is one data segment with its share of the work: sending it (Output, the retransmission
 * timer), the link (serialisation, propagation, delivery), demultiplexing and SEGMENT ARRIVES at the receiver
 * (delayed ACK or quick ACK), and the ACK's way back through AckArrives (RTT sample, NewReno, timer re-arm).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SegmentPath -f 2 -wi 3 -i 3
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(2)
public class SegmentPathBenchmark {
    static final int SEGMENTS = 64;

    private BenchNet net;
    private TcpSocket socket;
    private long mss;

    @Setup
    public void setUp() {
        net = new BenchNet(1, 10 * Time.MICROSECOND, Long.MAX_VALUE, 0); // the server never answers
        socket = net.clients[0].connect(net.server.address(), BenchNet.PORT, SocketCallbacks.NONE);
        net.sim.run();
        if (socket.state() != TcpState.ESTABLISHED) {
            throw new IllegalStateException("not established: " + socket);
        }
        mss = net.clients[0].profile().mss();
    }

    @Benchmark
    @OperationsPerInvocation(SEGMENTS)
    public long segment() {
        socket.send(SEGMENTS * mss);
        net.sim.run();
        return net.sim.eventsProcessed();
    }
}
