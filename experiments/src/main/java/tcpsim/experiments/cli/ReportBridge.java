package tcpsim.experiments.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;

/**
 * The one place that calls the report renderer, {@code tcpsim.experiments.report.Report.render(Path)}. It is
 * looked up at run time so that this module builds and runs without the report code (then the data files are
 * written and no charts); once the report package is merged this can become a direct call.
 */
final class ReportBridge {
    static final String REPORT_CLASS = "tcpsim.experiments.report.Report";

    private ReportBridge() {
    }

    /** Renders charts and report.html into {@code dir}; false (with a note on {@code err}) when not available. */
    static boolean render(Path dir, PrintWriter err, boolean quiet) throws IOException {
        Method m;
        try {
            m = Class.forName(REPORT_CLASS).getMethod("render", Path.class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            if (!quiet) {
                err.println("tcpsim: note: this build has no report renderer (" + REPORT_CLASS
                        + "); data files only, no charts or report.html");
                err.flush();
            }
            return false;
        }
        try {
            m.invoke(null, dir);
            return true;
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error er) {
                throw er;
            }
            throw new IOException(c);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(REPORT_CLASS + ".render is not public", e);
        }
    }
}
