package tcpsim.experiments.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a small results folder in the contract's exact format: one swept key (topology.link.loss = 0, 0.1)
 * or two (plus topology.link.latency), {@code replications} replications, a few connections per run with
 * hand-made life cycles, and their exact occupancy step changes.
 */
final class SyntheticResults {

    static final String SUMMARY_HEADER_TAIL = "replications,connections,ok,refused,reset,timeout,port_exhausted,incomplete,"
            + "setup_mean_s,setup_ci_low_s,setup_ci_high_s,setup_median_s,setup_p90_s,setup_p99_s,setup_max_s,"
            + "server_setup_mean_s,"
            + "time_wait_mean,time_wait_ci_low,time_wait_ci_high,time_wait_peak,time_wait_overflow,"
            + "close_wait_mean,close_wait_ci_low,close_wait_ci_high,close_wait_peak,"
            + "close_rate_per_s,time_wait_duration_s,time_wait_littles_law,"
            + "rtt_s,loss_up,loss_down,theory_setup_s";

    static final String CONNECTIONS_HEADER = "point,replication,connection,client,server,client_port,server_port,"
            + "start_s,outcome,client_setup_s,server_setup_s,syn_retransmits,synack_retransmits,close_initiator,"
            + "fin_wait_1_s,fin_wait_2_s,closing_s,close_wait_s,last_ack_s,time_wait_s,end_s";

    static final double DURATION = 20;
    static final double TIME_WAIT = 2;
    static final int CONNECTIONS_PER_RUN = 24;

    private SyntheticResults() {
    }

    /** 2 points (loss 0 and 0.1) x {@code replications}; optionally without connections/occupancy files. */
    static void write(Path dir, int replications, boolean withConnections, boolean withOccupancy) throws IOException {
        write(dir, List.of(Map.of("topology.link.loss", "0"), Map.of("topology.link.loss", "0.1")),
                List.of("topology.link.loss"), replications, withConnections, withOccupancy);
    }

