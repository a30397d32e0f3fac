package tcpsim.experiments.sim;

/**
 * What a {@link RunHook} sees of one run.
 *
 * @param point sweep point index
 * @param replication replication index
 * @param simulation the run's simulation (single-threaded)
 * @param network the built topology: hosts client1..clientN, router, server1..serverM
 * @param tcp the TCP instance every host's stack belongs to (add observers here)
 * @param outputDir the results folder being written (a temporary sibling of the final folder during the run)
 * @param connections the workload's connection number of each TCB (ask from an observer added after the run's own)
 */
public record RunContext(int point, int replication, tcpsim.kernel.Simulation simulation,
        tcpsim.kernel.net.Network network, tcpsim.tcp.Tcp tcp, java.nio.file.Path outputDir,
        ConnectionNumbers connections) {
}
