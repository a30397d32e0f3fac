package tcpsim.experiments.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tcpsim.experiments.config.ExperimentConfig;
import tcpsim.experiments.config.Units;
import tcpsim.experiments.results.SummaryColumn;
import tcpsim.experiments.results.SummaryRow;
import tcpsim.experiments.results.Warnings;

/** The short table printed after a run: one line per sweep point. */
final class SummaryTable {
    private SummaryTable() {
    }

    static void print(PrintWriter out, ExperimentConfig cfg, List<SummaryRow> rows) {
        List<String> cols = new ArrayList<>();
        cols.add("point");
        cols.addAll(cfg.sweepKeys());
        String ci = "ci" + Units.plain(cfg.base().confidence() * 100).replace('.', '_') + "_ms";
        cols.addAll(List.of("conns", "ok", "failed", "setup_ms", ci, "p99_ms", "time_wait", "close_wait"));
        List<List<String>> table = new ArrayList<>();
        for (SummaryRow r : rows) {
            List<String> line = new ArrayList<>();
            line.add(Integer.toString(r.point()));
            for (String k : cfg.sweepKeys()) {
                line.add(r.params().get(k));
            }
            long conns = r.whole(SummaryColumn.CONNECTIONS);
            long ok = r.whole(SummaryColumn.OK);
            line.add(Long.toString(conns));
            line.add(Long.toString(ok));
            line.add(Long.toString(conns - ok));
            line.add(ms(r.number(SummaryColumn.SETUP_MEAN)));
            double lo = r.number(SummaryColumn.SETUP_CI_LOW);
            double hi = r.number(SummaryColumn.SETUP_CI_HIGH);
            line.add(Double.isNaN(lo) ? "-" : "+-" + ms((hi - lo) / 2));
            line.add(ms(r.number(SummaryColumn.SETUP_P99)));
            line.add(one(r.number(SummaryColumn.TIME_WAIT_MEAN)));
            line.add(one(r.number(SummaryColumn.CLOSE_WAIT_MEAN)));
            table.add(line);
        }
        int[] w = new int[cols.size()];
        for (int c = 0; c < cols.size(); c++) {
            w[c] = cols.get(c).length();
            for (List<String> line : table) {
                w[c] = Math.max(w[c], line.get(c).length());
            }
        }
        out.println(format(cols, w));
        for (List<String> line : table) {
            out.println(format(line, w));
        }
        for (String warning : Warnings.of(cfg, rows)) {
            out.println("warning: " + warning);
        }
    }

    private static String format(List<String> cells, int[] w) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                sb.append("  ");
            }
            String s = cells.get(c);
            sb.append(" ".repeat(w[c] - s.length())).append(s);
        }
        return sb.toString();
    }

    private static String ms(double seconds) {
        return Double.isFinite(seconds) ? String.format(Locale.ROOT, "%.3f", seconds * 1000) : "-";
    }

    private static String one(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : "-";
    }
}
