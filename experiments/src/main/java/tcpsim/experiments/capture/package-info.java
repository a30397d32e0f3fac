/**
 * What a run's packets and segments looked like: libpcap files per host ({@link tcpsim.experiments.capture.PcapHook},
 * {@link tcpsim.experiments.capture.PcapCapture}, {@link tcpsim.experiments.capture.PacketEncoder},
 * {@link tcpsim.experiments.capture.PcapWriter}) and the segment trace
 * ({@link tcpsim.experiments.capture.TraceHook}, {@link tcpsim.experiments.capture.TraceRow}, trace.csv and its
 * per-run parts in {@link tcpsim.experiments.capture.TraceFiles}). Both are run hooks.
 *
 * <p>Depends on sim (the hook interface) and config.
 */
package tcpsim.experiments.capture;
