package tcpsim.experiments.capture;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import tcpsim.kernel.net.Channel;
import tcpsim.kernel.net.DropReason;
import tcpsim.kernel.net.Host;
import tcpsim.kernel.net.Network;
import tcpsim.kernel.net.NetworkObserver;
import tcpsim.kernel.net.Node;
import tcpsim.kernel.net.Packet;
import tcpsim.tcp.Segment;

/**
 * Captures every host's traffic into its own pcap file, as a capture on the host's interface would see it: what
 * the host sends (when it hands the packet to its link) and what it receives (when the packet arrives). A packet
 * lost on a link therefore appears only in the sender's file. Only TCP {@link Segment}s are written.
 *
 * <p>Each packet gets its IPv4 identification from a per-host counter when its host sends it, and keeps it (and
 * its TTL, decremented by every router it crosses) until it arrives, so both captures show the same packet.
 * Timestamps are simulated time.
 */
public final class PcapCapture implements NetworkObserver, Closeable {
    private final Map<Node, HostFile> files = new IdentityHashMap<>(); // looked up, never iterated
    private final List<HostFile> ordered = new ArrayList<>();
    private final Map<Packet, InFlight> inFlight = new IdentityHashMap<>(); // looked up, never iterated
    private boolean closed;

    private static final class HostFile {
        final PcapWriter writer;
        final Path path;
        int nextId;

        HostFile(PcapWriter writer, Path path) {
            this.writer = writer;
            this.path = path;
        }
    }

    private static final class InFlight {
        final int id;
        int ttl = PacketEncoder.DEFAULT_TTL;

        InFlight(int id) {
            this.id = id;
        }
    }

    /**
     * Opens {@code <dir>/<prefix><host name>.pcap} for every host of {@code network} (the directory is created)
     * and starts observing it.
     */
    public PcapCapture(Network network, Path dir, String prefix, int snaplen) throws IOException {
        Files.createDirectories(dir);
        try {
            for (Node n : network.nodes()) {
                if (n instanceof Host h) {
                    Path p = dir.resolve(prefix + fileSafe(h.name()) + ".pcap");
                    HostFile f = new HostFile(new PcapWriter(p, snaplen), p);
                    files.put(h, f);
                    ordered.add(f);
                }
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(e);
            throw e;
        }
        network.addObserver(this);
    }

    /** The files written, in host creation order. */
    public List<Path> files() {
        List<Path> out = new ArrayList<>();
        for (HostFile f : ordered) {
            out.add(f.path);
        }
        return out;
    }

    @Override
    public void onSend(long time, Channel channel, Packet packet) {
        if (closed || !(packet instanceof Segment s)) {
            return;
        }
        HostFile f = files.get(channel.from());
        if (f != null) {
            InFlight fl = new InFlight(f.nextId);
            f.nextId = (f.nextId + 1) & 0xffff;
            inFlight.put(packet, fl);
            write(f, time, s, fl);
        }
    }

    @Override
    public void onDeliver(long time, Channel channel, Packet packet) {
        if (closed || !(packet instanceof Segment s)) {
            return;
        }
        HostFile f = files.get(channel.to());
        if (f == null) {
            InFlight fl = inFlight.get(packet); // crossed a router
            if (fl != null) {
                fl.ttl = Math.max(1, fl.ttl - 1);
            }
            return;
        }
        InFlight fl = inFlight.remove(packet);
        write(f, time, s, fl != null ? fl : new InFlight(0));
    }

    @Override
    public void onDrop(long time, Node node, Channel channel, Packet packet, DropReason reason) {
        inFlight.remove(packet);
    }

    private static void write(HostFile f, long time, Segment s, InFlight fl) {
        try {
            f.writer.write(time, s, fl.id, fl.ttl);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f.path, e);
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        inFlight.clear();
        IOException first = null;
        for (HostFile f : ordered) {
            try {
                f.writer.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void closeQuietly(Exception cause) {
        closed = true;
        for (HostFile f : ordered) {
            try {
                f.writer.close();
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
        }
    }

    /** A host name made safe for a file name: anything but letters, digits, '.', '_' and '-' becomes '_'. */
    static String fileSafe(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '_' || c == '-';
            sb.append(ok ? c : '_');
        }
        return sb.toString();
    }
}
