package tcpsim.experiments.results;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import tcpsim.experiments.sim.ConnectionRecord;
import tcpsim.experiments.sim.RunOutput;
import tcpsim.tcp.TcpState;

/**
 * A run's output on a thread of its own, for a core that no run is using: the run's thread only puts each call into
 * a batch, and the output's thread makes the same calls, in the same order, on the output it wraps (formatting the
 * rows, binning the occupancy, hashing and writing the part files: 8.7% of the simulation thread's samples in
 * the standard scenario). The bytes written are those of the output called directly.
 *
 * <p>Batches of {@value #BATCH} calls go round between the two threads, {@value #BATCHES} of them in all, so a run
 * waits only when its output is that far behind, and at most that many records are held. {@link #scratch()} and
 * {@link #close()} are the run thread's own: the output closes after its thread has made every call. An error of
 * the output's thread reaches the run at its next batch or at close; the output's thread then goes on taking
 * batches without making their calls, so the run never waits for it in vain.
 */
final class BackgroundOutput implements RunOutput {
    /** Calls per batch. */
    static final int BATCH = 4096;
    /** Batches in all: one being filled, the others queued or being written. */
    static final int BATCHES = 4;
    private static final TcpState[] STATES = TcpState.values();

    /** Calls in the order they were made: a connection's record, or (when null) an occupancy change. */
    private static final class Batch {
        final ConnectionRecord[] records = new ConnectionRecord[BATCH];
        final long[] times = new long[BATCH];
        final int[] hosts = new int[BATCH];
        final int[] counts = new int[BATCH];
        final byte[] states = new byte[BATCH];
        int size;
    }

    /** In {@link #full}: no call follows. */
    private static final Batch END = new Batch();

    private final RunOutput output;
    private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES + 1); // END too
    private final BlockingQueue<Batch> empty = new ArrayBlockingQueue<>(BATCHES);
    private final Thread thread;
    private volatile Throwable failure; // the output's, on its thread
    private Batch filling = new Batch();
    private boolean closed;
    private boolean reported; // the failure has been thrown to the run

    BackgroundOutput(RunOutput output, String name) {
        this.output = output;
        for (int i = 1; i < BATCHES; i++) {
            empty.add(new Batch());
        }
        thread = new Thread(this::writeAll, name);
        thread.setDaemon(true); // an exiting JVM (Ctrl-C) does not wait for it; the run's part stays unfinished
        thread.start();
    }

    @Override
    public void connection(ConnectionRecord record) throws IOException {
        Batch b = filling;
        b.records[b.size++] = record;
        if (b.size == BATCH) {
            handOn();
        }
    }

    @Override
    public void occupancy(long time, int host, TcpState state, int count) throws IOException {
        Batch b = filling;
        int i = b.size++;
        b.records[i] = null;
        b.times[i] = time;
        b.hosts[i] = host;
        b.states[i] = (byte) state.ordinal();
        b.counts[i] = count;
        if (b.size == BATCH) {
            handOn();
        }
    }

    @Override
    public FileChannel scratch() throws IOException {
        return output.scratch();
    }

    @Override
    public int recordsHeld() {
        return output.recordsHeld();
    }

    /** The batch being filled goes to the output's thread; the next one is a batch it has written. */
    private void handOn() throws IOException {
        rethrow();
        Batch b = filling;
        filling = null; // handed on: close must not hand it on again
        full.add(b); // never full: there are no more batches than places
        try {
            filling = empty.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the run's output");
        }
    }

    /** Makes every call of every batch on the wrapped output, until {@link #END}. */
    private void writeAll() {
        while (true) {
            Batch b;
            try {
                b = full.take();
            } catch (InterruptedException e) {
                failure = e; // nobody interrupts this thread; if someone did, the run learns it and stops
                continue;
            }
            if (b == END) {
                return;
            }
            if (failure == null) {
                try {
                    write(b);
                } catch (Throwable e) {
                    failure = e;
                }
            }
            Arrays.fill(b.records, 0, b.size, null);
            b.size = 0;
            empty.add(b);
        }
    }

    private void write(Batch b) throws IOException {
        for (int i = 0; i < b.size; i++) {
            ConnectionRecord r = b.records[i];
            if (r != null) {
                output.connection(r);
            } else {
                output.occupancy(b.times[i], b.hosts[i], STATES[b.states[i]], b.counts[i]);
            }
        }
    }

    /** The error of the output's thread, if it had one, as the run's: once (a run's close may follow it). */
    private void rethrow() throws IOException {
        Throwable e = failure;
        if (e == null || reported) {
            return;
        }
        reported = true;
        if (e instanceof IOException io) {
            throw io;
        } else if (e instanceof RuntimeException re) {
            throw re;
        } else if (e instanceof Error err) {
            throw err;
        } else {
            throw new IOException("the run's output failed", e);
        }
    }

    /** Hands on the last calls, waits until the output's thread has made them, then closes the output. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (filling != null) {
                full.add(filling);
            }
            full.add(END);
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true; // the output's thread finishes its last batches first
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        } finally {
            output.close();
        }
        rethrow();
    }
}
