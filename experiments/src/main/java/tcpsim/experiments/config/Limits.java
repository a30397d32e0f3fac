package tcpsim.experiments.config;

/**
 * What bounds one run ({@code limits:}). A run that reaches a limit stops there; the connections it has not finished
 * are reported {@code incomplete}, never {@code ok}, and the run names the limit it hit.
 *
 * @param maxEvents kernel events per run
 * @param maxDrain how long after {@code duration} the run may continue so that connections finish, ns
 * @param maxWallTime wall-clock time per run, ns; 0 = no limit
 */
public record Limits(long maxEvents, long maxDrain, long maxWallTime) {
    /** The simulated time at which a run of {@code duration} stops at the latest. */
    public long endOfRun(long duration) {
        return duration > Long.MAX_VALUE - maxDrain ? Long.MAX_VALUE : duration + maxDrain;
    }
}
