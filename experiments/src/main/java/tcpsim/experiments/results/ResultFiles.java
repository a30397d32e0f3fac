package tcpsim.experiments.results;

/**
 * The names of the files and folders of a results folder that {@code run} and {@code plot} write and read
 * (README, "Results folder"). The capture files are named where they are written: {@code TraceFiles} and
 * {@code PcapHook} in the capture package.
 */
public final class ResultFiles {
    /** Version, config, runs and the SHA-256 of every data file; written last. */
    public static final String MANIFEST = "manifest.json";
    /** One row per connection, gzip-compressed CSV (the large tables are, see {@link DigestWriter}). */
    public static final String CONNECTIONS = "connections.csv.gz";
    /** State occupancy per bin (or its exact step changes), gzip-compressed CSV. */
    public static final String OCCUPANCY = "occupancy.csv.gz";
    /** One row per sweep point, see {@link SummaryColumn}. */
    public static final String SUMMARY_CSV = "summary.csv";
    /** The same rows as JSON. */
    public static final String SUMMARY_JSON = "summary.json";
    /** The self-contained report page. */
    public static final String REPORT = "report.html";
    /**
     * Occupancy summed over hosts and integrated into the charts' time bins, per run and state, written with
     * occupancy.csv so that the report never re-reads it.
     */
    public static final String OCCUPANCY_BINS = "occupancy-bins.json";
    /** The setup-cdf chart's curves, written with connections.csv so that the report never re-reads it. */
    public static final String SETUP_CDF = "setup-cdf.json";
    /** The work folder of per-run parts while a study runs ({@code p<point>-r<replication>/}). */
    public static final String PARTS_DIR = ".parts";
    /** Volatile provenance of the run that wrote the folder (command line, build, machine, wall time). */
    public static final String PROVENANCE = "provenance.json";
    /** The charts' folder. */
    public static final String CHARTS_DIR = "charts";

    private ResultFiles() {
    }
}
