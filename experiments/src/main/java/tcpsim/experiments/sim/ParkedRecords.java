package tcpsim.experiments.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the {@link Recorder} keeps, out of the heap, the records of connections that only wait for one end's TIME_WAIT
 * to end (a minute, on Linux): nothing else can change them in the meantime, and there are hundreds of thousands
 * of them at once on a busy host. A {@link LiveRecord} object costs 128 bytes; parked, a record costs 4 bytes of
 * heap (its TCB id in its block), and its {@link LiveRecord#BYTES} bytes go to the run's scratch file.
 *
 * <p>Records are parked in blocks of {@value #BLOCK}, in the order they become parked, which is about the order their
 * TIME_WAIT ends, since TIME_WAIT lasts the same for every connection of a run. The waiting end's TCB carries its
 * block as its attachment, so the recorder finds the block from the TCB and the record in it by the TCB's id. A
 * block being filled stays in memory and goes to the file once full (one write of {@value #BLOCK} records); a
 * block that many records are leaving from is read back whole (one read), a nearly empty one a record at a time.
 * A block whose records have all left frees its region of the file for a later block, so the file is as large as
 * the most records parked at once, not all records ever parked. Without a scratch file (an output that keeps
 * everything in memory) the blocks stay in the heap: 108 bytes a record, still less than the object. The file is
 * the run's own, read only by the process that wrote it, so records are in the machine's byte order (no swaps).
 */
final class ParkedRecords {
    /** Records per block. */
    static final int BLOCK = 1024;
    private static final int BLOCK_BYTES = BLOCK * LiveRecord.BYTES;
    /** A block with more records than this still parked is read back whole when one of them leaves. */
    private static final int READ_WHOLE = BLOCK / 8;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    /** Blocks kept in memory once read back. */
    private static final int READ_BACK = 32;

    /** Up to {@value #BLOCK} parked records; every parked TCB has its block as attachment. */
    static final class Block {
        private final int[] tcbs = new int[BLOCK]; // the waiting end's TCB id of each record; 0 once it has left
        private int count; // records written into the block
        private int live; // records still parked
        private int region = -1; // its place in the scratch file once written there
        private ByteBuffer bytes; // its records, while in memory (being filled, read back, or no file at all)
        private int next; // where the next record to leave most likely is: records leave about in order
    }

    private final RunOutput output;
    private FileChannel file; // opened when the first block is full; null while none is, or when there is none
    private boolean noFile; // the output has no scratch file: blocks stay in memory
    private Block filling;
    private ByteBuffer spare; // the last full block's buffer, once written to the file: the next one fills it
    private final List<Block> blocks = new ArrayList<>(); // every block with parked records (and some without)
    private int[] freeRegions = new int[16];
    private int free;
    private int regions;
    /**
     * The blocks read back whole most recently (file only), a ring whose next slot to reuse is {@link #oldest}.
     * Records leave a block in bursts, not in one go: Linux's timer wheel fires a 60 s TIME_WAIT on a tick of 512
     * jiffies (about 2 s, see {@code Jiffies}), so the records of some twenty blocks leave at one tick, mixed; and a
     * TIME_WAIT may start well before its record is parked (the other end's last ACK resent). With the eight blocks
     * of a first version, the standard bench read 56,000 blocks back and 117,000 records one by one; with
     * {@value #READ_BACK}, 976 blocks and no single record. Its memory is constant: {@value #READ_BACK} direct
     * buffers of {@value #BLOCK} records, 3.5 MB.
     */
    private final Block[] readBack = new Block[READ_BACK];
    private final ByteBuffer[] readBackBytes = new ByteBuffer[READ_BACK]; // kept for the next block read back
    private int oldest; // where in readBack the block read back longest ago is
    private final ByteBuffer one = ByteBuffer.allocate(LiveRecord.BYTES).order(NATIVE);
    private long parked;

    /** @param output the run's output, which opens the scratch file when one is needed */
    ParkedRecords(RunOutput output) {
        this.output = output;
    }

    /** Records parked now. */
    long parked() {
        return parked;
    }

    /** Parks {@code r}, whose waiting end is TCB {@code tcb}; returns the block that end's TCB is to carry. */
    Block park(LiveRecord r, int tcb) {
        if (filling == null || filling.count == BLOCK) {
            seal();
            filling = new Block();
            filling.bytes = spare != null ? spare.clear() : ByteBuffer.allocate(BLOCK_BYTES).order(NATIVE);
            spare = null;
            blocks.add(filling);
        }
        Block b = filling;
        r.write(b.bytes, b.count * LiveRecord.BYTES);
        b.tcbs[b.count++] = tcb;
        b.live++;
        parked++;
        return b;
    }

    /** Takes the record of TCB {@code tcb} out of block {@code b}. */
    LiveRecord unpark(Block b, long tcb) {
        int i = find(b, tcb);
        LiveRecord r = read(b, i);
        b.tcbs[i] = 0;
        b.next = i + 1;
        b.live--;
        parked--;
        if (b.live == 0 && b != filling) {
            release(b);
        }
        return r;
    }

    /** The workload number of the record of TCB {@code tcb} in block {@code b}, which stays parked. */
    long id(Block b, long tcb) {
        return read(b, find(b, tcb)).id;
    }

    /** Takes every record out (the run is over), in no particular order. */
    List<LiveRecord> unparkAll() {
        List<LiveRecord> all = new ArrayList<>();
        for (Block b : blocks) {
            for (int i = 0; i < b.count && b.live > 0; i++) {
                if (b.tcbs[i] != 0) {
                    all.add(unpark(b, b.tcbs[i]));
                }
            }
        }
        blocks.clear();
        filling = null;
        return all;
    }

    private static int find(Block b, long tcb) {
        for (int k = 0, i = b.next; k < b.count; k++, i++) {
            if (i >= b.count) {
                i = 0;
            }
            if (b.tcbs[i] == tcb) {
                return i;
            }
        }
        throw new IllegalStateException("TCB " + tcb + " has no record parked in its block");
    }

    private LiveRecord read(Block b, int i) {
        try {
            if (b.bytes != null) {
                return LiveRecord.read(b.bytes, i * LiveRecord.BYTES);
            }
            long at = (long) b.region * BLOCK_BYTES;
            if (b.live > READ_WHOLE) {
                readBack(b, at);
                return LiveRecord.read(b.bytes, i * LiveRecord.BYTES);
            }
            one.clear();
            readFully(one, at + (long) i * LiveRecord.BYTES);
            return LiveRecord.read(one, 0);
        } catch (IOException e) {
            throw failed("read the records parked in", e);
        }
    }

    /** Reads {@code b} back whole, in place of the block read back longest ago. */
    private void readBack(Block b, long at) throws IOException {
        if (readBack[oldest] != null) {
            readBack[oldest].bytes = null;
        }
        ByteBuffer buf = readBackBytes[oldest];
        if (buf == null) {
            buf = ByteBuffer.allocateDirect(BLOCK_BYTES).order(NATIVE); // read into, not through a copy
            readBackBytes[oldest] = buf;
        }
        buf.clear().limit(b.count * LiveRecord.BYTES);
        readFully(buf, at);
        b.bytes = buf;
        readBack[oldest] = b;
        oldest = (oldest + 1) % READ_BACK;
    }

    private void readFully(ByteBuffer buf, long at) throws IOException {
        long pos = at;
        while (buf.hasRemaining()) {
            int n = file.read(buf, pos);
            if (n < 0) {
                throw new IOException("the scratch file ends at " + pos + ", before its parked records");
            }
            pos += n;
        }
    }

    /** The block being filled is full (or the next record starts one): to the file, when there is one. */
    private void seal() {
        Block b = filling;
        if (b == null) {
            return;
        }
        filling = null;
        if (b.live == 0) {
            release(b);
            return;
        }
        try {
            if (file == null && !noFile) {
                file = output.scratch();
                noFile = file == null;
            }
            if (noFile) {
                return; // the block stays in memory
            }
            b.region = free > 0 ? freeRegions[--free] : regions++;
            ByteBuffer buf = b.bytes;
            buf.clear().limit(b.count * LiveRecord.BYTES);
            long pos = (long) b.region * BLOCK_BYTES;
            while (buf.hasRemaining()) {
                pos += file.write(buf, pos);
            }
            b.bytes = null;
            spare = buf;
        } catch (IOException e) {
            throw failed("write records to", e);
        }
        if (blocks.size() > 64 && 2 * (parked / BLOCK + 2) < blocks.size()) {
            blocks.removeIf(x -> x.live == 0); // keeps the list near the blocks still holding records
        }
    }

    /**
     * The run fails with this error, whose cause names the scratch file (the runner reports the cause: see
     * {@code Runner.runSingle}).
     */
    private static UncheckedIOException failed(String what, IOException e) {
        String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return new UncheckedIOException(new IOException("cannot " + what + " the run's scratch file (scratch.bin in "
                + "its part folder): " + why, e));
    }

    /** No record is parked in {@code b} any more: its region of the file is free for a later block. */
    private void release(Block b) {
        b.bytes = null;
        if (b.region >= 0) {
            if (free == freeRegions.length) {
                freeRegions = Arrays.copyOf(freeRegions, 2 * free);
            }
            freeRegions[free++] = b.region;
            b.region = -1;
        }
        for (int i = 0; i < READ_BACK; i++) {
            if (readBack[i] == b) {
                readBack[i] = null;
            }
        }
    }
}
