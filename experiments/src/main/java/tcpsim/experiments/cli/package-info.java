/**
 * The {@code tcpsim} command line ({@link tcpsim.experiments.cli.Main}, picocli): {@code run} assembles the hooks
 * and the results writer and calls the one run entry point, {@code validate}, {@code plot} and {@code ladder}.
 * Exit codes and error messages are decided here.
 *
 * <p>The top of the module: it may use every other package, and none uses it.
 */
package tcpsim.experiments.cli;
