package tcpsim.kernel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Named random streams. Each stream's seed is the SHA-256 of (master seed, replication, stream name), so a
 * stream's numbers depend on nothing else: adding a consumer never perturbs another, and two sweep points that
 * name the same stream draw the same numbers (common random numbers).
 */
public final class RandomStreams {
    private final long masterSeed;
    private final int replication;
    private final Map<String, RandomGenerator> streams = new HashMap<>(); // looked up, never iterated
    private final Set<String> drawnAhead = new HashSet<>(); // the names given to uniforms(); looked up, never iterated

    public RandomStreams(long masterSeed, int replication) {
        this.masterSeed = masterSeed;
        this.replication = replication;
    }

    public long masterSeed() {
        return masterSeed;
    }

    public int replication() {
        return replication;
    }

    /**
     * The generator for {@code name}; asking twice for one name gives the same generator.
     *
     * @throws IllegalStateException when the stream was handed out by {@link #uniforms}
     */
    public RandomGenerator stream(String name) {
        if (drawnAhead.contains(name)) {
            throw new IllegalStateException("random stream " + name + " has a single consumer (uniforms)");
        }
        return generator(name);
    }

    /**
     * The uniform doubles of {@code name} for its only consumer, drawn ahead in blocks (the same numbers as
     * {@code stream(name).nextDouble()}).
     *
     * @throws IllegalStateException when the stream was already handed out, either way
     */
    public Uniforms uniforms(String name) {
        if (streams.containsKey(name)) {
            throw new IllegalStateException("random stream " + name + " is already in use; uniforms need it alone");
        }
        drawnAhead.add(name);
        return new Uniforms(generator(name));
    }

    private RandomGenerator generator(String name) {
        return streams.computeIfAbsent(name, n -> new Well19937cStream(seedFor(masterSeed, replication, n)));
    }

    /** The 256-bit seed of a stream, as eight ints. */
    static int[] seedFor(long masterSeed, int replication, String name) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        sha.update(ByteBuffer.allocate(12).putLong(masterSeed).putInt(replication).array());
        sha.update(name.getBytes(StandardCharsets.UTF_8));
        ByteBuffer digest = ByteBuffer.wrap(sha.digest());
        int[] seed = new int[8];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = digest.getInt();
        }
        return seed;
    }
}
