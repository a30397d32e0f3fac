package tcpsim.experiments.report;

import static tcpsim.experiments.report.Format.html;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tcpsim.experiments.results.Csv;
import tcpsim.experiments.results.Provenance;
import tcpsim.experiments.results.ResultsReader;
import tcpsim.experiments.results.SummaryColumn;
import tcpsim.experiments.results.Warnings;
import tcpsim.experiments.sim.Outcome;

/**
 * The self-contained report page: inline CSS, charts inlined as SVG data URIs, no scripts, fonts or other
 * external resources, so it works offline and can be mailed as one file. Holds no timestamp: the same
 * results folder gives the same page.
 */
final class HtmlPage {

    /** A drawn chart with its SVG document, or a skipped one. */
    record Figure(Charts.ChartResult chart, String svg) {
    }

    private final ResultsReader results;
    private final List<Figure> figures;
    private final StringBuilder out = new StringBuilder(1 << 16);

    HtmlPage(ResultsReader results, List<Figure> figures) {
        this.results = results;
        this.figures = figures;
    }

    private static final String CSS = String.join("\n",
            "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;margin:0;"
                    + "color:#222;background:#fff;line-height:1.45}",
            "main{max-width:1100px;margin:0 auto;padding:1.5em 1.5em 4em}",
            ".warnings{border-left:4px solid #d55e00;background:#fff6ef;padding:.2em 1em;margin:1em 0}",
            "h1{font-size:1.7em;margin:.2em 0 .1em}h2{font-size:1.3em;margin-top:2em;border-bottom:1px solid #ddd;"
                    + "padding-bottom:.2em}h3{font-size:1.1em;margin-top:1.5em}",
            ".lead{color:#555;margin-top:0}",
            "table{border-collapse:collapse;margin:.8em 0;font-size:.9em}",
            "th,td{border:1px solid #ddd;padding:.3em .6em;text-align:right;vertical-align:top}",
            "th{background:#f3f5f7;font-weight:600}",
            "td.l,th.l{text-align:left}",
            "tbody tr:nth-child(even){background:#fafafa}",
            ".scroll{overflow-x:auto}",
            "table.facts td,table.facts th{text-align:left}",
            "figure{margin:1.5em 0 2.5em}figure img{width:100%;height:auto;border:1px solid #eee}",
            "figcaption{color:#444;font-size:.92em;margin-top:.4em}",
            "pre{background:#f6f8fa;border:1px solid #e3e6e8;padding:.8em;overflow-x:auto;font-size:.85em}",
            "code{font-family:ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,monospace}",
            ".skipped{color:#8a5a00;background:#fff8e6;border:1px solid #f0dca8;padding:.5em .8em}",
            "details summary{cursor:pointer;color:#0b5cad}");

    String render() {
        String name = results.text("name");
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(html(name.isEmpty() ? "tcpsim results" : name + " \u2014 tcpsim report"))
                .append("</title>\n<style>\n").append(CSS).append("\n</style>\n</head>\n<body>\n<main>\n");
        out.append("<h1>").append(html(name.isEmpty() ? "tcpsim results" : name)).append("</h1>\n")
                .append("<p class=\"lead\">tcpsim experiment report: TCP connection set-up time and state "
                        + "occupancy, measured in simulation and compared with theory.</p>\n");
        facts();
        summary();
        charts();
        theory();
        config();
        files();
        regenerate();
        out.append("</main>\n</body>\n</html>\n");
        return out.toString();
    }

    // ---------------------------------------------------------------------------------------------

    private void facts() {
        JsonNode m = results.manifest();
        long connections = 0;
        long events = 0;
        int runs = 0;
        for (JsonNode r : m.path("runs")) {
            runs++;
            connections += r.path("connections").asLong(0);
            events += r.path("events").asLong(0);
        }
        out.append("<h2>Run</h2>\n<table class=\"facts\">\n");
        fact("Name", results.text("name"));
        fact("Seed", results.text("seed"));
        fact("Replications", results.text("replications"));
        fact("Sweep points", Integer.toString(results.points().size()));
        if (!results.sweepKeys().isEmpty()) {
            fact("Swept parameters", String.join(", ", results.sweepKeys()));
        }
        if (runs > 0) {
            fact("Runs", Integer.toString(runs));
            fact("Connections (all runs)", Long.toString(connections));
            fact("Events processed (all runs)", Long.toString(events));
        }
        results.configValue("duration").ifPresent(d -> fact("Simulated duration per run", d));
        results.configValue("warmup").ifPresent(d -> fact("Warm-up (excluded from statistics)", d));
        results.configValue("profile").ifPresent(d -> fact("TCP profile", d));
        fact("tcpsim version", results.text("tcpsim_version"));
        if (results.text("format").isEmpty()) { // a manifest from before provenance.json
            String commit = results.text("git_commit");
            fact("Git commit", commit.isEmpty() ? "unknown" : commit);
            fact("Java version", results.text("java_version"));
        } else {
            // the build commit, machine and wall time are volatile: provenance.json beside the manifest has them
            fact("Build commit, machine, wall time", "in provenance.json");
        }
        out.append("</table>\n");
    }

