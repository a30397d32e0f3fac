package tcpsim.tcp;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tcpsim.kernel.Time;

/**
 * Connection open and close: one operation opens a connection (64 clients, one server, linux profile, 12.5 ms one
 * way on each link so a 50 ms RTT, 1 Gbit/s, lossless) and advances the simulation by 100 µs, so connections arrive
 * at 10,000/s as in the standard scenario and each lives its whole life: handshake, a 1000-byte request, a
 * 10,000-byte response, the client's close and, 60 s later, the end of TIME_WAIT. The TIME_WAIT population grows
 * by 10,000 every simulated second of the run (to 600,000, where it stays), and a connection's cost must not grow
 * with it.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ConnectionLife -f 2 -wi 3 -i 3
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 2, jvmArgs = {"-Xmx2g", "-XX:+UseParallelGC"})
public class ConnectionLifeBenchmark {
    static final long GAP = 100 * Time.MICROSECOND;

    private BenchNet net;
    private long opened;

    @Setup
    public void setUp() {
        net = new BenchNet(64, 12_500 * Time.MICROSECOND, 1000, 10_000);
    }

    @Benchmark
    public long connection() {
        net.open(opened++);
        net.sim.runUntil(net.sim.now() + GAP);
        return net.sim.eventsProcessed();
    }
}
