package tcpsim.tcp;

import java.util.List;

import tcpsim.kernel.net.Ipv4;
import tcpsim.kernel.net.Packet;

/**
 * One TCP segment inside its IPv4 packet. Immutable; payload is counted in bytes, no bytes are carried.
 *
 * <p>{@code seq} and {@code ack} are 32-bit sequence numbers stored in an {@code int}: compare them only through
 * {@link Seq}. The MSS option is present on SYNs only ({@code mss > 0}). With {@code timestamps} the segment
 * carries the RFC 7323 timestamps option (TSval, TSecr; 12 bytes with its two NOPs, as Linux sends it). Fields a
 * real header cannot carry are refused: the window (16 bits, at most scaled by 2^14, RFC 7323 2.3) keeps every
 * window comparison modulo 2^32 exact, and the payload fits one IPv4 packet.
 */
public record Segment(int source, int destination, int sourcePort, int destinationPort, int seq, int ack,
        int flags, int window, int payloadLength, int mss, boolean timestamps, int tsVal, int tsEcr)
        implements Packet {

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    public static final int IP_HEADER_BYTES = 20;
    public static final int TCP_HEADER_BYTES = 20;
    public static final int MSS_OPTION_BYTES = 4;
    /** NOP, NOP, kind 8, length 10, TSval, TSecr (RFC 7323 3.2, the layout Linux uses). */
    public static final int TIMESTAMPS_OPTION_BYTES = 12;

    /** Largest window a segment can announce: 65535 scaled by the largest shift 14 (RFC 7323 2.3), below 2^30. */
    public static final int MAX_WINDOW = 65535 << 14;
    /** Largest payload of one IPv4 packet with minimal headers: 65535 - 20 - 20. */
    public static final int MAX_PAYLOAD = 65535 - IP_HEADER_BYTES - TCP_HEADER_BYTES;

    public Segment {
        if (window < 0 || window > MAX_WINDOW) {
            throw new IllegalArgumentException("segment window must be in 0.." + MAX_WINDOW + ", got " + window);
        }
        if (payloadLength < 0 || payloadLength > MAX_PAYLOAD) {
            throw new IllegalArgumentException("segment payload must be in 0.." + MAX_PAYLOAD + " bytes, got "
                    + payloadLength);
        }
        if (mss < 0 || mss > 65535) {
            throw new IllegalArgumentException("segment mss option must be in 0..65535, got " + mss);
        }
    }

    /** A segment without the timestamps option. */
    public Segment(int source, int destination, int sourcePort, int destinationPort, int seq, int ack, int flags,
            int window, int payloadLength, int mss) {
        this(source, destination, sourcePort, destinationPort, seq, ack, flags, window, payloadLength, mss, false, 0,
                0);
    }

    public boolean isSyn() {
        return (flags & SYN) != 0;
    }

    public boolean isAck() {
        return (flags & ACK) != 0;
    }

    public boolean isFin() {
        return (flags & FIN) != 0;
    }

    public boolean isRst() {
        return (flags & RST) != 0;
    }

    /** Bytes of TCP header, options included. */
    public int tcpHeaderBytes() {
        return TCP_HEADER_BYTES + (mss > 0 ? MSS_OPTION_BYTES : 0) + (timestamps ? TIMESTAMPS_OPTION_BYTES : 0);
    }

    @Override
    public int sizeBytes() {
        return IP_HEADER_BYTES + tcpHeaderBytes() + payloadLength;
    }

    /** Sequence space the segment occupies: its payload plus one for SYN and one for FIN (RFC 9293 3.4). */
    public int segmentLength() {
        return payloadLength + (isSyn() ? 1 : 0) + (isFin() ? 1 : 0);
    }

    /** The flag names in Wireshark's order: bit i of the flags field is {@code FLAG_NAMES.get(i)}. */
    public static final List<String> FLAG_NAMES = List.of("FIN", "SYN", "RST", "PSH", "ACK");

    /** Flags in Wireshark's order and spelling, e.g. {@code SYN,ACK} or {@code FIN,ACK}. */
    public String flagNames() {
        return flagNames(flags, ',');
    }

    /** The names of the set flags in Wireshark's order, joined by {@code sep}: e.g. {@code SYN+ACK}. */
    public static String flagNames(int flags, char sep) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < FLAG_NAMES.size(); i++) {
            if ((flags & (1 << i)) != 0) {
                if (sb.length() > 0) {
                    sb.append(sep);
                }
                sb.append(FLAG_NAMES.get(i));
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return Ipv4.format(source) + ":" + sourcePort + " > " + Ipv4.format(destination) + ":" + destinationPort
                + " [" + flagNames() + "] seq=" + Integer.toUnsignedString(seq) + " ack="
                + Integer.toUnsignedString(ack) + " win=" + window + " len=" + payloadLength
                + (mss > 0 ? " mss=" + mss : "")
                + (timestamps ? " tsval=" + Integer.toUnsignedString(tsVal) + " tsecr=" + Integer.toUnsignedString(tsEcr)
                        : "");
    }
}
