/**
 * Sequence (ladder) diagrams of one connection from its trace rows: the layout
 * ({@link tcpsim.experiments.ladder.LadderDiagram}) and its renderings as text
 * ({@link tcpsim.experiments.ladder.LadderText}) and as PNG and SVG ({@link tcpsim.experiments.ladder.LadderImages},
 * {@link tcpsim.experiments.ladder.LadderPainter}, whose labels {@link tcpsim.experiments.ladder.LadderLabels} lays
 * out without overlaps).
 *
 * <p>Depends on capture (the trace rows) only.
 */
package tcpsim.experiments.ladder;
