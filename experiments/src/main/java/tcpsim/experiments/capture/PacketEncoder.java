package tcpsim.experiments.capture;

import java.util.Arrays;
import tcpsim.tcp.Segment;

/**
 * Encodes a {@link Segment} as the bytes of its IPv4 packet (RFC 791 header, no options) carrying its TCP segment
 * (RFC 9293 header, plus the 4-byte MSS option on SYNs), as a raw-IP capture wants them.
 *
 * <p>No payload bytes exist in the simulation: the payload is taken to be zeros. That makes the TCP checksum
 * computable without materialising the payload (zero words add nothing to a ones'-complement sum; only the
 * length enters, through the pseudo-header), and the captured copy may stop at any snap length.
 */
public final class PacketEncoder {
    /** Default initial TTL, as Linux sends. */
    public static final int DEFAULT_TTL = 64;
    /** Largest header bytes {@link #encode} writes: IPv4 (20) + TCP (20) + MSS option (4) + timestamps (12). */
    public static final int MAX_HEADER_BYTES = Segment.IP_HEADER_BYTES + Segment.TCP_HEADER_BYTES
            + Segment.MSS_OPTION_BYTES + Segment.TIMESTAMPS_OPTION_BYTES;

    private static final int PROTOCOL_TCP = 6;
    private static final int FLAG_DONT_FRAGMENT = 0x4000;

    private PacketEncoder() {
    }

    /** Total length of the IPv4 packet of {@code s} on the wire (what the IP header's total length says). */
    public static int wireLength(Segment s) {
        return s.sizeBytes();
    }

    /**
     * Writes the first {@code min(buf.length, wire length)} bytes of the packet of {@code s} into {@code buf}
     * (from offset 0) and returns that count. {@code buf} must hold at least {@link #MAX_HEADER_BYTES}.
     *
     * @param identification the IPv4 identification field (low 16 bits are used)
     * @param ttl time to live (low 8 bits)
     */
    public static int encode(Segment s, int identification, int ttl, byte[] buf) {
        if (buf.length < MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("buffer of " + buf.length + " bytes cannot hold the headers");
        }
        int total = wireLength(s);
        if (total > 0xffff) {
            throw new IllegalArgumentException("IPv4 packet of " + total + " bytes is too long: " + s);
        }
        int tcpHeader = s.tcpHeaderBytes();
        int tcpLength = tcpHeader + s.payloadLength();
        // IPv4 header
        buf[0] = 0x45; // version 4, IHL 5 words
        buf[1] = 0; // DSCP/ECN
        put16(buf, 2, total);
        put16(buf, 4, identification);
        put16(buf, 6, FLAG_DONT_FRAGMENT);
        buf[8] = (byte) ttl;
        buf[9] = PROTOCOL_TCP;
        put16(buf, 10, 0);
        put32(buf, 12, s.source());
        put32(buf, 16, s.destination());
        put16(buf, 10, internetChecksum(buf, 0, Segment.IP_HEADER_BYTES, 0));
        // TCP header
        int t = Segment.IP_HEADER_BYTES;
        put16(buf, t, s.sourcePort());
        put16(buf, t + 2, s.destinationPort());
        put32(buf, t + 4, s.seq());
        put32(buf, t + 8, s.isAck() ? s.ack() : 0);
        buf[t + 12] = (byte) ((tcpHeader / 4) << 4);
        buf[t + 13] = (byte) (s.flags() & 0x3f);
        put16(buf, t + 14, Math.max(0, Math.min(0xffff, s.window())));
        put16(buf, t + 16, 0);
        put16(buf, t + 18, 0); // urgent pointer
        if (s.mss() > 0) {
            buf[t + 20] = 2; // kind: maximum segment size
            buf[t + 21] = 4; // option length
            put16(buf, t + 22, s.mss());
        }
        if (s.timestamps()) { // RFC 7323 3.2 as Linux lays it out: NOP, NOP, kind 8, length 10, TSval, TSecr
            int o = t + Segment.TCP_HEADER_BYTES + (s.mss() > 0 ? Segment.MSS_OPTION_BYTES : 0);
            buf[o] = 1;
            buf[o + 1] = 1;
            buf[o + 2] = 8;
            buf[o + 3] = 10;
            put32(buf, o + 4, s.tsVal());
            put32(buf, o + 8, s.tsEcr());
        }
        // pseudo-header (RFC 9293 3.1): source, destination, zero + protocol, TCP length
        long pseudo = (s.source() >>> 16) + (s.source() & 0xffff) + (s.destination() >>> 16)
                + (s.destination() & 0xffff) + PROTOCOL_TCP + tcpLength;
        put16(buf, t + 16, internetChecksum(buf, t, tcpHeader, pseudo));
        int captured = Math.min(buf.length, total);
        int headers = t + tcpHeader;
        if (captured > headers) {
            Arrays.fill(buf, headers, captured, (byte) 0);
        }
        return captured;
    }

    /**
     * The Internet checksum (RFC 1071) of {@code length} bytes of {@code data} from {@code offset}, starting from
     * {@code initialSum} (e.g. a pseudo-header's word sum): the ones'-complement of the ones'-complement sum of
     * the 16-bit big-endian words, an odd last byte padded with zero.
     */
    public static int internetChecksum(byte[] data, int offset, int length, long initialSum) {
        long sum = initialSum;
        int end = offset + length;
        int i = offset;
        for (; i + 1 < end; i += 2) {
            sum += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
        }
        if (i < end) {
            sum += (data[i] & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    static void put32(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
