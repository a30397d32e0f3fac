package tcpsim.experiments.capture;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import tcpsim.tcp.Segment;

/**
 * Streams packets into a libpcap file (the classic format Wireshark and tcpdump read): nanosecond timestamps
 * (magic {@code 0xa1b23c4d}), link type {@link #LINKTYPE_RAW} (each record is a bare IPv4 packet), little-endian.
 * Memory stays constant: one packet buffer of the snap length and one output buffer.
 *
 * <p>Packets longer than the snap length are truncated in the file (captured length below original length), as
 * {@code tcpdump -s} does; the simulation carries no payload bytes, so only zeros would be lost.
 */
public final class PcapWriter implements Closeable {
    /** pcap magic for nanosecond-resolution timestamps. */
    public static final int MAGIC_NANOS = 0xa1b23c4d;
    /** LINKTYPE_RAW: the packet begins with an IPv4 or IPv6 header. */
    public static final int LINKTYPE_RAW = 101;
    /** Default snap length: all headers and the first 52 payload bytes of a plain segment. */
    public static final int DEFAULT_SNAPLEN = 96;

    private static final int BUFFER_BYTES = 16 * 1024;

    private final OutputStream out;
    private final byte[] packet;
    private final byte[] record = new byte[16];
    private long packets;

    /** Creates (or truncates) {@code file} and writes the file header. */
    public PcapWriter(Path file, int snaplen) throws IOException {
        this(Files.newOutputStream(file), snaplen);
    }

    /** Writes to {@code out} (closed by {@link #close()}), starting with the file header. */
    public PcapWriter(OutputStream out, int snaplen) throws IOException {
        if (snaplen < PacketEncoder.MAX_HEADER_BYTES || snaplen > 0xffff) {
            throw new IllegalArgumentException("snap length must be in " + PacketEncoder.MAX_HEADER_BYTES
                    + "..65535, got " + snaplen);
        }
        this.out = new BufferedOutputStream(out, BUFFER_BYTES);
        this.packet = new byte[snaplen];
        byte[] header = new byte[24];
        putLe32(header, 0, MAGIC_NANOS);
        putLe16(header, 4, 2); // version 2.4
        putLe16(header, 6, 4);
        putLe32(header, 8, 0); // thiszone: UTC
        putLe32(header, 12, 0); // sigfigs
        putLe32(header, 16, snaplen);
        putLe32(header, 20, LINKTYPE_RAW);
        this.out.write(header);
    }

    /** Appends {@code s} as seen at simulated time {@code timeNs}. */
    public void write(long timeNs, Segment s, int identification, int ttl) throws IOException {
        if (timeNs < 0) {
            throw new IllegalArgumentException("negative time " + timeNs);
        }
        int captured = PacketEncoder.encode(s, identification, ttl, packet);
        putLe32(record, 0, (int) (timeNs / 1_000_000_000L));
        putLe32(record, 4, (int) (timeNs % 1_000_000_000L));
        putLe32(record, 8, captured);
        putLe32(record, 12, PacketEncoder.wireLength(s));
        out.write(record);
        out.write(packet, 0, captured);
        packets++;
    }

    /** Packets written so far. */
    public long packets() {
        return packets;
    }

    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private static void putLe16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }

    private static void putLe32(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }
}
