package tcpsim.experiments.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * {@code --shard K/N}: shard K (1-based, as Slurm array tasks and people count) of N. Kubernetes' 0-based
 * JOB_COMPLETION_INDEX is turned into K by the recipe in experiments/deploy/kubernetes.
 */
record ShardSpec(int index, int count) {
    private static final Pattern FORM = Pattern.compile("([0-9]{1,9})/([0-9]{1,9})");

    /** Parses "K/N"; the message says what is allowed. */
    static ShardSpec parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not K/N (shard K of N, 1 <= K <= N, e.g. "
                    + "--shard 2/3)");
        }
        int k = Integer.parseInt(m.group(1));
        int n = Integer.parseInt(m.group(2));
        if (n < 1) {
            throw new IllegalArgumentException(text + ": the number of shards N must be at least 1");
        }
        if (k < 1 || k > n) {
            throw new IllegalArgumentException(text + ": K must be in 1.." + n + " (shards are counted from 1)");
        }
        return new ShardSpec(k, n);
    }

    /** The default folder name of this shard of experiment {@code name}: {@code <name>.shard-K-of-N}. */
    String folderName(String name) {
        return name + ".shard-" + index + "-of-" + count;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }

    /** picocli's converter: a bad value is a usage error naming the option. */
    static final class Converter implements CommandLine.ITypeConverter<ShardSpec> {
        @Override
        public ShardSpec convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
