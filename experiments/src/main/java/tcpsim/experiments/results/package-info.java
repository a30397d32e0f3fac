/**
 * The results folder: writing it ({@link tcpsim.experiments.results.ResultsWriter}, a run sink: connections.csv,
 * occupancy.csv, summary.csv/json, the manifest), summarising a sweep point
 * ({@link tcpsim.experiments.results.Summarizer} into a {@link tcpsim.experiments.results.SummaryRow} of
 * {@link tcpsim.experiments.results.SummaryColumn}s), the statistics and closed forms it uses
 * ({@link tcpsim.experiments.results.Stats}, {@link tcpsim.experiments.results.Theory}), the file names
 * ({@link tcpsim.experiments.results.ResultFiles}), replacing a folder safely
 * ({@link tcpsim.experiments.results.ResultsFolder}) and the one reader of a written folder
 * ({@link tcpsim.experiments.results.ResultsReader}, {@link tcpsim.experiments.results.Csv}).
 *
 * <p>Depends on sim and config.
 */
package tcpsim.experiments.results;
