package tcpsim.experiments.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpsim.tcp.CloseReason;
import tcpsim.tcp.TcpState;

class ParkedRecordsTest {
    private static final int BLOCK_BYTES = ParkedRecords.BLOCK * LiveRecord.BYTES;

    /** An output with a scratch file in {@code dir}, or none when dir is null. */
    static class Scratch implements RunOutput {
        final Path file;
        FileChannel channel;

        Scratch(Path dir) {
            file = dir == null ? null : dir.resolve("scratch.bin");
        }

        @Override
        public FileChannel scratch() throws IOException {
            if (file != null && channel == null) {
                channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
            }
            return channel;
        }

        @Override
        public void connection(ConnectionRecord record) {
        }

        @Override
        public void occupancy(long time, int host, TcpState state, int count) {
        }

        @Override
        public void close() throws IOException {
            if (channel != null) {
                channel.close();
            }
        }
    }

    /** A record with every field set, all different from one id to the next. */
    static LiveRecord record(long id) {
        LiveRecord r = new LiveRecord(id, (int) (id % 7), (int) (id % 5) + 7, 80 + (int) (id % 3), 1_000_000 * id);
        r.clientPort((int) (40_000 + id % 20_000));
        r.clientTcb = (int) (2 * id);
        r.serverTcb = (int) (2 * id + 1);
        r.clientEnteredAt = 3 * id + 1;
        r.serverEnteredAt = 3 * id + 2;
        r.clientEstablished(1_000_000 * id + 50_000_017);
        r.firstSynArrived(1_000_000 * id + 25_000_001);
        r.serverEstablished(1_000_000 * id + 75_000_003);
        r.closed(false, 1_000_000 * id + 90_000_000 + id);
        r.stay0 = (int) id;
        r.stay1 = LiveRecord.NO_STAY;
        r.stay2 = (int) (id * 11);
        r.stay3 = -(int) id;
        r.stay4 = Integer.MAX_VALUE - 1;
        r.set(LiveRecord.CLIENT_INITIATED_CLOSE, true);
        r.set(LiveRecord.SERVER_STAYED << (id % 5), true);
        r.clientSyns = (short) (1 + id % 4);
        r.serverSyns = (short) (1 + id % 3);
        r.enter(true, TcpState.TIME_WAIT, 3 * id + 1);
        r.enter(false, TcpState.CLOSED, 3 * id + 2);
        r.clientStateBeforeClosed(TcpState.FIN_WAIT_2);
        r.clientReason(CloseReason.values()[(int) (id % CloseReason.values().length)]);
        return r;
    }

    /** Every field of {@code r}, as {@link LiveRecord#write} writes them. */
    static ByteBuffer bytes(LiveRecord r) {
        ByteBuffer b = ByteBuffer.allocate(LiveRecord.BYTES);
        r.write(b, 0);
        return b;
    }

    @Test
    void aRecordReadBackHasEveryFieldItWasWrittenWith() {
        LiveRecord r = record(123_456_789L);
        ByteBuffer b = ByteBuffer.allocate(3 * LiveRecord.BYTES);
        r.write(b, LiveRecord.BYTES);
        LiveRecord back = LiveRecord.read(b, LiveRecord.BYTES);
        assertEquals(bytes(r), bytes(back));
        // and the derived values the recorder uses
        assertEquals(r.id, back.id);
        assertEquals(r.start, back.start);
        assertEquals(r.clientPort(), back.clientPort());
        assertEquals(r.serverPort(), back.serverPort());
        assertEquals(r.serverSetup(), back.serverSetup());
        assertEquals(r.state(true), back.state(true));
        assertEquals(TcpState.FIN_WAIT_2, back.clientStateBeforeClosed());
        assertEquals(r.clientReason(), back.clientReason());
        assertEquals(Recorder.outcome(r), Recorder.outcome(back));
        assertEquals(0, back.flags & LiveRecord.PARKED);
    }

    @Test
    void recordsComeBackFromTheScratchFileInAnyOrderAndItsRegionsAreReused(@TempDir Path dir) throws IOException {
        try (Scratch out = new Scratch(dir)) {
            check(out);
            // three rounds of 3000 records each, every one gone before the next round: three blocks' regions
            // at most (the third block of a round is the one being filled, in memory)
            assertTrue(Files.size(out.file) <= 3L * BLOCK_BYTES, "scratch file of " + Files.size(out.file));
            assertTrue(Files.size(out.file) >= 2L * BLOCK_BYTES, "the full blocks went to the file");
        }
    }

