package tcpsim.experiments.capture;

import java.io.IOException;
import tcpsim.experiments.sim.RunContext;
import tcpsim.experiments.sim.RunHook;

/**
 * Captures each run's packets into one libpcap file per host, {@code pcap/<point>-<replication>-<host>.pcap}
 * under the run's output folder: what the host sends and what it receives (see {@link PcapCapture}), with
 * simulated time as timestamps (nanosecond pcap) and payloads truncated at the snap length.
 */
public final class PcapHook implements RunHook {
    /** The folder of the captures in a results folder. */
    public static final String DIR = "pcap";

    private final int snaplen;

    public PcapHook() {
        this(PcapWriter.DEFAULT_SNAPLEN);
    }

    public PcapHook(int snaplen) {
        this.snaplen = snaplen;
    }

    @Override
    public AutoCloseable attach(RunContext context) throws IOException {
        return new PcapCapture(context.network(), context.outputDir().resolve(DIR),
                context.point() + "-" + context.replication() + "-", snaplen);
    }
}
