package tcpsim.kernel;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hold model of {@link HoldModelBenchmark} with two kinds of events, as in a TCP host full of TIME_WAIT
 * timers: a share {@code fixedShare} of the {@code size} pending events always come back after the same 1 s
 * delay, the rest after an Exp(1 s) increment. {@code heapOnly} keeps them all in the 4-ary heap;
 * {@code withLane} puts the fixed-delay ones in a {@link Lane}, so the heap holds only the others plus the
 * lane's head.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class LaneHoldBenchmark {
    private static final int INCREMENTS = 1 << 16;
    private static final long FIXED_DELAY = Time.SECOND;

    @Param({"100000", "1000000"})
    public int size;

    @Param({"0.5", "0.9"})
    public double fixedShare;

    private long[] increments;
    private int next;
    private EventQueue heap;
    private EventQueue laned;
    private Lane lane;
    private final Event fixed = () -> { };
    private final Event random = () -> { };

    @Setup(Level.Trial)
    public void setUp() {
        increments = HoldModelBenchmark.exponentialIncrements(INCREMENTS);
        int fixedCount = (int) (size * fixedShare);
        heap = new EventQueue(size);
        laned = new EventQueue(size);
        lane = new Lane(new Simulation(1), laned, FIXED_DELAY);
        for (int i = 0; i < fixedCount; i++) { // spread over one delay, in time order
            long t = FIXED_DELAY * i / fixedCount;
            heap.push(t, fixed);
            laned.pushLane(lane, t, fixed);
        }
        for (int i = fixedCount; i < size; i++) {
            long t = increment();
            heap.push(t, random);
            laned.push(t, random);
        }
    }

    private long increment() {
        long d = increments[next];
        next = (next + 1) & (INCREMENTS - 1);
        return d;
    }

    @Benchmark
    public Event heapOnly() {
        long t = heap.peekTime();
        Event e = heap.pop();
        heap.push(t + (e == fixed ? FIXED_DELAY : increment()), e);
        return e;
    }

    @Benchmark
    public Event withLane() {
        long t = laned.peekTime();
        Event e = laned.pop();
        if (e == fixed) {
            laned.pushLane(lane, t + FIXED_DELAY, e);
        } else {
            laned.push(t + increment(), e);
        }
        return e;
    }
}