    @Test
    void recordsLeavingFortyBlocksAtOnceComeBackRight(@TempDir Path dir) throws IOException {
        // one record from each of 40 blocks in turn, as at one tick of the timer wheel: more blocks than are kept
        // read back, so blocks are read back whole, put out of memory, read back again, and at the end (few
        // records left in each) read a record at a time
        int blocks = 40;
        try (Scratch out = new Scratch(dir)) {
            ParkedRecords parked = new ParkedRecords(out);
            List<ParkedRecords.Block> of = new ArrayList<>();
            for (long id = 1; id <= (long) blocks * ParkedRecords.BLOCK; id++) {
                of.add(parked.park(record(id), (int) (2 * id)));
            }
            for (int k = 0; k < ParkedRecords.BLOCK; k++) {
                for (int j = 0; j < blocks; j++) {
                    long id = (long) j * ParkedRecords.BLOCK + k + 1;
                    assertEquals(bytes(record(id)), bytes(parked.unpark(of.get((int) id - 1), 2 * id)), "record " + id);
                }
            }
            assertEquals(0, parked.parked());
        }
    }

    @Test
    void aScratchFileThatCannotBeWrittenFailsTheRunNamingIt(@TempDir Path dir) throws IOException {
        try (Scratch out = new Scratch(dir)) {
            out.scratch().close(); // as if the disk had gone: every write fails
            ParkedRecords parked = new ParkedRecords(out);
            java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class, () -> {
                for (long id = 1; id <= ParkedRecords.BLOCK + 1; id++) {
                    parked.park(record(id), (int) (2 * id));
                }
            });
            assertEquals("cannot write records to the run's scratch file (scratch.bin in its part folder): "
                    + "ClosedChannelException", e.getCause().getMessage());
        }
    }

    @Test
    void withoutAScratchFileTheBlocksStayInMemory() throws IOException {
        try (Scratch out = new Scratch(null)) {
            check(out);
        }
    }

    /** Parks 3000 records, unparks them in a shuffled order (peeking some first), three times over. */
    private static void check(RunOutput out) {
        ParkedRecords parked = new ParkedRecords(out);
        SplittableRandom rnd = new SplittableRandom(7);
        long id = 1;
        for (int round = 0; round < 3; round++) {
            List<ParkedRecords.Block> blocks = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 3000; i++, id++) {
                blocks.add(parked.park(record(id), (int) (2 * id)));
                ids.add(id);
            }
            assertEquals(3000, parked.parked());
            // mostly in order (as TIME_WAIT ends), with stragglers: swap some neighbours and some far apart
            for (int i = 0; i < 300; i++) {
                int a = rnd.nextInt(3000);
                int b = rnd.nextInt(10) == 0 ? rnd.nextInt(3000) : Math.min(2999, a + 1 + rnd.nextInt(5));
                java.util.Collections.swap(blocks, a, b);
                java.util.Collections.swap(ids, a, b);
            }
            for (int i = 0; i < 3000; i++) {
                long want = ids.get(i);
                if (i % 97 == 0) {
                    assertEquals(want, parked.id(blocks.get(i), 2 * want)); // a peek leaves it parked
                }
                LiveRecord back = parked.unpark(blocks.get(i), 2 * want);
                assertEquals(bytes(record(want)), bytes(back), "record " + want);
            }
            assertEquals(0, parked.parked());
        }
    }

    @Test
    void atTheEndEveryRecordStillParkedComesOutOnceAndAnUnknownTcbIsAnError(@TempDir Path dir) throws IOException {
        try (Scratch out = new Scratch(dir)) {
            ParkedRecords parked = new ParkedRecords(out);
            List<ParkedRecords.Block> blocks = new ArrayList<>();
            for (long id = 1; id <= 2500; id++) {
                blocks.add(parked.park(record(id), (int) (2 * id)));
            }
            for (long id = 1; id <= 2500; id += 2) {
                parked.unpark(blocks.get((int) id - 1), 2 * id);
            }
            assertThrows(IllegalStateException.class, () -> parked.unpark(blocks.get(0), 2));
            List<Long> rest = new ArrayList<>();
            for (LiveRecord r : parked.unparkAll()) {
                assertEquals(bytes(record(r.id)), bytes(r));
                rest.add(r.id);
            }
            java.util.Collections.sort(rest);
            assertEquals(1250, rest.size());
            for (int i = 0; i < rest.size(); i++) {
                assertEquals(2L * (i + 1), rest.get(i));
            }
            assertEquals(0, parked.parked());
            assertFalse(parked.unparkAll().iterator().hasNext());
        }
    }
}
