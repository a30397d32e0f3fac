/**
 * Reading and checking experiment configs, nothing else: YAML and {@code --set} overrides in
 * ({@link tcpsim.experiments.config.YamlInput}), every parameter declared once ({@link tcpsim.experiments.config.Param}
 * in the list {@link tcpsim.experiments.config.Keys}; the {@code tcp.*} keys come from tcp-model's
 * {@code TcpParameter}), the value types with their units and ranges ({@link tcpsim.experiments.config.Types},
 * {@link tcpsim.experiments.config.Units}), the sweep grid ({@link tcpsim.experiments.config.SweepType}), and the
 * validated immutable records a run is built from ({@link tcpsim.experiments.config.ExperimentConfig},
 * {@link tcpsim.experiments.config.PointConfig} and the records it holds). {@link tcpsim.experiments.config.ConfigLoader}
 * is the entry point; {@link tcpsim.experiments.config.ConfigTree} writes the resolved config back for the manifest,
 * {@link tcpsim.experiments.config.Reference} the reference that {@code tcpsim keys} and README show.
 *
 * <p>Depends on nothing else in experiments; every other package may use it.
 */
package tcpsim.experiments.config;
