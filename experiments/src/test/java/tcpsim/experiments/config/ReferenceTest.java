package tcpsim.experiments.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tcpsim.tcp.TcpParameter;
import tcpsim.tcp.TcpProfile;

/** The declarations drive README's tables, the reference, the defaults and the tcp.* keys. */
class ReferenceTest {
    private static final Path README = Path.of("..", "README.md");

    @Test
    void readmeTablesAreTheGeneratedOnes() throws Exception {
        String readme = Files.readString(README);
        assertEquals(Reference.updateReadme(readme), readme,
                "README's config tables differ from the declarations; run ./tcpsim keys --update-readme README.md");
    }

    @Test
    void updateReadmeReplacesOnlyTheMarkedBlocksAndNeedsThemAll() throws Exception {
        String readme = Files.readString(README);
        String stale = readme.replace("| `workload.close` |", "| `workload.closing` |");
        assertNotEquals(readme, stale);
        assertEquals(readme, Reference.updateReadme(stale));
        String noMarker = readme.replace("<!-- /keys:output -->", "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Reference.updateReadme(noMarker));
        assertTrue(e.getMessage().contains("keys:output"), e.getMessage());
    }

    @Test
    void everyKeyIsInTheReferenceOnceWithItsDefault() {
        String text = Reference.text();
        for (Param<?> p : Keys.ALL) {
            assertEquals(1, text.split("\n" + java.util.regex.Pattern.quote(p.key()) + "\n", -1).length - 1
                    + (text.startsWith(p.key() + "\n") ? 1 : 0), p.key());
        }
        assertTrue(text.contains("tcp.time-wait\n    type:    duration 0s..86400s\n    default: linux 60s, rfc9293 240s\n"
                + "    TIME_WAIT duration (2 MSL)\n"), text);
        assertTrue(text.contains("workload.server-port\n    type:    integer 1..65535 (port)\n    default: 80\n"),
                text);
        assertTrue(Reference.markdown("tcp").contains("| `tcp.tw-reuse` | true/false | false | false |"));
    }

    @Test
    void everyDefaultIsAValueOfItsOwnType() throws Exception {
        Problems pr = new Problems("defaults");
        for (Param<?> p : Keys.ALL) {
            if (p.def() != null) {
                assertRoundTrip(p, pr);
            }
        }
    }

    private static <T> void assertRoundTrip(Param<T> p, Problems pr) throws ConfigException {
        JsonNode written = p.type().write(p.def());
        if (!written.isNull()) {
            assertEquals(p.def(), p.type().complete(p.type().parse(written, p.key(), pr), p.def()), p.key());
        }
    }

    @Test
    void everyTcpParameterIsAConfigKeyThatReachesTheProfile() throws Exception {
        for (TcpParameter t : TcpParameter.values()) {
            for (String profile : TcpParameter.PROFILES) {
                long def = t.defaultIn(profile);
                String value = switch (t.kind()) {
                    case BOOLEAN -> def == 0 ? "true" : "false";
                    case DURATION -> (def + 1_000_000) + "ns";
                    case INTEGER -> Long.toString(def == t.max() ? def - 1 : def + 1);
                };
                if (t == TcpParameter.TIMER_HZ) {
                    value = def == 250 ? "1000" : "250"; // 251 is no divisor of 10^9
                }
                if (t == TcpParameter.EPHEMERAL_PORT_MIN || t == TcpParameter.MIN_RTO) {
                    value = switch (t.kind()) {
                        case INTEGER -> Long.toString(def - 1);
                        case DURATION, BOOLEAN -> (def - 1) + "ns";
                    };
                }
                ExperimentConfig c = ConfigLoader.parse("t.yaml", "name: x\nprofile: " + profile + "\n",
                        List.of("tcp." + t.key() + "=" + value));
                TcpProfile p = c.base().profile();
                assertNotEquals(def, p.value(t), t.key());
                TcpProfile.Builder b = TcpProfile.named(profile).toBuilder();
                TcpProfile expected = t.kind() == TcpParameter.Kind.BOOLEAN ? b.set(t, p.flag(t)).build()
                        : b.set(t, p.value(t)).build();
                assertEquals(expected, p, t.key());
                assertEquals(c.base().tcp().build(), p, "the point carries the profile its tcp config builds");
            }
        }
    }
}
