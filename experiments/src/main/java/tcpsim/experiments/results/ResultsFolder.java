package tcpsim.experiments.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Replacing a results folder without losing anyone's data (README, "Failure safety and ownership").
 *
 * <p>A run writes into a temporary sibling {@code .<name>.partial-<pid>} (same file system, so moves are renames)
 * while holding the folder's {@link FolderLock}. The switch:
 * <ul>
 * <li>no folder yet: one atomic rename of the temporary folder;</li>
 * <li>an existing results folder: a marker {@code .commit} is created in the temporary folder (the journal: the
 * switch has begun), the old manifest is moved into it as {@code .previous-manifest.json} (from then on the folder
 * no longer claims to be complete), the files the old manifest owned that the new run does not write are deleted,
 * each new file is moved over its old version with an atomic rename, and the new manifest comes last. Every file
 * that neither manifest lists is left where it is.</li>
 * </ul>
 * A process killed during the switch leaves the journal; the next {@code run} or {@code plot} of the folder (under
 * its lock) finishes the switch ({@link #recoverStale}). The results folder therefore always exists once it has
 * existed, and it has a manifest exactly when its files are those the manifest lists.
 */
public final class ResultsFolder {
    private static final String COMMIT_MARKER = ".commit";
    private static final String PREVIOUS_MANIFEST = ".previous-manifest.json";
    /** The hash of the resolved config a partial folder computes, for {@code run --resume}. */
    private static final String RESUME_FILE = ResultFiles.PARTS_DIR + "/config.sha256";

    private ResultsFolder() {
    }

    /** Why a folder cannot be used; the message says which folder and why. */
    public static final class UnusableFolderException extends Exception {
        private static final long serialVersionUID = 1L;

        public UnusableFolderException(String message) {
            super(message);
        }
    }

    /**
     * Checks that {@code out} may be written; nothing is created.
     *
     * @param force whether an existing results folder may be replaced
     * @return the manifest of the results folder that will be replaced, if any
     */
    public static Optional<ObjectNode> check(Path out, boolean force) throws UnusableFolderException, IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UnusableFolderException(out + " exists and is not a folder");
        }
        if (!Files.isDirectory(out)) {
            return Optional.empty();
        }
        Optional<ObjectNode> old = Manifest.read(out);
        if (old.isEmpty() && !isEmpty(out)) {
            throw new UnusableFolderException(out + " exists, is not empty and is not a tcpsim results folder (no "
                    + ResultFiles.MANIFEST + "); choose another --out");
        }
        if (old.isPresent() && !force) {
            throw new UnusableFolderException(out + " already holds tcpsim results ('" + old.get().path("name")
                    .asText() + "'); add --force to replace them (only the files its " + ResultFiles.MANIFEST
                    + " lists are replaced, every other file stays) or choose another --out");
        }
        return old;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        }
    }

    private static String partialPrefix(Path out) {
        return "." + out.toAbsolutePath().normalize().getFileName() + ".partial-";
    }

    /** Creates the temporary sibling folder of {@code out}; call it holding the folder's lock. */
    public static Path createTemporary(Path out) throws IOException {
        Path abs = out.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve(partialPrefix(out) + ProcessHandle.current().pid());
        delete(tmp);
        return Files.createDirectory(tmp);
    }

    /**
     * Deals with the temporary folders of {@code out} left by processes that died (call it holding the lock, so
     * that no live process owns one): finishes an interrupted switch, removes incomplete folders, and names
     * complete results that were never moved into place (they are kept).
     *
     * @param notes receives one line per folder dealt with
     */
    public static void recoverStale(Path out, Consumer<String> notes) throws IOException, UnusableFolderException {
        Path abs = out.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs.getParent())) {
            return;
        }
        String prefix = partialPrefix(out);
        String mine = prefix + ProcessHandle.current().pid();
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(abs.getParent(), p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && !n.equals(mine) && Files.isDirectory(p);
        })) {
            s.forEach(stale::add);
        }
        stale.sort(null);
        for (Path p : stale) {
            if (Files.exists(p.resolve(COMMIT_MARKER))) {
                finishSwitch(p, abs);
                notes.accept("finished moving the results of an interrupted run into " + out + " (from " + p + ")");
            } else if (Files.isRegularFile(p.resolve(ResultFiles.MANIFEST))) {
                notes.accept("kept " + p + ": the complete results of a run that was killed before they were moved "
                        + "into place; move the folder where you want it or delete it");
            } else if (finishedRuns(p) > 0) {
                notes.accept("kept " + p + ": " + finishedRuns(p) + " finished run(s) of an interrupted run; add "
                        + "--resume to the same command to continue it, or delete the folder");
            } else {
                delete(p);
                notes.accept("removed " + p + ", the incomplete folder of a run that was interrupted");
            }
        }
    }

    /** The runs in a partial folder with a {@code run.json} (finished; not yet verified). */
    public static int finishedRuns(Path partial) throws IOException {
        Path parts = partial.resolve(ResultFiles.PARTS_DIR);
        if (!Files.isDirectory(parts)) {
            return 0;
        }
        try (var s = Files.list(parts)) {
            return (int) s.filter(d -> Files.isRegularFile(d.resolve(RunSummary.FILE))).count();
        }
    }

    /** Records in the new partial folder {@code tmp} which config it computes, for a later {@code --resume}. */
    public static void markResumable(Path tmp, String configHash) throws IOException {
        Path f = tmp.resolve(RESUME_FILE);
        Files.createDirectories(f.getParent());
        Files.writeString(f, configHash + "\n");
    }

    /**
     * For {@code run --resume}: the partial folder an interrupted run of the same config left for {@code out}
     * (call it holding the lock, after {@link #recoverStale}), renamed to this process's partial folder; the one
     * with the most finished runs when there are several.
     *
     * @throws UnusableFolderException when there is none, or only ones of another config or seed
     */
    public static Path adoptResumable(Path out, String configHash) throws IOException, UnusableFolderException {
        Path abs = out.toAbsolutePath().normalize();
        String prefix = partialPrefix(out);
        List<Path> candidates = new ArrayList<>();
        if (Files.isDirectory(abs.getParent())) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(abs.getParent(), p -> p.getFileName()
                    .toString().startsWith(prefix) && Files.isRegularFile(p.resolve(RESUME_FILE)))) {
                s.forEach(candidates::add);
            }
        }
        candidates.sort(null);
        Path best = null;
        List<String> others = new ArrayList<>();
        for (Path p : candidates) {
            if (!Files.readString(p.resolve(RESUME_FILE)).strip().equals(configHash)) {
                others.add(p.toString());
            } else if (best == null || finishedRuns(p) > finishedRuns(best)) {
                best = p;
            }
        }
        if (best == null && others.isEmpty()) {
            throw new UnusableFolderException("nothing to resume for " + out + ": no partial folder " + prefix
                    + "* of an interrupted run is there; run without --resume");
        }
        if (best == null) {
            throw new UnusableFolderException("cannot resume into " + out + ": " + String.join(", ", others)
                    + " belongs to another config or seed (the hash of its resolved config differs); resume with "
                    + "the same config, --set and --seed, or delete it and run without --resume");
        }
        Path mine = abs.getParent().resolve(prefix + ProcessHandle.current().pid());
        if (!best.equals(mine)) {
            delete(mine);
            Files.move(best, mine, StandardCopyOption.ATOMIC_MOVE);
        }
        return mine;
    }

    /**
     * Moves the finished {@code tmp} into {@code out} (see the class comment).
     *
     * @throws UnusableFolderException when {@code out} holds a file of a name the new results use that the old
     *                                 manifest does not list (nothing is changed; {@code tmp} is kept)
     */
    public static void commit(Path tmp, Path out) throws IOException, UnusableFolderException {
        Path abs = out.toAbsolutePath().normalize();
        if (!Files.exists(abs)) {
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        SortedSet<String> owned = Manifest.read(abs).map(Manifest::ownedFiles).orElse(new TreeSet<>());
        SortedSet<String> incoming = incoming(tmp);
        List<String> foreign = new ArrayList<>();
        for (String f : incoming) {
            if (Files.exists(abs.resolve(f)) && !owned.contains(f) || blockedByFile(abs, f)) {
                foreign.add(f);
            }
        }
        if (!foreign.isEmpty()) {
            throw new UnusableFolderException(out + " holds " + String.join(", ", foreign) + ", not written by "
                    + "tcpsim, where the new results go; nothing was replaced. The complete new results are in "
                    + tmp + ": move those files away and move the folder into place yourself");
        }
        Files.createFile(tmp.resolve(COMMIT_MARKER));
        finishSwitch(tmp, abs);
    }

    /** The files the new manifest of {@code tmp} owns, but the manifest itself. */
    private static SortedSet<String> incoming(Path tmp) throws IOException, UnusableFolderException {
        JsonNode m = Manifest.read(tmp).orElseThrow(() -> new IOException(tmp + ": no " + ResultFiles.MANIFEST));
        SortedSet<String> files = new TreeSet<>(Manifest.ownedFiles(m));
        files.remove(ResultFiles.MANIFEST);
        files.removeIf(f -> !Files.exists(tmp.resolve(f)));
        return files;
    }

    /** True when a parent of {@code rel} inside {@code dir} exists as something other than a folder. */
    private static boolean blockedByFile(Path dir, String rel) {
        for (Path p = dir.resolve(rel).getParent(); !p.equals(dir); p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                return true;
            }
        }
        return false;
    }

    /** The switch after its journal exists; idempotent, so a killed switch can be finished by the next process. */
    private static void finishSwitch(Path tmp, Path out) throws IOException, UnusableFolderException {
        Path newManifest = tmp.resolve(ResultFiles.MANIFEST);
        if (!Files.exists(newManifest)) {
            delete(tmp); // the manifest moves last: the switch was complete
            return;
        }
        Path previous = tmp.resolve(PREVIOUS_MANIFEST);
        if (!Files.exists(previous) && Files.exists(out.resolve(ResultFiles.MANIFEST))) {
            Files.move(out.resolve(ResultFiles.MANIFEST), previous, StandardCopyOption.ATOMIC_MOVE);
        }
        JsonNode next = Manifest.read(tmp).orElseThrow();
        SortedSet<String> keep = Manifest.ownedFiles(next);
        SortedSet<String> gone = new TreeSet<>();
        if (Files.exists(previous)) {
            gone.addAll(Manifest.ownedFiles(Manifest.readFile(previous)));
            gone.removeAll(keep);
        }
        for (String f : gone) {
            Files.deleteIfExists(out.resolve(f));
            removeEmptyParents(out, f);
        }
        for (String f : keep) {
            Path from = tmp.resolve(f);
            if (!f.equals(ResultFiles.MANIFEST) && Files.exists(from)) {
                Path to = out.resolve(f);
                Files.createDirectories(to.getParent());
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Files.move(newManifest, out.resolve(ResultFiles.MANIFEST), StandardCopyOption.ATOMIC_MOVE);
        delete(tmp);
    }

    private static void removeEmptyParents(Path dir, String rel) throws IOException {
        for (Path p = dir.resolve(rel).getParent(); !p.equals(dir); p = p.getParent()) {
            try {
                Files.deleteIfExists(p);
            } catch (DirectoryNotEmptyException e) {
                return;
            }
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
