package tcpsim.experiments.sim;

/** Something attached to one run (one sweep point x one replication) before it starts; closed after it ends. */
@FunctionalInterface
public interface RunHook {
    /**
     * Called once per run, after the scenario is built and before its first event runs. The returned object is
     * closed after the run's last event (also when the run fails).
     */
    AutoCloseable attach(RunContext context) throws java.io.IOException;
}