    private void fact(String label, String value) {
        out.append("<tr><th>").append(html(label)).append("</th><td>").append(html(value)).append("</td></tr>\n");
    }

    // ---------------------------------------------------------------------------------------------

    /** A table column: one summary column, or two shown as an interval "low \u2013 high". */
    private record Col(List<SummaryColumn> columns, String header) {
        Col(SummaryColumn column, String header) {
            this(List.of(column), header);
        }

        Col(SummaryColumn low, SummaryColumn high, String header) {
            this(List.of(low, high), header);
        }
    }

    private void summary() {
        Csv.Table s = results.summary();
        String level = ChartStyle.confidence(results);
        out.append("<h2>Summary</h2>\n<p>One row per sweep point, from <code>summary.csv</code>. Means with "
                + "Student-t " + level + " confidence intervals over replication means; occupancies are summed "
                + "over all hosts and time-averaged after the warm-up.</p>\n");
        List<String> warnings = Warnings.of(results);
        if (!warnings.isEmpty()) {
            out.append("<div class=\"warnings\"><p><b>Statistically weak results</b></p>\n<ul>\n");
            for (String w : warnings) {
                out.append("<li>").append(html(w)).append("</li>\n");
            }
            out.append("</ul></div>\n");
        }

        out.append("<h3>Connection set-up</h3>\n");
        table(s, List.of(
                new Col(SummaryColumn.REPLICATIONS, "replications"),
                new Col(SummaryColumn.CONNECTIONS, "connections"),
                new Col(SummaryColumn.OK, "ok"),
                new Col(SummaryColumn.SETUP_MEAN, "mean setup (s)"),
                new Col(SummaryColumn.SETUP_CI_LOW, SummaryColumn.SETUP_CI_HIGH, level + " CI (s)"),
                new Col(SummaryColumn.SETUP_MEDIAN, "median (s)"), new Col(SummaryColumn.SETUP_P90, "p90 (s)"),
                new Col(SummaryColumn.SETUP_P99, "p99 (s)"), new Col(SummaryColumn.SETUP_MAX, "max (s)"),
                new Col(SummaryColumn.SERVER_SETUP_MEAN, "server setup mean (s)"),
                new Col(SummaryColumn.THEORY_SETUP, "theory, exact (s)"),
                new Col(SummaryColumn.RTT, "RTT (s)"), new Col(SummaryColumn.LOSS_UP, "loss up"),
                new Col(SummaryColumn.LOSS_DOWN, "loss down")));
        setupTheoryNote(s);

        out.append("<h3>TIME_WAIT and CLOSE_WAIT occupancy</h3>\n");
        table(s, List.of(
                new Col(SummaryColumn.TIME_WAIT_MEAN, "TIME_WAIT mean (conn.)"),
                new Col(SummaryColumn.TIME_WAIT_CI_LOW, SummaryColumn.TIME_WAIT_CI_HIGH, level + " CI (conn.)"),
                new Col(SummaryColumn.TIME_WAIT_PEAK, "TIME_WAIT peak (conn.)"),
                new Col(SummaryColumn.TIME_WAIT_LITTLES_LAW, "Little's law (conn.)"),
                new Col(SummaryColumn.CLOSE_RATE, "close rate (1/s)"),
                new Col(SummaryColumn.TIME_WAIT_DURATION, "TIME_WAIT duration (s)"),
                new Col(SummaryColumn.CLOSE_WAIT_MEAN, "CLOSE_WAIT mean (conn.)"),
                new Col(SummaryColumn.CLOSE_WAIT_CI_LOW, SummaryColumn.CLOSE_WAIT_CI_HIGH, level + " CI (conn.)"),
                new Col(SummaryColumn.CLOSE_WAIT_PEAK, "CLOSE_WAIT peak (conn.)")));

        out.append("<h3>Outcomes</h3>\n<p>Connections by outcome over all replications; failed = not ok.</p>\n");
        failures(s);

        out.append("<details><summary>All columns of summary.csv</summary>\n")
                .append("<div class=\"scroll\"><table>\n<thead><tr>");
        for (String c : s.columns()) {
            out.append("<th>").append(html(c)).append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        for (String[] row : s.rows()) {
            out.append("<tr>");
            for (String c : s.columns()) {
                out.append("<td>").append(html(s.get(row, c))).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</tbody></table></div>\n</details>\n");
    }

    private void table(Csv.Table s, List<Col> wanted) {
        List<Col> cols = new ArrayList<>();
        for (Col c : wanted) {
            boolean present = true;
            for (SummaryColumn part : c.columns()) {
                present &= s.has(part);
            }
            if (present) {
                cols.add(c);
            }
        }
        out.append("<div class=\"scroll\"><table>\n<thead><tr><th>point</th>");
        for (String k : results.sweepKeys()) {
            out.append("<th class=\"l\">").append(html(k)).append("</th>");
        }
        for (Col c : cols) {
            out.append("<th>").append(html(c.header())).append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        boolean withheld = false;
        for (String[] row : s.rows()) {
            pointCells(s, row);
            for (Col c : cols) {
                List<SummaryColumn> parts = c.columns();
                String value;
                if (parts.get(0) == SummaryColumn.TIME_WAIT_LITTLES_LAW
                        && OccupancyCharts.timeWaitReused(results, results.pointOf(row))) {
                    value = ""; // no theory: see the note below the table
                    withheld = true;
                } else if (parts.size() == 2) {
                    String lo = Format.cell(s.get(row, parts.get(0)));
                    String hi = Format.cell(s.get(row, parts.get(1)));
                    value = lo.isEmpty() && hi.isEmpty() ? "" : lo + " \u2013 " + hi;
                } else {
                    value = Format.cell(s.get(row, parts.get(0)));
                }
                out.append("<td>").append(html(value)).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</tbody></table></div>\n");
        if (withheld) {
            out.append("<p class=\"note\">Little's law is left empty where <code>tcp.tw-reuse</code> is on: connect "
                    + "takes over TIME_WAIT connections once they are 1 s old, so they do not stay the configured "
                    + "TIME_WAIT duration and L = close rate &times; duration does not hold (summary.csv's "
                    + html(SummaryColumn.TIME_WAIT_LITTLES_LAW.label()) + " assumes it).</p>\n");
        }
    }

    /** Below the set-up table: why a point has no exact theory, where it has none (SetupCharts.theoryWithheld). */
    private void setupTheoryNote(Csv.Table s) {
        List<String> notes = new ArrayList<>();
        for (String[] row : s.rows()) {
            String why = SetupCharts.theoryWithheld(s, row);
            if (!why.isEmpty()) {
                notes.add("point " + s.get(row, "point") + ": " + why);
            }
        }
        if (!notes.isEmpty()) {
            out.append("<p class=\"note\">The exact theory (<code>")
                    .append(html(SummaryColumn.THEORY_SETUP.label())).append("</code>) is left empty for ")
                    .append(html(String.join("; ", notes))).append(".</p>\n");
        }
    }

    /** The opening cells of a summary row: the point and its swept parameter values. */
    private void pointCells(Csv.Table s, String[] row) {
        int point = results.pointOf(row);
        out.append("<tr><td>").append(html(s.get(row, "point"))).append("</td>");
        for (String k : results.sweepKeys()) {
            out.append("<td class=\"l\">").append(html(results.params(point).getOrDefault(k, s.get(row, k))))
                    .append("</td>");
        }
    }

    private void failures(Csv.Table s) {
        out.append("<div class=\"scroll\"><table>\n<thead><tr><th>point</th>");
        for (String k : results.sweepKeys()) {
            out.append("<th class=\"l\">").append(html(k)).append("</th>");
        }
        out.append("<th>connections</th>");
        for (Outcome o : Outcome.values()) {
            out.append("<th>").append(html(o.label())).append("</th>");
        }
        out.append("<th>failed (%)</th></tr></thead>\n<tbody>\n");
        for (String[] row : s.rows()) {
            pointCells(s, row);
            out.append("<td>").append(html(s.get(row, SummaryColumn.CONNECTIONS))).append("</td>");
            for (Outcome o : Outcome.values()) {
                out.append("<td>").append(html(s.get(row, SummaryColumn.of(o)))).append("</td>");
            }
            double total = s.number(row, SummaryColumn.CONNECTIONS);
            double ok = s.number(row, SummaryColumn.OK);
            String failed = total > 0 && Double.isFinite(ok) ? Format.number(100 * (total - ok) / total) : "";
            out.append("<td>").append(html(failed)).append("</td></tr>\n");
        }
        out.append("</tbody></table></div>\n");
    }

    // ---------------------------------------------------------------------------------------------

    private void charts() {
        out.append("<h2>Charts</h2>\n<p>Every chart is also in <code>charts/</code> as PNG and SVG.</p>\n");
        List<Figure> skipped = new ArrayList<>();
        for (Figure f : figures) {
            Charts.ChartResult o = f.chart();
            if (!o.drawn()) {
                skipped.add(f);
                continue;
            }
            String data = Base64.getEncoder().encodeToString(f.svg().getBytes(StandardCharsets.UTF_8));
            out.append("<figure id=\"").append(html(o.name())).append("\">\n<img src=\"data:image/svg+xml;base64,")
                    .append(data).append("\" width=\"").append(o.width()).append("\" height=\"").append(o.height())
                    .append("\" alt=\"").append(html(o.title())).append("\">\n<figcaption><b>")
                    .append(html(o.title())).append("</b> (<code>charts/").append(html(o.name()))
                    .append(".svg</code>, <code>.png</code>). ").append(html(o.caption()))
                    .append("</figcaption>\n</figure>\n");
        }
        if (!skipped.isEmpty()) {
            out.append("<div class=\"skipped\"><b>Charts not drawn</b><ul>\n");
            for (Figure f : skipped) {
                out.append("<li><code>").append(html(f.chart().name())).append("</code> (")
                        .append(html(f.chart().title())).append("): ").append(html(f.chart().skipped()))
                        .append("</li>\n");
            }
            out.append("</ul></div>\n");
        }
    }

    private void theory() {
        out.append("<h2>Theory drawn beside the measurements</h2>\n<ul>\n")
                .append("<li><b>Exact expected setup time</b> (<code>" + SummaryColumn.THEORY_SETUP.label()
                        + "</code>, dashed in the setup chart): SYNs are sent at the profile's fixed offsets "
                        + "s<sub>i</sub>, the server answers the "
                        + "first SYN that arrives and retransmits its SYN-ACK at its own offsets a<sub>k</sub>, and "
                        + "answers every later SYN at once; SYNs are lost independently with probability "
                        + "p<sub>up</sub>, SYN-ACKs with p<sub>down</sub>. Enumerating the first SYN to arrive and "
                        + "then the earliest SYN-ACK to survive gives E[T | success] = RTT + E[X; success] / "
                        + "P(success), X being that SYN-ACK's send time; the mean is conditional on the connection "
                        + "being established, like the measured mean.</li>\n")
                .append("<li><b>Cardwell, Savage and Anderson (2000), eq. 4</b> (dotted): E[T<sub>h</sub>] = RTT + "
                        + "T<sub>s</sub> ((1 &minus; p<sub>r</sub>) / (1 &minus; 2p<sub>r</sub>) + (1 &minus; "
                        + "p<sub>f</sub>) / (1 &minus; 2p<sub>f</sub>) &minus; 2), for a SYN timeout that starts "
                        + "at T<sub>s</sub> and doubles on every retransmission (N. Cardwell, S. Savage, T. "
                        + "Anderson, &ldquo;Modeling TCP Latency&rdquo;, IEEE INFOCOM 2000). Linux retransmits its "
                        + "first SYNs at a fixed 1 s interval and answers each retransmitted SYN with a SYN-ACK, so "
                        + "its exact expectation lies below this curve, further below as loss grows.</li>\n")
                .append("<li><b>Little's law</b> (dashed in the TIME_WAIT chart): L = &lambda; W, the mean number "
                        + "of connections in TIME_WAIT equals the close rate times the TIME_WAIT duration; with "
                        + "<code>tcp.max-tw-buckets</code> each host's level is capped, min(&lambda;<sub>h</sub> W, "
                        + "buckets), &lambda;<sub>h</sub> counting the connections that found no bucket too.</li>\n")
                .append("</ul>\n");
    }

    // ---------------------------------------------------------------------------------------------

    private void config() {
        out.append("<h2>Configuration</h2>\n<p>The resolved configuration of this run (defaults filled in), "
                + "from <code>manifest.json</code>.</p>\n<pre><code>").append(html(pretty(results.config())))
                .append("</code></pre>\n");
        JsonNode points = results.manifest().path("sweep").path("points");
        if (points.isArray() && points.size() > 0) {
            out.append("<h3>Sweep points</h3>\n<div class=\"scroll\"><table>\n<thead><tr><th>point</th>");
            for (String k : results.sweepKeys()) {
                out.append("<th class=\"l\">").append(html(k)).append("</th>");
            }
            out.append("</tr></thead>\n<tbody>\n");
            for (JsonNode p : points) {
                int point = p.path("point").asInt();
                out.append("<tr><td>").append(point).append("</td>");
                Map<String, String> params = results.params(point);
                for (String k : results.sweepKeys()) {
                    out.append("<td class=\"l\">").append(html(params.getOrDefault(k, ""))).append("</td>");
                }
                out.append("</tr>\n");
            }
            out.append("</tbody></table></div>\n");
        }
    }

    static String pretty(JsonNode config) {
        try {
            YAMLFactory yaml = YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .build();
            return new ObjectMapper(yaml).writeValueAsString(config);
        } catch (JsonProcessingException e) {
            try {
                return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(config);
            } catch (JsonProcessingException again) {
                return config.toString();
            }
        }
    }

    private void files() {
        JsonNode files = results.manifest().path("files");
        if (!files.isObject() || files.size() == 0) {
            return;
        }
        out.append("<h2>Data files</h2>\n<p>SHA-256 of each data file as written by the run; the same config and "
                + "seed reproduce them byte for byte.</p>\n<div class=\"scroll\"><table>\n<thead><tr>"
                + "<th class=\"l\">file</th><th class=\"l\">SHA-256</th></tr></thead>\n<tbody>\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.append("<tr><td class=\"l\"><code>").append(html(e.getKey())).append("</code></td><td class=\"l\">"
                    + "<code>").append(html(e.getValue().asText())).append("</code></td></tr>\n");
        }
        out.append("</tbody></table></div>\n");
    }

    private void regenerate() {
        // the command the manifest records (paths as given relative to the working directory, every override,
        // --out): the page must not depend on the machine or the clock, so that two runs give the same bytes
        List<String> command = new ArrayList<>();
        results.manifest().path("command").forEach(a -> command.add(a.asText()));
        if (command.isEmpty()) {
            legacyRegenerate();
            return;
        }
        int outAt = command.indexOf("--out");
        String folder = outAt >= 0 && outAt + 1 < command.size() ? command.get(outAt + 1) : "RESULTS_DIR";
        out.append("<h2>Regenerate</h2>\n<p>Re-run the experiment (the data files come out byte-identical, whatever "
                + "the thread count; add <code>--force</code> to replace this folder):</p>\n<pre><code>./tcpsim ")
                .append(html(Provenance.shellJoin(command)))
                .append("</code></pre>\n<p>Redraw the charts and this page from the data files alone:</p>\n"
                        + "<pre><code>./tcpsim plot ").append(html(Provenance.shellJoin(List.of(folder))))
                .append("</code></pre>\n");
    }

    /** A manifest written before the command was recorded. */
    private void legacyRegenerate() {
        // the default folder of `tcpsim run` (results/<name>), never this folder's actual path: the page must
        // not depend on where the folder lives, so that two runs of the same config give the same bytes
        String name = results.text("name");
        String folder = name.isEmpty() ? "RESULTS_DIR" : "results/" + name;
        out.append("<h2>Regenerate</h2>\n<p>Re-run the experiment (the data files come out byte-identical for the "
                + "same config and seed, whatever the thread count):</p>\n<pre><code>./tcpsim run CONFIG.yaml");
        String seed = results.text("seed");
        if (!seed.isEmpty()) {
            out.append(" --seed ").append(html(seed));
        }
        out.append("</code></pre>\n<p>where <code>CONFIG.yaml</code> is the experiment's config (the bundled ones are "
                + "in <code>experiments/configs/</code>; the resolved form is shown above). Redraw the charts and "
                + "this page from the data files alone (<code>results/NAME</code> is where <code>tcpsim run</code> writes "
                + "unless given <code>--out</code>):</p>\n<pre><code>./tcpsim plot ")
                .append(html(folder)).append("</code></pre>\n");
    }
}
