/**
 * Simulating an experiment's runs: one run's world ({@link tcpsim.experiments.sim.Scenario}: the
 * {@link tcpsim.experiments.sim.Topology}, the TCP stacks, the {@link tcpsim.experiments.sim.Workload}), what it
 * records ({@link tcpsim.experiments.sim.Recorder} per connection, {@link tcpsim.experiments.sim.OccupancyRecorder}
 * per state) and the one entry point that runs a {@link tcpsim.experiments.sim.RunPlan}:
 * {@link tcpsim.experiments.sim.Experiment#run}, with {@link tcpsim.experiments.sim.RunHook}s attached to each run
 * and the results handed to a {@link tcpsim.experiments.sim.RunSink} in (point, replication) order.
 *
 * <p>Depends on config only; knows nothing of files, reports or captures.
 */
package tcpsim.experiments.sim;
