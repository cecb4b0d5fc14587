package io.openagent.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A reader meets a target's families again on the next read: nothing of one read leaks into the next. */
class ExpositionReaderReuseTest {
    private static ExpositionReader.Result read(ExpositionReader r, String body, ExpositionFormat f) throws Exception {
        return r.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), f, s -> { });
    }

    private static Map<String, String> describe(ExpositionReader.Result r) {
        return r.families().stream().collect(Collectors.toMap(MetricFamily::name,
                f -> f.type().name() + "|" + f.help() + "|" + f.unit() + "|" + f.samples() + "|" + f.typeDeclared()));
    }

    @Test
    void familiesAreMetAgainWithoutWhatTheLastReadSaid() throws Exception {
        ExpositionReader r = new ExpositionReader();
        ExpositionReader.Result first = read(r, "# HELP a First.\n# TYPE a counter\na_total 1\n# HELP b Gone next time.\nb 2\nc 3\n",
                ExpositionFormat.PROMETHEUS_TEXT);
        assertEquals(Map.of("a", "COUNTER|First.|null|1|true", "b", "UNKNOWN|Gone next time.|null|1|false", "c", "UNKNOWN|null|null|1|false"),
                describe(first));
        MetricFamily a = first.families().get(0);
        ExpositionReader.Result second = read(r, "a 5\n# TYPE c gauge\nc 1\nc{x=\"y\"} 2\n", ExpositionFormat.PROMETHEUS_TEXT);
        assertEquals(Map.of("a", "UNKNOWN|null|null|1|false", "c", "GAUGE|null|null|2|true"), describe(second),
                "no help or type carried over, b is not in this read");
        assertSame(a, second.families().get(0), "the same object, reset");
        assertEquals(List.of("a", "c"), second.families().stream().map(MetricFamily::name).toList(), "in this read's order");
        ExpositionException dup = assertThrows(ExpositionException.class,
                () -> read(r, "# HELP a x\n# HELP a y\na 1\n", ExpositionFormat.PROMETHEUS_TEXT));
        assertTrue(dup.getMessage().contains("second HELP line"), dup.getMessage());
        ExpositionReader.Result om = read(r, "# TYPE a gauge\n# UNIT a seconds\n# HELP a Again.\na 1\n# EOF\n".replace("a ", "a_seconds ")
                .replace("# TYPE a_seconds gauge", "# TYPE a_seconds gauge"), ExpositionFormat.OPENMETRICS);
        assertEquals("GAUGE|Again.|seconds|1|true", describe(om).get("a_seconds"));
        assertNull(describe(om).get("a"));
    }

    @Test
    void aRepeatedHelpLineMeansWhatItMeantInItsFormat() throws Exception {
        ExpositionReader r = new ExpositionReader();
        String text = "# HELP a Say \\\"hi\\\" \\\\ done\\n.\na 1\n";
        assertEquals("Say \\\"hi\\\" \\ done\n.", help(read(r, text, ExpositionFormat.PROMETHEUS_TEXT), "a"),
                "the text format keeps \\\" as it is");
        String again = help(read(r, text, ExpositionFormat.PROMETHEUS_TEXT), "a");
        assertEquals("Say \\\"hi\\\" \\ done\n.", again);
        assertSame(again, help(read(r, text, ExpositionFormat.PROMETHEUS_TEXT), "a"), "an unchanged HELP line is not decoded again");
        assertEquals("Say \"hi\" \\ done\n.", help(read(r, text + "# EOF\n", ExpositionFormat.OPENMETRICS), "a"),
                "the same bytes in OpenMetrics unescape the quotes");
        assertEquals("Say \\\"hi\\\" \\ done\n.", help(read(r, text, ExpositionFormat.PROMETHEUS_TEXT), "a"));
        assertEquals("Changed.", help(read(r, "# HELP a Changed.\na 1\n", ExpositionFormat.PROMETHEUS_TEXT), "a"));
        assertNull(help(read(r, "a 1\n", ExpositionFormat.PROMETHEUS_TEXT), "a"), "no HELP line, no help");
        assertThrows(ExpositionException.class, () -> read(r, "# HELP a bad \\q\na 1\n# EOF\n", ExpositionFormat.OPENMETRICS));
        read(r, "# HELP a bad \\q\na 1\n", ExpositionFormat.PROMETHEUS_TEXT);
        assertThrows(ExpositionException.class, () -> read(r, "# HELP a bad \\q\na 1\n# EOF\n", ExpositionFormat.OPENMETRICS),
                "a line valid in the text format is checked again in OpenMetrics");
    }

    private static String help(ExpositionReader.Result r, String family) {
        return r.families().stream().filter(f -> f.name().equals(family)).findFirst().orElseThrow().help();
    }

    @Test
    void typeTokensParseFromBytesAsFromStrings() {
        for (boolean om : new boolean[] {false, true}) {
            for (String token : List.of("counter", "gauge", "histogram", "summary", "untyped", "unknown", "info", "stateset",
                    "gaugehistogram", "Counter", "", "gauge2")) {
                byte[] b = ("x" + token + "y").getBytes(StandardCharsets.US_ASCII);
                assertEquals(MetricType.parse(token, om), MetricType.parse(b, 1, 1 + token.length(), om), token + " openMetrics=" + om);
            }
        }
    }
}
