package tcpsim.experiments.config;

/** What occupancy.csv holds ({@code output.occupancy}). */
public enum OccupancyTable {
    /**
     * Per bin of {@code output.occupancy-resolution}, host and state: the time-average count and the largest: a size
     * that follows the duration, not the number of connections.
     */
    BINNED("binned"),
    /** Every step change of every host's count: exact, and as large as the number of state changes. */
    EXACT("exact"),
    /** No occupancy.csv (the summaries still integrate every state). */
    NONE("none");

    private final String key;

    OccupancyTable(String key) {
        this.key = key;
    }

    /** The config spelling. */
    public String key() {
        return key;
    }
}
