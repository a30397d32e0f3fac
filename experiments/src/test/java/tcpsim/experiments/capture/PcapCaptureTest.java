package tcpsim.experiments.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpsim.kernel.Simulation;
import tcpsim.kernel.Time;
import tcpsim.kernel.net.ChannelSpec;
import tcpsim.kernel.net.DropList;
import tcpsim.kernel.net.Host;
import tcpsim.kernel.net.Ipv4;
import tcpsim.kernel.net.Network;
import tcpsim.kernel.net.Router;
import tcpsim.tcp.Segment;

class PcapCaptureTest {
    @TempDir
    Path dir;

    /** One record of a pcap file. */
    record Rec(long timeNs, int captured, int original, int ipId, int ttl, int flags) {
    }

    static List<Rec> read(Path file) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xa1b23c4d, b.getInt(0));
        List<Rec> out = new ArrayList<>();
        int at = 24;
        while (at < b.capacity()) {
            long t = (b.getInt(at) & 0xffffffffL) * 1_000_000_000L + b.getInt(at + 4);
            int captured = b.getInt(at + 8);
            int original = b.getInt(at + 12);
            int p = at + 16;
            int id = (b.get(p + 4) & 0xff) << 8 | (b.get(p + 5) & 0xff);
            out.add(new Rec(t, captured, original, id, b.get(p + 8) & 0xff, b.get(p + 33)));
            at = p + captured;
        }
        return out;
    }

    @Test
    void eachHostSeesWhatItSendsAndReceivesAndLossesOnlyAtTheSender() throws Exception {
        Simulation sim = new Simulation(1);
        Network net = new Network(sim);
        Host a = net.addHost("a", Ipv4.parse("10.0.0.1"));
        Host b = net.addHost("b/x", Ipv4.parse("10.0.1.1"));
        Router r = net.addRouter("r");
        net.connect(a, r, ChannelSpec.latency(Time.millis(5)).withLoss(DropList.positions(2)),
                ChannelSpec.latency(Time.millis(5)));
        net.connect(r, b, ChannelSpec.latency(Time.millis(10)), ChannelSpec.latency(Time.millis(10)));
        net.computeRoutes();
        PcapCapture capture = new PcapCapture(net, dir, "0-0-", 96);
        for (int i = 0; i < 3; i++) {
            Segment s = new Segment(a.address(), b.address(), 40000, 80, 1000 + i * 500, 1, Segment.ACK, 1000, 500,
                    0);
            sim.scheduleAt(Time.SECOND + i * Time.millis(1), () -> a.send(s));
        }
        sim.scheduleAt(Time.seconds(2), () -> b.send(new Segment(b.address(), a.address(), 80, 40000, 1, 2500,
                Segment.ACK | Segment.FIN, 1000, 0, 0)));
        sim.run();
        capture.close();
        assertEquals(List.of(dir.resolve("0-0-a.pcap"), dir.resolve("0-0-b_x.pcap")), capture.files());
        List<Rec> atA = read(dir.resolve("0-0-a.pcap"));
        List<Rec> atB = read(dir.resolve("0-0-b_x.pcap"));
        assertEquals(List.of(new Rec(1_000_000_000L, 96, 540, 0, 64, Segment.ACK),
                new Rec(1_001_000_000L, 96, 540, 1, 64, Segment.ACK),
                new Rec(1_002_000_000L, 96, 540, 2, 64, Segment.ACK),
                new Rec(2_015_000_000L, 40, 40, 0, 63, Segment.ACK | Segment.FIN)), atA);
        assertEquals(List.of(new Rec(1_015_000_000L, 96, 540, 0, 63, Segment.ACK),
                new Rec(1_017_000_000L, 96, 540, 2, 63, Segment.ACK),
                new Rec(2_000_000_000L, 40, 40, 0, 64, Segment.ACK | Segment.FIN)), atB);
    }
}
