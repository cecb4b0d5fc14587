package io.openagent.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Escapes anywhere in a line: every field must read the same whether it came before, at or after
 * the first escape, whatever the chunk size the line arrived in.
 */
class SampleViewTest {
    private static List<String> samples(String body, ExpositionFormat f, int chunk) throws Exception {
        List<String> out = new ArrayList<>();
        new ExpositionReader(chunk, 0, 1 << 20).read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), f,
                s -> out.add(s.name() + s.labels() + "=" + s.value()));
        return out;
    }

    @Test
    void fieldsBeforeAtAndAfterTheFirstEscapeReadTheSame() throws Exception {
        String[][] table = {
                {"m{a=\"x\",b=\"y\"} 1\n", "m{a=x, b=y}=1.0"},
                {"m{a=\"x\\\"q\",b=\"y\"} 1\n", "m{a=x\"q, b=y}=1.0"},
                {"m{a=\"x\",b=\"y\\\\z\",c=\"w\"} 2\n", "m{a=x, b=y\\z, c=w}=2.0"},
                {"m{a=\"\\n\",b=\"\\n\\n\"} 3\n", "m{a=\n, b=\n\n}=3.0"},
                {"m{a=\"é\\\"ü\",b=\"ß\"} 4\n", "m{a=é\"ü, b=ß}=4.0"},
                {"   m{ a = \"x\\\\\" , b = \"y\" } 5\n", "m{a=x\\, b=y}=5.0"},
                {"{\"my.metric\", \"a.b\"=\"x\\\"\", c=\"d\"} 6\n", "my.metric{a.b=x\", c=d}=6.0"},
                {"{\"my\\\"metric\", a=\"1\"} 7\n", "my\"metric{a=1}=7.0"},
                {"m{a=\"x\\q\",b=\"y\"} 8\n", "m{a=x\\q, b=y}=8.0"}, // the text format keeps an unknown escape
                {"m 9\nm{a=\"\\\\\"} 10\nm{a=\"plain\"} 11\n", "m{}=9.0|m{a=\\}=10.0|m{a=plain}=11.0"},
        };
        for (String[] row : table) {
            for (int chunk : new int[] {1024, 64 * 1024}) {
                assertEquals(row[1], String.join("|", samples(row[0], ExpositionFormat.PROMETHEUS_TEXT, chunk)), row[0]);
            }
        }
        assertEquals("a_total{l=x\"y, m=z}=1.0",
                String.join("|", samples("# TYPE a counter\na_total{l=\"x\\\"y\",m=\"z\"} 1 # {t=\"e\\\\\"} 2\n# EOF\n", ExpositionFormat.OPENMETRICS, 1024)),
                "an escape in the exemplar after the sample's labels");
        assertEquals("a{b=\"}=1.0", String.join("|", samples("# HELP a x\n# TYPE a gauge\na{b=\"\\\"\"} 1\n", ExpositionFormat.PROMETHEUS_TEXT, 1024)));
    }

    @Test
    void duplicateLabelsAreFoundAcrossTheCopy() {
        ExpositionException e = assertThrows(ExpositionException.class,
                () -> samples("m{a=\"x\\\"\",a=\"y\"} 1\n", ExpositionFormat.PROMETHEUS_TEXT, 1024));
        assertTrue(e.getMessage().contains("duplicate label name \"a\""), e.getMessage());
        e = assertThrows(ExpositionException.class, () -> samples("m{a=\"x\",b=\"\\\"\",a=\"y\"} 1\n", ExpositionFormat.PROMETHEUS_TEXT, 1024));
        assertTrue(e.getMessage().contains("duplicate label name \"a\""), e.getMessage());
        e = assertThrows(ExpositionException.class, () -> samples("m{a=\"\\xff\"} 1\n# EOF\n", ExpositionFormat.OPENMETRICS, 1024));
        assertTrue(e.getMessage().contains("invalid escape"), e.getMessage());
    }
}
