package io.openagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.openagent.SharedFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckMetricsCommandTest {
    private record Run(int exit, String out, String err) {
    }

    private static Run run(String stdin, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = CheckMetricsCommand.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void validFilesExitZero() throws Exception {
        for (String f : List.of("node_exporter.prom", "python_client.om.txt", "vmagent.prom")) {
            Run r = run("", SharedFiles.fixture(f).toString());
            assertEquals(0, r.exit(), f + ": " + r.out());
            assertTrue(r.err().contains("valid"), r.err());
        }
    }

    @Test
    void problemsArePrintedWithTheirLineAndExitOne() throws Exception {
        Run r = run("ok 1\nbroken{a=\"1\" 2\n", "-");
        assertEquals(1, r.exit());
        assertEquals("<stdin>: line 2, column 14: expected ',' or '}' after a label, found '2'\n", r.out());
    }

    @Test
    void formatOptionForcesTheParser() throws Exception {
        assertEquals(1, run("a 1\n", "--format", "openmetrics", "-").exit(), "OpenMetrics needs # EOF");
        assertEquals(0, run("a 1\n# EOF\n", "--format", "openmetrics", "-").exit());
        assertEquals(2, run("a 1\n", "--format", "yaml", "-").exit());
    }

    @Test
    void convertPrintsOneJsonLinePerRecord() throws Exception {
        Run r = run("# HELP up Whether up.\n# TYPE up gauge\nup{job=\"x\"} 1 1700000000000\nnan_metric NaN\n", "--convert", "-");
        assertEquals(0, r.exit());
        String[] lines = r.out().trim().split("\n");
        assertEquals(2, lines.length, r.out());
        ObjectMapper m = new ObjectMapper();
        JsonNode help = m.readTree(lines[0]);
        assertEquals("OpenMxHelp", help.get("pack").asText());
        assertEquals("Whether up.", help.at("/properties/help").asText());
        JsonNode rec = m.readTree(lines[1]);
        assertEquals("OpenMx", rec.get("pack").asText());
        assertEquals("up", rec.get("metric").asText());
        assertEquals("x", rec.at("/labels/job").asText());
        assertEquals(1700000000000L, rec.get("timestamp").asLong());
        assertEquals(1.0, rec.get("value").asDouble());
        assertTrue(r.err().contains("1 NaN/Inf dropped"), r.err());
    }
}
