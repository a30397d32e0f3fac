package tcpsim.experiments.results;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one-writer lock of a results folder: {@code .<name>.lock} next to it, held with an operating-system file lock
 * (released by the kernel when the holder dies, even by kill -9) and naming its holder ({@code pid}, {@code host},
 * {@code since}) for the message a second writer gets. A lock file whose OS lock is free but that still names a
 * holder was left by a process that died: it is taken over, with a note.
 */
public final class FolderLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean closed;

    private FolderLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of results folder {@code out}. */
    public static Path fileOf(Path out) {
        Path abs = out.toAbsolutePath().normalize();
        return abs.getParent().resolve("." + abs.getFileName() + ".lock");
    }

    /**
     * Takes the lock of {@code out} (creating its parent folder if needed).
     *
     * @param notes receives a line when a stale lock of a dead process is taken over
     * @throws ResultsFolder.UnusableFolderException when another live process holds it (the message names it)
     */
    public static FolderLock acquire(Path out, Consumer<String> notes)
            throws IOException, ResultsFolder.UnusableFolderException {
        Path file = fileOf(out);
        Files.createDirectories(file.getParent());
        for (int attempt = 0; attempt < 3; attempt++) {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this very JVM
            }
            if (lock == null) {
                String holder = holder(file);
                ch.close();
                throw new ResultsFolder.UnusableFolderException(out + " is being written by another tcpsim ("
                        + (holder.isEmpty() ? "holder unknown" : holder) + "); wait until it finishes, or choose "
                        + "another --out (lock file " + file + ")");
            }
            String stale = read(ch);
            String mine = "pid " + ProcessHandle.current().pid() + " on host " + host() + " since " + Instant.now();
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((mine + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(true);
            // the file may have been deleted by its previous holder between our open and our lock: then we locked
            // an orphan; the path must show our own line
            if (mine.equals(holder(file))) {
                if (!stale.isBlank()) {
                    notes.accept("took over the stale lock " + file + " of a process that is gone (" + stale.strip()
                            + ")");
                }
                return new FolderLock(file, ch, lock);
            }
            lock.release();
            ch.close();
        }
        throw new ResultsFolder.UnusableFolderException("could not take the lock " + fileOf(out)
                + ": other tcpsim processes keep replacing it");
    }

    private static String read(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(ch.size(), 4096));
        ch.read(buf, 0);
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    }

    /** The holder line of a lock file, or "" when it is absent or empty. */
    static String holder(Path file) throws IOException {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : lines.get(0).strip();
        } catch (NoSuchFileException e) {
            return "";
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Removes the lock file and releases the lock; idempotent (the interruption hook may have done it). */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Files.deleteIfExists(file);
        } finally {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }
}
