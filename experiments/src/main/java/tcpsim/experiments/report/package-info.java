/**
 * Charts and the self-contained report.html of a results folder, from its data files alone
 * ({@link tcpsim.experiments.report.Report}): setup times, occupancy over time (re-read from occupancy.csv as an
 * {@code OccupancySeries}), outcomes; each chart is drawn or skipped with a reason ({@code Charts.ChartResult}).
 *
 * <p>Depends on results (the reader and the summary columns), sim (the outcomes) and config (units).
 */
package tcpsim.experiments.report;
