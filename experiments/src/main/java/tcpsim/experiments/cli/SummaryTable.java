package tcpsim.experiments.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tcpsim.experiments.config.ExperimentConfig;

/** The short table printed after a run: one line per sweep point. */
final class SummaryTable {
    private SummaryTable() {
    }

    static void print(PrintWriter out, ExperimentConfig cfg, List<Map<String, String>> rows) {
        List<String> cols = new ArrayList<>();
        cols.add("point");
        cols.addAll(cfg.sweepKeys());
        cols.addAll(List.of("conns", "ok", "failed", "setup_ms", "ci95_ms", "p99_ms", "time_wait", "close_wait"));
        List<List<String>> table = new ArrayList<>();
        for (Map<String, String> r : rows) {
            List<String> line = new ArrayList<>();
            line.add(r.get("point"));
            for (String k : cfg.sweepKeys()) {
                line.add(r.get(k));
            }
            long conns = Long.parseLong(r.get("connections"));
            long ok = Long.parseLong(r.get("ok"));
            line.add(Long.toString(conns));
            line.add(Long.toString(ok));
            line.add(Long.toString(conns - ok));
            line.add(ms(r.get("setup_mean_s")));
            String lo = r.get("setup_ci_low_s");
            String hi = r.get("setup_ci_high_s");
            line.add(lo.isEmpty() ? "-" : "+-" + ms(Double.toString((Double.parseDouble(hi) - Double.parseDouble(lo))
                    / 2)));
            line.add(ms(r.get("setup_p99_s")));
            line.add(one(r.get("time_wait_mean")));
            line.add(one(r.get("close_wait_mean")));
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

    private static String ms(String seconds) {
        if (seconds == null || seconds.isEmpty()) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.3f", Double.parseDouble(seconds) * 1000);
    }

    private static String one(String v) {
        if (v == null || v.isEmpty()) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1f", Double.parseDouble(v));
    }
}
