package tcpsim.experiments.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The swept keys' numeric columns: unit from the key's declaration, value in SI units from the label. */
class SweepColumnsTest {
    @Test
    void eachKindOfParameterGetsItsUnitOrNone() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("topology.link.latency", "5ms");
        labels.put("topology.link.latency.up", "1.5s");
        labels.put("workload.arrivals.rate", "0.5/s");
        labels.put("topology.link.bandwidth", "100Mbps");
        labels.put("topology.server-link.bandwidth", "unlimited");
        labels.put("workload.response-bytes", "20000");
        labels.put("workload.server-close-delay", "never");
        labels.put("tcp.time-wait", "2min");
        labels.put("topology.link.loss", "0.05");
        labels.put("workload.close", "server-first");
        labels.put("tcp.tw-reuse", "true");
        labels.put("topology.clients", "4");
        SweepColumns c = SweepColumns.of(List.copyOf(labels.keySet()));
        assertEquals(List.of("topology.link.latency", "topology.link.latency_s", "topology.link.latency.up",
                "topology.link.latency.up_s", "workload.arrivals.rate", "workload.arrivals.rate_per_s",
                "topology.link.bandwidth", "topology.link.bandwidth_bit_per_s", "topology.server-link.bandwidth",
                "topology.server-link.bandwidth_bit_per_s", "workload.response-bytes", "workload.response-bytes_bytes",
                "workload.server-close-delay", "workload.server-close-delay_s", "tcp.time-wait", "tcp.time-wait_s",
                "topology.link.loss", "workload.close", "tcp.tw-reuse", "topology.clients"), c.summaryHeader());
        assertEquals(List.of("5ms", "0.005", "1.5s", "1.5", "0.5/s", "0.5", "100Mbps", "100000000", "unlimited", "",
                "20000", "20000", "never", "", "2min", "120", "0.05", "server-first", "true", "4"),
                c.summaryCells(labels));
        assertEquals(List.of("topology.link.latency_s", "topology.link.latency.up_s", "workload.arrivals.rate_per_s",
                "topology.link.bandwidth_bit_per_s", "topology.server-link.bandwidth_bit_per_s",
                "workload.response-bytes_bytes", "workload.server-close-delay_s", "tcp.time-wait_s",
                "topology.link.loss", "workload.close", "tcp.tw-reuse", "topology.clients"), c.rowHeader());
        assertEquals(",0.005,1.5,0.5,100000000,,20000,,120,0.05,server-first,true,4", c.rowCells(labels));
    }

    @Test
    void noSweepNoColumns() {
        SweepColumns c = SweepColumns.of(List.of());
        assertEquals(List.of(), c.summaryHeader());
        assertEquals("", c.rowCells(Map.of()));
    }
}
