package tcpsim.experiments.results;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The results folder is written into a temporary sibling ({@code .<name>.partial-<pid>}) and moved into place only
 * when complete, so an interrupted or failed run never leaves a folder that looks complete; an existing results
 * folder is replaced only at that moment. A folder that exists, is not empty and holds no manifest.json is never
 * replaced (it is not ours).
 */
public final class ResultsFolder {
    private ResultsFolder() {
    }

    /** Why a folder cannot be used; the message says which folder and why. */
    public static final class UnusableFolderException extends Exception {
        private static final long serialVersionUID = 1L;

        public UnusableFolderException(String message) {
            super(message);
        }
    }

    /** Checks that {@code out} may be (re)written; nothing is created. */
    public static void check(Path out) throws UnusableFolderException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UnusableFolderException(out + " exists and is not a folder");
        }
        if (Files.isDirectory(out) && !Files.exists(out.resolve(ResultFiles.MANIFEST)) && !isEmpty(out)) {
            throw new UnusableFolderException(out + " exists, is not empty and is not a tcpsim results folder (no "
                    + ResultFiles.MANIFEST + "); choose another --out");
        }
    }

    private static boolean isEmpty(Path dir) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    /** Creates the temporary sibling folder of {@code out}. */
    public static Path createTemporary(Path out) throws IOException {
        Path abs = out.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve("." + abs.getFileName() + ".partial-" + ProcessHandle.current().pid());
        if (Files.exists(tmp)) {
            delete(tmp);
        }
        return Files.createDirectory(tmp);
    }

    /** Moves the finished {@code tmp} to {@code out}, replacing a previous results folder there. */
    public static void commit(Path tmp, Path out) throws IOException {
        Path abs = out.toAbsolutePath().normalize();
        Path old = null;
        if (Files.exists(abs)) {
            old = abs.getParent().resolve("." + abs.getFileName() + ".old-" + ProcessHandle.current().pid());
            if (Files.exists(old)) {
                delete(old);
            }
            Files.move(abs, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
        if (old != null) {
            delete(old);
        }
    }

    /** Deletes a folder tree; quietly does nothing when it does not exist. */
    public static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
