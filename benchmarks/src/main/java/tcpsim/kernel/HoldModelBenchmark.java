package tcpsim.kernel;

import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.random.RandomGenerator;
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
 * The classic hold model: the pending set holds {@code size} events; each operation pops the earliest and pushes
 * a new one at its time plus an Exp(1 s) increment. Compares the kernel's primitive-array 4-ary heap with
 * {@link PriorityQueue} of event objects, the baseline a straightforward simulator would use.
 *
 * <p>Lives in package {@code tcpsim.kernel} to reach the package-private {@link EventQueue} directly.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@State(Scope.Thread)
public class HoldModelBenchmark {
    private static final int INCREMENTS = 1 << 16;

    @Param({"1000", "100000", "1000000"})
    public int size;

    private long[] increments;
    private int next;
    private EventQueue kernel;
    private PriorityQueue<BaselineEvent> baseline;
    private long baselineSeq;
    private final Event handler = () -> { };

    /** What a PriorityQueue-based kernel stores per event: time, tie-break sequence, handler. */
    static final class BaselineEvent implements Comparable<BaselineEvent> {
        final long time;
        final long seq;
        final Event handler;

        BaselineEvent(long time, long seq, Event handler) {
            this.time = time;
            this.seq = seq;
            this.handler = handler;
        }

        @Override
        public int compareTo(BaselineEvent o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        increments = exponentialIncrements(INCREMENTS);
        kernel = new EventQueue(size);
        for (int i = 0; i < size; i++) {
            kernel.push(increment(), handler);
        }
        baseline = new PriorityQueue<>(size);
        for (int i = 0; i < size; i++) {
            baseline.add(new BaselineEvent(increment(), baselineSeq++, handler));
        }
    }

    /** {@code n} Exp(1 s) increments in ns from the stream "hold" of seed 1, the same in every run. */
    static long[] exponentialIncrements(int n) {
        RandomGenerator random = new RandomStreams(1, 0).stream("hold");
        long[] increments = new long[n];
        for (int i = 0; i < n; i++) {
            increments[i] = (long) (-Math.log(1 - random.nextDouble()) * Time.SECOND);
        }
        return increments;
    }

    private long increment() {
        long d = increments[next];
        next = (next + 1) & (INCREMENTS - 1);
        return d;
    }

    /** What the simulation loop does: read the time, pop, and let the handler schedule its successor. */
    @Benchmark
    public Event kernel4aryHeap() {
        long t = kernel.peekTime();
        Event e = kernel.pop();
        kernel.push(t + increment(), e);
        return e;
    }

    @Benchmark
    public Event priorityQueueBaseline() {
        BaselineEvent e = baseline.poll();
        baseline.add(new BaselineEvent(e.time + increment(), baselineSeq++, e.handler));
        return e.handler;
    }
}
