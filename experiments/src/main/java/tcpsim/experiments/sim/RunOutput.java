package tcpsim.experiments.sim;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.List;
import tcpsim.tcp.TcpState;

/**
 * Where one run streams what it records, as it records it, on the run's own thread: every connection's record
 * once the connection is over (in connection id order), and every occupancy step change (in time, host, state
 * order). Nothing of a finished connection stays in the run's memory.
 */
public interface RunOutput extends AutoCloseable {
    /** One connection's final record; records come in id order. */
    void connection(ConnectionRecord record) throws IOException;

    /** From {@code time} on, host number {@code host} holds {@code count} connections in {@code state}. */
    void occupancy(long time, int host, TcpState state, int count) throws IOException;

    /**
     * A file of the run's own for scratch data, read and written at positions, opened at the first call and removed
     * when the output closes; null when the output keeps everything in memory.
     */
    default FileChannel scratch() throws IOException {
        return null;
    }

    /**
     * How many connection records the run holds as objects before the recorder parks those that only wait out a
     * TIME_WAIT, in {@link #scratch()} (or in blocks in memory when there is none). An output may ask for fewer (0:
     * every such record, as the tests that compare parked and unparked runs do).
     */
    default int recordsHeld() {
        return Recorder.PARK_ABOVE;
    }

    /** The run is over (also when it failed); nothing more comes. */
    @Override
    void close() throws IOException;

    /** Opens the output of each run; called on the run's thread, so one output is never shared. */
    @FunctionalInterface
    interface Factory {
        /** @param hosts the run's host names by host number */
        RunOutput open(int point, int replication, List<String> hosts) throws IOException;
    }
}
