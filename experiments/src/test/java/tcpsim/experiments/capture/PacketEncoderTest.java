package tcpsim.experiments.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import tcpsim.kernel.net.Ipv4;
import tcpsim.tcp.Segment;

class PacketEncoderTest {
    private static final int A = Ipv4.parse("10.0.0.1");
    private static final int B = Ipv4.parse("10.0.0.2");

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void ipv4ChecksumOfTheClassicExampleHeader() {
        // 192.168.0.1 -> 192.168.0.199, UDP, total length 115: checksum 0xb861 (RFC 1071 style example)
        byte[] header = bytes(0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00, 0xc0, 0xa8,
                0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7);
        assertEquals(0xb861, PacketEncoder.internetChecksum(header, 0, 20, 0));
        header[10] = (byte) 0xb8;
        header[11] = 0x61;
        assertEquals(0, PacketEncoder.internetChecksum(header, 0, 20, 0), "a header with its checksum sums to 0");
    }

    @Test
    void oddLengthIsPaddedWithZero() {
        assertEquals(~0x0100 & 0xffff, PacketEncoder.internetChecksum(bytes(0x01), 0, 1, 0));
        assertEquals(PacketEncoder.internetChecksum(bytes(0xab, 0xcd, 0x12, 0x00), 0, 4, 0),
                PacketEncoder.internetChecksum(bytes(0xab, 0xcd, 0x12), 0, 3, 0));
    }

    @Test
    void synHeaderFieldsAndMssOption() {
        Segment syn = new Segment(A, B, 40000, 80, 1000, 0, Segment.SYN, 64240, 0, 1460);
        byte[] buf = new byte[96];
        int n = PacketEncoder.encode(syn, 7, 64, buf);
        assertEquals(44, n);
        assertArrayEquals(bytes(0x45, 0x00, 0x00, 44, 0x00, 0x07, 0x40, 0x00, 64, 6), Arrays.copyOf(buf, 10));
        assertArrayEquals(bytes(10, 0, 0, 1, 10, 0, 0, 2), Arrays.copyOfRange(buf, 12, 20));
        ByteBuffer tcp = ByteBuffer.wrap(buf, 20, 24).order(ByteOrder.BIG_ENDIAN);
        assertEquals(40000, tcp.getShort(20) & 0xffff);
        assertEquals(80, tcp.getShort(22) & 0xffff);
        assertEquals(1000, tcp.getInt(24));
        assertEquals(0, tcp.getInt(28));
        assertEquals(0x60, buf[32] & 0xff, "data offset 6 words");
        assertEquals(Segment.SYN, buf[33]);
        assertEquals(64240, tcp.getShort(34) & 0xffff);
        assertArrayEquals(bytes(2, 4, 0x05, 0xb4), Arrays.copyOfRange(buf, 40, 44));
        assertEquals(0, PacketEncoder.internetChecksum(buf, 0, 20, 0), "IPv4 header checksum verifies");
        assertEquals(0, tcpSum(buf, 20, 24), "TCP checksum verifies");
    }

    @Test
    void tcpChecksumCoversTheZeroPayloadAndTheTruncatedCopyKeepsIt() {
        Segment data = new Segment(B, A, 80, 40000, 5001, 1001, Segment.ACK | Segment.PSH, 100_000, 1001, 0);
        byte[] full = new byte[data.sizeBytes()];
        assertEquals(full.length, PacketEncoder.encode(data, 0xffff, 63, full));
        assertEquals(20 + 20 + 1001, (full[2] & 0xff) << 8 | (full[3] & 0xff), "total length = original length");
        assertEquals(0xff, full[34] & 0xff, "window clamped to 65535");
        assertEquals(0xff, full[35] & 0xff);
        assertEquals(0, tcpSum(full, 20, full.length - 20), "checksum over the materialised zero payload");
        byte[] snap = new byte[96];
        assertEquals(96, PacketEncoder.encode(data, 0xffff, 63, snap));
        assertArrayEquals(Arrays.copyOf(full, 96), snap);
    }

    @Test
    void pcapFileLayout() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(bytes, 96)) {
            w.write(1_500_000_123L, new Segment(A, B, 40000, 80, 1, 2, Segment.ACK, 100, 500, 0), 1, 64);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(24 + 16 + 96, b.capacity());
        assertEquals(0xa1b23c4d, b.getInt(0));
        assertEquals(2, b.getShort(4));
        assertEquals(4, b.getShort(6));
        assertEquals(96, b.getInt(16));
        assertEquals(101, b.getInt(20));
        assertEquals(1, b.getInt(24), "seconds");
        assertEquals(500_000_123, b.getInt(28), "nanoseconds");
        assertEquals(96, b.getInt(32), "captured length");
        assertEquals(540, b.getInt(36), "original length");
    }

    /** Ones'-complement check of a TCP segment in {@code buf} with the pseudo-header of the IPv4 header at 0. */
    private static int tcpSum(byte[] buf, int offset, int length) {
        byte[] pseudo = new byte[12 + length];
        System.arraycopy(buf, 12, pseudo, 0, 8);
        pseudo[9] = 6;
        pseudo[10] = (byte) (length >>> 8);
        pseudo[11] = (byte) length;
        System.arraycopy(buf, offset, pseudo, 12, length);
        return PacketEncoder.internetChecksum(pseudo, 0, pseudo.length, 0);
    }
}
