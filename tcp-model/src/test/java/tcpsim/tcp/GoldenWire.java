package tcpsim.tcp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import tcpsim.kernel.net.Channel;
import tcpsim.kernel.net.DropReason;
import tcpsim.kernel.net.LossModel;
import tcpsim.kernel.net.NetworkObserver;
import tcpsim.kernel.net.Node;
import tcpsim.kernel.net.Packet;
import tcpsim.tcp.GoldenCase.Wire;

/**
 * tcpsim's side of a golden case: the wire seen as the case files see it ({@link GoldenCase.Wire}: relative
 * seq/ack, connection index by the client's port), the drop rules of a case expressed by segment kind and
 * occurrence ({@link DropRule}), and the comparison with the measured wire ({@link #diff}).
 */
final class GoldenWire implements NetworkObserver, TcpObserver {
    /** Tolerance of a matched segment's time. */
    static final long TIME_TOLERANCE = TestNet.ms(5);
    /**
     * How long before a GONE line a socket may have ended: ss logged a socket's disappearance at its next sample,
     * and its samples were up to 140 ms apart (c04: the server's socket was reset at 70.1776 s, GONE at 70.3172 s).
     * That is still far below the 2.048 s granularity of the wheel level that holds TIME_WAIT and FIN_WAIT_2.
     */
    static final long GONE_LAG = TestNet.ms(150);

    /** Per client port: connection index and each side's sequence base (its first sequence number seen). */
    private final Map<Integer, long[]> bases = new LinkedHashMap<>();
    private final Map<Packet, Integer> index = new HashMap<>();
    final List<Wire> wire = new ArrayList<>();
    /** When each connection's socket ended in tcpsim, by "conn client|server" as {@link GoldenCase.Gone} names it. */
    final Map<String, Long> closed = new HashMap<>();

    /** {@code s} as the case files write it; the first segment of a side fixes that side's base. */
    Wire relative(long time, Segment s, boolean up, boolean lost) {
        int clientPort = up ? s.sourcePort() : s.destinationPort();
        long[] b = bases.computeIfAbsent(clientPort, k -> new long[] {bases.size(), -1, -1});
        int own = up ? 1 : 2;
        int peer = up ? 2 : 1;
        if (b[own] < 0) {
            b[own] = Integer.toUnsignedLong(s.seq());
        }
        long seq = rel(s.seq(), b[own]);
        long ack = s.isAck() ? rel(s.ack(), b[peer] < 0 ? 0 : b[peer]) : -1;
        return new Wire(time, (int) b[0], up, lost, GoldenCase.flags(s.flags()), seq, ack, s.payloadLength());
    }

    private static long rel(int v, long base) {
        return (Integer.toUnsignedLong(v) - base) & 0xFFFF_FFFFL;
    }

    @Override
    public void onSend(long time, Channel channel, Packet packet) {
        if (packet instanceof Segment s) {
            boolean up = s.source() == TestNet.CLIENT_IP;
            index.put(packet, wire.size());
            wire.add(relative(time, s, up, false));
        }
    }

    @Override
    public void onDrop(long time, Node node, Channel channel, Packet packet, DropReason reason) {
        Integer i = index.get(packet);
        if (i != null && reason == DropReason.LOSS) {
            Wire w = wire.get(i);
            wire.set(i, new Wire(w.time(), w.conn(), w.up(), true, w.flags(), w.seq(), w.ack(), w.len()));
        }
    }

    @Override
    public void onClosed(long time, Connection c, CloseReason reason) {
        boolean client = c.host().address() == TestNet.CLIENT_IP;
        long[] b = bases.get(client ? c.tuple().localPort() : c.tuple().remotePort());
        if (b != null) {
            closed.put(b[0] + (client ? " client" : " server"), time);
        }
    }

    /**
     * The sockets whose end differs: each GONE line of the case must have tcpsim's socket end in the
     * {@link #GONE_LAG} before it (or up to {@link #TIME_TOLERANCE} after): "gone: CONN SIDE linux T1 tcpsim T2",
     * T2 "open" when tcpsim's socket had not ended by the end of the run.
     */
    List<String> diffGone(List<GoldenCase.Gone> linux) {
        List<String> out = new ArrayList<>();
        for (GoldenCase.Gone g : linux) {
            String who = g.conn() + (g.client() ? " client" : " server");
            Long t = closed.get(who);
            if (t == null || t < g.time() - GONE_LAG || t > g.time() + TIME_TOLERANCE) {
                out.add("gone: " + who + " linux " + GoldenCase.seconds(g.time()) + " tcpsim "
                        + (t == null ? "open" : GoldenCase.seconds(t)));
            }
        }
        return out;
    }

    /**
     * A drop rule by segment kind and occurrence: the {@code nth} (from 1) segments in one direction that match
     * {@code kind} (judged on the relative view) are lost, e.g. "the client's ACK of the server's FIN and its next
     * 4 re-ACKs" is {@code up, ack == 1002 && pure ACK, 1..5}.
     */
    LossModel drop(boolean up, Predicate<Wire> kind, int... nth) {
        int[] seen = {0};
        return packet -> {
            if (!(packet instanceof Segment s) || (s.source() == TestNet.CLIENT_IP) != up) {
                return false;
            }
            if (!kind.test(relative(0, s, up, false))) {
                return false;
            }
            seen[0]++;
            for (int n : nth) {
                if (n == seen[0]) {
                    return true;
                }
            }
            return false;
        };
    }

    /**
     * The differences between the measured and the simulated wire, client-to-server segments first ("AB: ..."),
     * then server-to-client ("BA: ..."): each direction is compared on its own, as each host's send order is
     * meaningful while the interleaving of segments crossing on the wire at nearly the same instant is not (the
     * times, checked per segment, place them). Within a direction: segments only Linux sent ("linux only: ..."),
     * segments only tcpsim sent ("tcpsim only: ..."), and segments both sent whose times differ by more than
     * {@link #TIME_TOLERANCE} ("time: KEY linux T1 tcpsim T2"), paired by the longest common subsequence of their
     * {@link Wire#key keys}.
     */
    static List<String> diff(List<Wire> linux, List<Wire> sim) {
        List<String> out = new ArrayList<>();
        for (boolean up : new boolean[] {true, false}) {
            String prefix = up ? "AB: " : "BA: ";
            for (String d : diffOneWay(linux.stream().filter(w -> w.up() == up).toList(),
                    sim.stream().filter(w -> w.up() == up).toList())) {
                out.add(prefix + d);
            }
        }
        return out;
    }

    private static List<String> diffOneWay(List<Wire> linux, List<Wire> sim) {
        int n = linux.size();
        int m = sim.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = linux.get(i).key().equals(sim.get(j).key()) ? lcs[i + 1][j + 1] + 1
                        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && linux.get(i).key().equals(sim.get(j).key())) {
                long dt = sim.get(j).time() - linux.get(i).time();
                if (Math.abs(dt) > TIME_TOLERANCE) {
                    out.add("time: " + linux.get(i).key() + " linux " + GoldenCase.seconds(linux.get(i).time())
                            + " tcpsim " + GoldenCase.seconds(sim.get(j).time()));
                }
                i++;
                j++;
            } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
                out.add("tcpsim only: " + sim.get(j));
                j++;
            } else {
                out.add("linux only: " + linux.get(i));
                i++;
            }
        }
        return out;
    }
}
