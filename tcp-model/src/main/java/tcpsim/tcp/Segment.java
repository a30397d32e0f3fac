package tcpsim.tcp;

import tcpsim.kernel.net.Ipv4;
import tcpsim.kernel.net.Packet;

/**
 * One TCP segment inside its IPv4 packet. Immutable; payload is counted in bytes, no bytes are carried.
 *
 * <p>{@code seq} and {@code ack} are 32-bit sequence numbers stored in an {@code int}: compare them only through
 * {@link Seq}. The MSS option is present on SYNs only ({@code mss > 0}). With {@code timestamps} the segment
 * carries the RFC 7323 timestamps option (TSval, TSecr; 12 bytes with its two NOPs, as Linux sends it).
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

    /** Flags in Wireshark's order and spelling, e.g. {@code SYN,ACK} or {@code FIN,ACK}. */
    public String flagNames() {
        StringBuilder sb = new StringBuilder();
        append(sb, FIN, "FIN");
        append(sb, SYN, "SYN");
        append(sb, RST, "RST");
        append(sb, PSH, "PSH");
        append(sb, ACK, "ACK");
        return sb.toString();
    }

    private void append(StringBuilder sb, int flag, String name) {
        if ((flags & flag) != 0) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(name);
        }
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
