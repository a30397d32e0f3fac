package tcpsim.experiments.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicLong;
import tcpsim.experiments.sim.RunContext;
import tcpsim.experiments.sim.RunHook;
import tcpsim.tcp.Connection;
import tcpsim.tcp.TcpObserver;
import tcpsim.tcp.TcpState;

/**
 * What {@code tcpsim bench} measures of the heap. Attached to run (0, 0) only, it watches state changes without
 * scheduling anything (so the run's events are exactly those of {@code tcpsim run}): before the first event it
 * forces a full GC and notes the used heap (the baseline); at the first state change at or after
 * {@code probeAt} (the end of the arrival period, where the TIME_WAIT population peaks) it forces another and
 * notes the used heap and the connections in TIME_WAIT on all hosts. Bytes per TIME_WAIT connection = (used at
 * the peak - baseline) / TIME_WAIT count: everything the run holds at that instant (the model's connections,
 * timers, tables and the recorder's state, also of the few connections not in TIME_WAIT) is charged to them.
 * Meaningful only when no other run shares the heap ({@code --threads 1}).
 */
final class HeapProbe implements RunHook {
    private final long probeAt;
    private final boolean measure;
    private final AtomicLong simulated = new AtomicLong();
    private long baseline = -1;
    private long atPeak = -1;
    private long timeWait = -1;
    // wall and CPU time of the forced collections, which the bench takes out of the simulate phase
    private long probeNanos;
    private long probeCpuNanos;

    HeapProbe(long probeAt, boolean measure) {
        this.probeAt = probeAt;
        this.measure = measure;
    }

    @Override
    public AutoCloseable attach(RunContext ctx) {
        boolean probe = measure && ctx.point() == 0 && ctx.replication() == 0;
        if (probe) {
            baseline = timedUsedAfterGc();
        }
        Watch watch = new Watch(probe);
        ctx.tcp().addObserver(watch);
        return () -> simulated.addAndGet(watch.last);
    }

    /** Counts TIME_WAIT, notes the last state change, and probes the heap once at {@code probeAt}. */
    private final class Watch implements TcpObserver {
        private boolean probed;
        private long inTimeWait;
        private long last;

        Watch(boolean probe) {
            probed = !probe;
        }

        @Override
        public void onStateChange(long time, Connection c, TcpState from, TcpState to, String cause) {
            last = time;
            if (!probed && time >= probeAt) {
                probed = true;
                atPeak = timedUsedAfterGc();
                timeWait = inTimeWait;
            }
            inTimeWait += (to == TcpState.TIME_WAIT ? 1 : 0) - (from == TcpState.TIME_WAIT ? 1 : 0);
        }
    }

    /** {@link #usedAfterGc()}, its wall and CPU time noted: measuring is not simulating. */
    private long timedUsedAfterGc() {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long t0 = System.nanoTime();
        long c0 = cpu.getCurrentThreadCpuTime();
        long used = usedAfterGc();
        probeCpuNanos += cpu.getCurrentThreadCpuTime() - c0;
        probeNanos += System.nanoTime() - t0;
        return used;
    }

    /** Wall time spent in the probe's forced collections, ns. */
    long probeNanos() {
        return probeNanos;
    }

    /** CPU time of the running thread spent in the probe's forced collections, ns. */
    long probeCpuNanos() {
        return probeCpuNanos;
    }

    /** Simulated time (to each run's last state change) summed over the runs, ns. */
    long simulatedTime() {
        return simulated.get();
    }

    /** Heap bytes per connection in TIME_WAIT, or -1 when not measured (no TIME_WAIT at the probe, or threads > 1). */
    long bytesPerTimeWait() {
        return timeWait > 0 && atPeak >= 0 ? Math.max(0, atPeak - baseline) / timeWait : -1;
    }

    /** Connections in TIME_WAIT at the probe, or -1. */
    long timeWaitAtProbe() {
        return timeWait;
    }

    static long usedAfterGc() {
        MemoryMXBean m = ManagementFactory.getMemoryMXBean();
        // two collections: the first may only move objects that the second can then free
        System.gc();
        System.gc();
        return m.getHeapMemoryUsage().getUsed();
    }

    /** Resets the peaks of every heap pool. */
    static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    /** The sum of every heap pool's peak use since {@link #resetPeaks()}: an upper bound of the peak heap. */
    static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
