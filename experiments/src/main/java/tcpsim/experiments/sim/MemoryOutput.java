package tcpsim.experiments.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tcpsim.tcp.TcpState;

/**
 * A run output that keeps everything in memory, for callers that want the records themselves (tests, small
 * studies): {@link RunResult#connections()} and {@link RunResult#occupancy()} then hold them.
 */
final class MemoryOutput implements RunOutput {
    static final RunOutput.Factory FACTORY = (point, replication, hosts) -> new MemoryOutput();

    private final List<ConnectionRecord> records = new ArrayList<>();
    private long[] time = new long[256];
    private int[] host = new int[256];
    private TcpState[] state = new TcpState[256];
    private int[] count = new int[256];
    private int rows;

    @Override
    public void connection(ConnectionRecord record) {
        records.add(record);
    }

    @Override
    public void occupancy(long t, int h, TcpState s, int c) {
        if (rows == time.length) {
            int cap = rows * 2;
            time = Arrays.copyOf(time, cap);
            host = Arrays.copyOf(host, cap);
            state = Arrays.copyOf(state, cap);
            count = Arrays.copyOf(count, cap);
        }
        time[rows] = t;
        host[rows] = h;
        state[rows] = s;
        count[rows] = c;
        rows++;
    }

    @Override
    public void close() {
    }

    List<ConnectionRecord> records() {
        return records;
    }

    OccupancyRecorder.Rows rows() {
        return new OccupancyRecorder.Rows(Arrays.copyOf(time, rows), Arrays.copyOf(host, rows),
                Arrays.copyOf(state, rows), Arrays.copyOf(count, rows));
    }
}
