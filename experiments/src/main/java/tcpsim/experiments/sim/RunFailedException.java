package tcpsim.experiments.sim;

/** A run of an experiment threw; carries which one. The experiment stops at the first failed run. */
public final class RunFailedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int point;
    private final int replication;

    RunFailedException(int point, int replication, Throwable cause) {
        super("run (point " + point + ", replication " + replication + ") failed: " + describe(cause), cause);
        this.point = point;
        this.replication = replication;
    }

    public int point() {
        return point;
    }

    public int replication() {
        return replication;
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getName() : t.getClass().getSimpleName() + ": "
                + t.getMessage();
    }
}
