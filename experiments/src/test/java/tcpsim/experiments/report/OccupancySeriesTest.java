package tcpsim.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OccupancySeriesTest {

    static final String HEADER = "point,replication,host,time_s,state,count\n";

    @Test
    void binsHoldExactTimeAveragesSummedOverHosts(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("occupancy.csv");
        // host a: 1 in TIME_WAIT on [0.5, 5.25); host b: 2 on [2, 4); end 10 s in 10 bins of 1 s
        Files.writeString(f, HEADER
                + "0,0,a,0.500000000,TIME_WAIT,1\n"
                + "0,0,b,2.000000000,TIME_WAIT,2\n"
                + "0,0,b,4.000000000,TIME_WAIT,0\n"
                + "0,0,a,5.250000000,TIME_WAIT,0\n"
                + "0,1,a,9.000000000,CLOSE_WAIT,3\n");
        OccupancySeries o = OccupancySeries.read(f, 10, 10);
        double[][] rep = o.points().get(0).values(o.stateIndex("TIME_WAIT"), 10);
        assertEquals(2, rep.length);
        double[] expected = {0.5, 1, 3, 3, 1, 0.25, 0, 0, 0, 0};
        for (int b = 0; b < 10; b++) {
            assertEquals(expected[b], rep[0][b], 1e-12, "bin " + b);
            assertEquals(0, rep[1][b], 1e-12);
        }
        double[][] mmm = o.meanMinMax(0, "TIME_WAIT");
        assertEquals(1.5, mmm[0][2], 1e-12);
        assertEquals(0, mmm[1][2], 1e-12);
        assertEquals(3, mmm[2][2], 1e-12);
        // a step that lasts to the end of the run
        assertEquals(3, o.meanMinMax(0, "CLOSE_WAIT")[2][9], 1e-12);
        assertTrue(o.occurs("CLOSE_WAIT"));
        assertTrue(!o.occurs("LAST_ACK"));
    }

    @Test
    void endDefaultsToTheLastChange(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("occupancy.csv");
        Files.writeString(f, HEADER + "0,0,a,1.000000000,ESTABLISHED,1\n0,0,a,4.000000000,ESTABLISHED,0\n");
        OccupancySeries o = OccupancySeries.read(f, Double.NaN, 4);
        assertEquals(4, o.end(), 0);
        assertEquals(1, o.meanMinMax(0, "ESTABLISHED")[0][2], 1e-12);
    }

    @Test
    void timeGoingBackwardsIsAnError(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("occupancy.csv");
        Files.writeString(f, HEADER + "0,0,a,2.000000000,ESTABLISHED,1\n0,0,a,1.000000000,ESTABLISHED,0\n");
        IOException e = assertThrows(IOException.class, () -> OccupancySeries.read(f, 10, 10));
        assertTrue(e.getMessage().contains("occupancy.csv:3"), e.getMessage());
    }

    @Test
    void missingColumnIsAnError(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("occupancy.csv");
        Files.writeString(f, "point,replication,host,time_s,count\n");
        IOException e = assertThrows(IOException.class, () -> OccupancySeries.read(f, 10, 10));
        assertTrue(e.getMessage().contains("missing column 'state'"), e.getMessage());
    }
}
