package tcpsim.experiments.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    static final List<String> CHARTS = List.of("setup-cdf", "setup-vs-loss", "outcomes", "time-wait-occupancy",
            "state-occupancy", "close-wait-occupancy");

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void rendersEveryChartAndTheReport(@TempDir Path dir) throws IOException {
        SyntheticResults.write(dir, 2, true, true);
        List<String> lines = Report.renderCharts(dir);
        for (String name : CHARTS) {
            assertTrue(lines.contains(name + ": drawn"), lines.toString());
            byte[] png = Files.readAllBytes(dir.resolve("charts/" + name + ".png"));
            assertTrue(png.length > 1000, name + ".png is " + png.length + " bytes");
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
            String svg = Files.readString(dir.resolve("charts/" + name + ".svg"));
            assertTrue(svg.contains("<svg") && svg.contains("</svg>"), name + ".svg");
            assertTrue(svg.length() > 1000);
        }
        String html = Files.readString(dir.resolve("report.html"));
        // run facts
        for (String s : List.of("synthetic-test", "42", "abc1234def", "17.0.15", "0.1.0-SNAPSHOT")) {
            assertTrue(html.contains(s), s);
        }
        // summary values, units in headers
        for (String s : List.of("0.123457", "0.234568", "0.113457 \u2013 0.133457", "3.98765", "mean setup (s)",
                "Little&#39;s law (conn.)", "topology.link.loss", "0.289")) {
            assertTrue(html.contains(s), s);
        }
        // failures: point 1 has 2 timeouts of 48 connections
        assertTrue(html.contains("<td>48</td><td>46</td><td>0</td><td>0</td><td>2</td><td>0</td><td>0</td><td>4.16667</td>"),
                "failure row");
        // charts inlined, captions, config and regeneration note
        assertEquals(CHARTS.size(), count(html, "data:image/svg+xml;base64,"));
        assertTrue(html.contains("Little&#39;s-law level"));
        assertTrue(html.contains("exact expectation"));
        assertTrue(html.contains("time-wait: 2s"), "config as YAML");
        assertTrue(html.contains("./tcpsim run CONFIG.yaml --seed 42"));
        assertTrue(html.contains("./tcpsim plot"));
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script"),
                "self-contained");
    }

    @Test
    void outcomesChartIsSkippedWhenEveryConnectionEndedOk(@TempDir Path dir) throws IOException {
        SyntheticResults.write(dir, 2, true, true);
        Path summary = dir.resolve("summary.csv");
        List<String> lines = Files.readAllLines(summary);
        List<String> header = List.of(lines.get(0).split(",", -1));
        List<String> fixed = new java.util.ArrayList<>(List.of(lines.get(0)));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            f[header.indexOf("ok")] = f[header.indexOf("connections")];
            for (String failure : List.of("refused", "reset", "timeout", "port_exhausted")) {
                f[header.indexOf(failure)] = "0";
            }
            fixed.add(String.join(",", f));
        }
        Files.write(summary, fixed);
        List<String> lines2 = Report.renderCharts(dir);
        assertTrue(lines2.contains("outcomes: skipped: every connection of every sweep point ended ok"),
                lines2.toString());
        assertFalse(Files.exists(dir.resolve("charts/outcomes.png")));
    }

    @Test
    void renderingTwiceGivesIdenticalBytes(@TempDir Path dir) throws IOException {
        SyntheticResults.write(dir, 2, true, true);
        Report.render(dir);
        Map<String, byte[]> first = new java.util.TreeMap<>();
        for (String name : CHARTS) {
            first.put(name + ".svg", Files.readAllBytes(dir.resolve("charts/" + name + ".svg")));
            first.put(name + ".png", Files.readAllBytes(dir.resolve("charts/" + name + ".png")));
        }
        byte[] html = Files.readAllBytes(dir.resolve("report.html"));
        Report.render(dir);
        for (Map.Entry<String, byte[]> e : first.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(dir.resolve("charts/" + e.getKey())), e.getKey());
        }
        assertArrayEquals(html, Files.readAllBytes(dir.resolve("report.html")));
    }

    @Test
    void thePageDoesNotDependOnWhereTheFolderIs(@TempDir Path dir) throws IOException {
        SyntheticResults.write(dir.resolve("one"), 2, true, true);
        SyntheticResults.write(dir.resolve("elsewhere/two"), 2, true, true);
        Report.render(dir.resolve("one"));
        Report.render(dir.resolve("elsewhere/two"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("one/report.html")),
                Files.readAllBytes(dir.resolve("elsewhere/two/report.html")));
        assertTrue(Files.readString(dir.resolve("one/report.html")).contains("./tcpsim plot results/synthetic-test"));
    }

    @Test
    void missingManifestIsAClearError(@TempDir Path dir) throws IOException {
        SyntheticResults.write(dir, 1, true, true);
        Files.delete(dir.resolve("manifest.json"));
        IOException e = assertThrows(IOException.class, () -> Report.render(dir));
        assertTrue(e.getMessage().contains("manifest.json not found in " + dir), e.getMessage());
        assertFalse(Files.exists(dir.resolve("report.html")));
    }

    @Test
    void missingSummaryIsAClearError(@TempDir Path dir) throws IOException {
        SyntheticResults.write(dir, 1, true, true);
        Files.delete(dir.resolve("summary.csv"));
        IOException e = assertThrows(IOException.class, () -> Report.render(dir));
        assertTrue(e.getMessage().contains("summary.csv not found in " + dir), e.getMessage());
    }

    @Test
    void missingFolderIsAClearError(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class, () -> Report.render(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void malformedManifestIsAClearError(@TempDir Path dir) throws IOException {
        SyntheticResults.write(dir, 1, true, true);
        Files.writeString(dir.resolve("manifest.json"), "{ not json");
        IOException e = assertThrows(IOException.class, () -> Report.render(dir));
        assertTrue(e.getMessage().contains("manifest.json") && e.getMessage().contains("not valid JSON"),
                e.getMessage());
    }

    @Test
    void absentOptionalFilesSkipTheirChartsAndSaySo(@TempDir Path dir) throws IOException {
        SyntheticResults.write(dir, 2, false, false);
        List<String> lines = Report.renderCharts(dir);
        assertTrue(lines.contains("setup-vs-loss: drawn"), lines.toString());
        assertTrue(lines.contains("setup-cdf: skipped: connections.csv.gz is absent (regenerate it with `tcpsim run`)"),
                lines.toString());
        assertFalse(Files.exists(dir.resolve("charts/time-wait-occupancy.png")));
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("Charts not drawn"));
        assertTrue(html.contains("occupancy.csv.gz is absent"));
    }

    @Test
    void aMalformedOptionalFileCostsItsChartsNotTheReport(@TempDir Path dir) throws IOException {
        SyntheticResults.write(dir, 1, true, true);
        tcpsim.experiments.TestGz.write(dir.resolve("occupancy.csv.gz"), "point,replication,host,time_s,state,count\n"
                + "0,0,a,2.000000000,ESTABLISHED,1\n0,0,a,1.000000000,ESTABLISHED,0\n");
        tcpsim.experiments.TestGz.write(dir.resolve("connections.csv.gz"), "point,outcome\n0,ok\n");
        List<String> lines = Report.renderCharts(dir);
        assertTrue(lines.contains("setup-vs-loss: drawn"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("time-wait-occupancy: skipped: occupancy.csv.gz could not "
                + "be read: ") && l.contains("goes backwards")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("setup-cdf: skipped: connections.csv.gz could not be read: ")
                && l.contains("missing column 'client_setup_s'")), lines.toString());
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("goes backwards"));
        assertFalse(html.contains(dir.toString()), "no local paths in the page");
    }

    @Test
    void chartsWhoseDataIsAbsentAreKeptAndStaleOnesRemoved(@TempDir Path dir) throws IOException {
        SyntheticResults.write(dir, 1, true, true);
        Report.render(dir);
        assertTrue(Files.exists(dir.resolve("charts/state-occupancy.svg")));
        byte[] drawn = Files.readAllBytes(dir.resolve("charts/state-occupancy.svg"));
        // occupancy.csv.gz, listed in the manifest, is absent (git does not track it): the chart drawn from it stays
        Files.delete(dir.resolve("occupancy.csv.gz"));
        List<String> lines = Report.renderCharts(dir);
        assertArrayEquals(drawn, Files.readAllBytes(dir.resolve("charts/state-occupancy.svg")));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("state-occupancy: kept, not redrawn: occupancy.csv.gz")),
                lines.toString());
        // present data that no longer gives the chart: the earlier chart is stale and removed
        tcpsim.experiments.TestGz.write(dir.resolve("occupancy.csv.gz"), "point,replication,host,time_s,state,count\n");
        Report.render(dir);
        assertFalse(Files.exists(dir.resolve("charts/state-occupancy.svg")));
    }

    @Test
    void twoSweptKeysGiveOneSeriesPerValueOfTheSecond(@TempDir Path dir) throws IOException {
        List<Map<String, String>> points = List.of(
                Map.of("topology.link.latency", "10ms", "topology.link.loss", "0"),
                Map.of("topology.link.latency", "10ms", "topology.link.loss", "0.1"),
                Map.of("topology.link.latency", "50ms", "topology.link.loss", "0"),
                Map.of("topology.link.latency", "50ms", "topology.link.loss", "0.1"));
        // latency is the first swept key and numeric (with a unit): the chart is setup-vs-latency
        SyntheticResults.write(dir, points, List.of("topology.link.latency", "topology.link.loss"), 1, true, true);
        List<String> lines = Report.renderCharts(dir);
        assertTrue(lines.contains("setup-vs-latency: drawn"), lines.toString());
        String svg = Files.readString(dir.resolve("charts/setup-vs-latency.svg"));
        assertTrue(svg.contains("measured mean, 95% CI, loss=0.1"), "series per value of the second key");
        assertTrue(svg.contains("topology.link.latency (ms)"), "axis label with unit");
        assertTrue(svg.contains("Cardwell"));
        String cdf = Files.readString(dir.resolve("charts/setup-cdf.svg"));
        assertTrue(cdf.contains("point 3: latency=50ms, loss=0.1"), "CDF series labelled with params");
    }

    @Test
    void ratesSpanningDecadesGetALogAxis(@TempDir Path dir) throws IOException {
        List<Map<String, String>> points = List.of(Map.of("workload.arrivals.rate", "10/s"),
                Map.of("workload.arrivals.rate", "100/s"), Map.of("workload.arrivals.rate", "1000/s"));
        SyntheticResults.write(dir, points, List.of("workload.arrivals.rate"), 2, false, true);
        List<String> lines = Report.renderCharts(dir);
        assertTrue(lines.contains("setup-vs-rate: drawn"), lines.toString());
        String svg = Files.readString(dir.resolve("charts/setup-vs-rate.svg"));
        assertTrue(svg.contains("workload.arrivals.rate (per s), log scale"), "log axis with unit");
        assertTrue(svg.contains(">1000<") && svg.contains(">100<") && svg.contains(">10<"), "1-2-5 ticks");
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("setup-cdf</code> (Client setup time, empirical CDF): connections.csv.gz is absent"));
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void writesUtf8(@TempDir Path dir) throws IOException {
        SyntheticResults.write(dir, 1, false, false);
        Report.render(dir);
        String html = new String(Files.readAllBytes(dir.resolve("report.html")), StandardCharsets.UTF_8);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<meta charset=\"utf-8\">"));
    }
}