    static void write(Path dir, List<Map<String, String>> points, List<String> keys, int replications,
                      boolean withConnections, boolean withOccupancy) throws IOException {
        Files.createDirectories(dir);
        StringBuilder connections = new StringBuilder(CONNECTIONS_HEADER).append('\n');
        StringBuilder occupancy = new StringBuilder("point,replication,host,time_s,state,count\n");
        StringBuilder runs = new StringBuilder();
        for (int p = 0; p < points.size(); p++) {
            double loss = Double.parseDouble(points.get(p).getOrDefault("topology.link.loss", "0"));
            for (int r = 0; r < replications; r++) {
                List<double[]> changes = new ArrayList<>(); // time, host, state, delta
                for (int c = 1; c <= CONNECTIONS_PER_RUN; c++) {
                    double start = 0.5 * c + 0.01 * r;
                    boolean lost = loss > 0 && c % 5 == 0;     // first SYN lost: one retransmission
                    boolean timeout = loss > 0 && c == CONNECTIONS_PER_RUN;
                    double setup = lost ? 1.05 : 0.05;
                    if (timeout) {
                        connections.append(row(p, r, c, start, "timeout", "", "", 6, 0, "", "", "", "", "", "", "",
                                start + 131));
                        step(changes, 0, "SYN_SENT", start, start + 131);
                        continue;
                    }
                    double est = start + setup;
                    double close = est + 0.2;                  // client closes first
                    double finAcked = close + 0.05;
                    double serverClose = close + 0.025 + 0.3;  // server app waits 0.3 s in CLOSE_WAIT
                    double lastAck = serverClose + 0.05;
                    double tw = serverClose + 0.025;
                    double end = tw + TIME_WAIT;
                    connections.append(row(p, r, c, start, "ok", fmt(setup), fmt(setup - 0.025), lost ? 1 : 0, 0,
                            "client", fmt(finAcked - close), fmt(tw - finAcked), "", fmt(serverClose - close - 0.025),
                            fmt(lastAck - serverClose), fmt(TIME_WAIT), end));
                    // client host 0: SYN_SENT, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT
                    step(changes, 0, "SYN_SENT", start, est);
                    step(changes, 0, "ESTABLISHED", est, close);
                    step(changes, 0, "FIN_WAIT_1", close, finAcked);
                    step(changes, 0, "FIN_WAIT_2", finAcked, tw);
                    step(changes, 0, "TIME_WAIT", tw, end);
                    // server host 1: SYN_RECEIVED, ESTABLISHED, CLOSE_WAIT, LAST_ACK
                    double arrive = start + setup - 0.025;
                    step(changes, 1, "SYN_RECEIVED", arrive, est + 0.025);
                    step(changes, 1, "ESTABLISHED", est + 0.025, close + 0.025);
                    step(changes, 1, "CLOSE_WAIT", close + 0.025, serverClose);
                    step(changes, 1, "LAST_ACK", serverClose, lastAck);
                }
                changes.sort(Comparator.<double[]>comparingDouble(x -> x[0]).thenComparingDouble(x -> x[1])
                        .thenComparingDouble(x -> x[2]));
                Map<String, Integer> counts = new HashMap<>();
                for (double[] ch : changes) {
                    if (ch[0] > DURATION) {
                        continue;
                    }
                    String host = ch[1] == 0 ? "client0" : "server0";
                    String state = STATES.get((int) ch[2]);
                    String k = host + "/" + state;
                    int n = counts.getOrDefault(k, 0) + (int) ch[3];
                    counts.put(k, n);
                    occupancy.append(p).append(',').append(r).append(',').append(host).append(',').append(fmt(ch[0]))
                            .append(',').append(state).append(',').append(n).append('\n');
                }
                if (runs.length() > 0) {
                    runs.append(',');
                }
                runs.append("{\"point\":").append(p).append(",\"replication\":").append(r)
                        .append(",\"connections\":").append(CONNECTIONS_PER_RUN).append(",\"events\":")
                        .append(1000 + 10 * p + r).append('}');
            }
        }
        StringBuilder summary = new StringBuilder("point");
        for (String k : keys) {
            summary.append(',').append(k);
        }
        summary.append(',').append(SUMMARY_HEADER_TAIL).append('\n');
        for (int p = 0; p < points.size(); p++) {
            double loss = Double.parseDouble(points.get(p).getOrDefault("topology.link.loss", "0"));
            summary.append(p);
            for (String k : keys) {
                summary.append(',').append(points.get(p).get(k));
            }
            int total = CONNECTIONS_PER_RUN * replications;
            int timeouts = loss > 0 ? replications : 0;
            double mean = loss > 0 ? 0.234567891 : 0.123456789;
            summary.append(',').append(replications).append(',').append(total).append(',').append(total - timeouts)
                    .append(",0,0,").append(timeouts).append(",0,0,")
                    .append(fmt(mean)).append(',').append(fmt(mean - 0.01)).append(',').append(fmt(mean + 0.01))
                    .append(",0.050000000,").append(loss > 0 ? "1.050000000" : "0.050000000").append(',')
                    .append(loss > 0 ? "1.050000000" : "0.050000000").append(',')
                    .append(loss > 0 ? "1.050000000" : "0.050000000").append(",0.025000000,")
                    .append("3.98765,3.5,4.5,6,0,0.6,0.5,0.7,2,2,2.000000000,4,0.050000000,")
                    .append(loss).append(',').append(loss).append(',')
                    .append(loss > 0 ? "0.289" : "0.050000000").append('\n');
        }
        StringBuilder sweepPoints = new StringBuilder();
        for (int p = 0; p < points.size(); p++) {
            if (p > 0) {
                sweepPoints.append(',');
            }
            sweepPoints.append("{\"point\":").append(p).append(",\"params\":{");
            boolean first = true;
            for (String k : keys) {
                sweepPoints.append(first ? "" : ",").append('"').append(k).append("\":\"").append(points.get(p).get(k))
                        .append('"');
                first = false;
            }
            sweepPoints.append("}}");
        }
        StringBuilder keyList = new StringBuilder();
        for (String k : keys) {
            keyList.append(keyList.length() > 0 ? "," : "").append('"').append(k).append('"');
        }
        String manifest = "{\n"
                + "  \"tcpsim_version\": \"0.1.0-SNAPSHOT\",\n"
                + "  \"git_commit\": \"abc1234def\",\n"
                + "  \"java_version\": \"17.0.15\",\n"
                + "  \"name\": \"synthetic-test\",\n"
                + "  \"seed\": 42,\n"
                + "  \"config\": {\"name\": \"synthetic-test\", \"seed\": 42, \"replications\": " + replications
                + ", \"duration\": \"20s\", \"warmup\": \"5s\", \"profile\": \"linux\", \"tcp\": {\"time-wait\": \"2s\"},"
                + " \"topology\": {\"clients\": 1, \"servers\": 1, \"link\": {\"latency\": \"12500us\", \"loss\": 0}},"
                + " \"workload\": {\"arrivals\": {\"process\": \"constant\", \"rate\": \"2/s\"}, \"close\": \"client-first\"}},\n"
                + "  \"sweep\": {\"keys\": [" + keyList + "], \"points\": [" + sweepPoints + "]},\n"
                + "  \"replications\": " + replications + ",\n"
                + "  \"runs\": [" + runs + "],\n"
                + "  \"files\": {\"connections.csv.gz\": \"00ff\", \"occupancy.csv.gz\": \"11ee\", \"summary.csv\": \"22dd\"}\n"
                + "}\n";
        Files.write(dir.resolve("manifest.json"), manifest.getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("summary.csv"), summary.toString().getBytes(StandardCharsets.UTF_8));
        if (withConnections) {
            tcpsim.experiments.TestGz.write(dir.resolve("connections.csv.gz"), connections);
        }
        if (withOccupancy) {
            tcpsim.experiments.TestGz.write(dir.resolve("occupancy.csv.gz"), occupancy);
        }
    }

    private static final List<String> STATES = List.of("SYN_SENT", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2",
            "TIME_WAIT", "SYN_RECEIVED", "CLOSE_WAIT", "LAST_ACK");

    private static void step(List<double[]> changes, int host, String state, double from, double to) {
        changes.add(new double[] {from, host, STATES.indexOf(state), 1});
        changes.add(new double[] {to, host, STATES.indexOf(state), -1});
    }

    private static String row(int p, int r, int c, double start, String outcome, String setup, String serverSetup,
                              int syn, int synack, String initiator, String fw1, String fw2, String closing,
                              String closeWait, String lastAck, String timeWait, double end) {
        return p + "," + r + "," + c + ",10.0.0.1,10.0.1.1," + (32768 + c) + ",80," + fmt(start) + "," + outcome + ","
                + setup + "," + serverSetup + "," + syn + "," + synack + "," + initiator + "," + fw1 + "," + fw2 + ","
                + closing + "," + closeWait + "," + lastAck + "," + timeWait + "," + fmt(end) + "\n";
    }

    static String fmt(double seconds) {
        return String.format(Locale.ROOT, "%.9f", seconds);
    }
}
