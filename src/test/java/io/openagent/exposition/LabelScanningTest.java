package io.openagent.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The short cuts of the sample-line path: a name matched against the previous sample's, label
 * names checked for duplicates only when their fingerprints meet, values read in place unless they
 * hold escapes or non-ASCII bytes. Each must answer exactly as the long way does.
 */
class LabelScanningTest {

    private static List<String> parse(byte[] body) throws IOException {
        List<String> out = new ArrayList<>();
        new ExpositionReader().read(new ByteArrayInputStream(body), ExpositionFormat.PROMETHEUS_TEXT, s -> out.add(s.name() + s.labels() + "=" + s.value()));
        return out;
    }

    private static List<String> parse(String body) throws IOException {
        return parse(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aNameIsTheSameAsThePreviousOnlyWhenItEndsThere() throws IOException {
        assertEquals(List.of("ab{}=1.0", "abc{}=2.0", "ab{x=y}=3.0", "ab:c{}=4.0", "ab{}=5.0", "a{}=6.0"),
                parse("ab 1\nabc 2\nab{x=\"y\"} 3\nab:c 4\nab 5\na 6\n"));
    }

    @Test
    void aQuotedNameIsNotABareNameForTheNextLine() throws IOException {
        assertEquals(List.of("my.metric{}=1.0", "my.metric{}=2.0"), parse("{\"my.metric\"} 1\n{\"my.metric\"} 2\n"));
        ExpositionException e = assertThrows(ExpositionException.class, () -> parse("{\"my.metric\"} 1\nmy.metric 2\n"));
        assertEquals(2, e.line());
        assertEquals(3, e.column(), e.getMessage());
        e = assertThrows(ExpositionException.class, () -> parse("my 1\nmy{\"my\"} 2\n"));
        assertTrue(e.getMessage().contains("metric name given twice"), e.getMessage());
    }

    @Test
    void namesWithTheSameFingerprintAreComparedInFull() throws IOException {
        // Same length, first and last byte: the fingerprint cannot tell them apart, the comparison does.
        assertEquals(List.of("m{ab1c=x, ab2c=y, ab3c=z}=1.0"), parse("m{ab1c=\"x\",ab2c=\"y\",ab3c=\"z\"} 1\n"));
        ExpositionException e = assertThrows(ExpositionException.class, () -> parse("m{ab1c=\"x\",ab2c=\"y\",ab1c=\"z\"} 1\n"));
        assertTrue(e.getMessage().contains("duplicate label name \"ab1c\""), e.getMessage());
        assertEquals(21, e.column());
    }

    @Test
    void aDuplicateIsFoundAtEveryPositionOfALongLabelSet() throws IOException {
        String[] names = {"build_id", "id", "id_like", "image_id", "image_version", "name", "pretty_name", "variant",
                "variant_id", "version", "version_codename", "version_id"};
        for (int dup = 0; dup < names.length; dup++) {
            StringBuilder line = new StringBuilder("os_info{");
            for (String n : names) {
                line.append(n).append("=\"v\",");
            }
            line.append(names[dup]).append("=\"again\"} 1\n");
            int at = dup;
            ExpositionException e = assertThrows(ExpositionException.class, () -> parse(line.toString()), () -> "duplicate of " + names[at]);
            assertTrue(e.getMessage().contains("duplicate label name \"" + names[dup] + "\""), e.getMessage());
        }
        StringBuilder line = new StringBuilder("os_info{");
        for (String n : names) {
            line.append(n).append("=\"").append(n.length()).append("\",");
        }
        assertEquals(1, parse(line.append("} 1\n").toString()).size());
    }

    @Test
    void valuesWithEscapesOrNonAsciiBytesAnywhere() throws IOException {
        String ascii = "0123456789abcdef";
        for (int at = 0; at <= ascii.length(); at++) {
            String head = ascii.substring(0, at);
            String tail = ascii.substring(at);
            assertEquals(List.of("m{a=" + head + "\"" + tail + ", b=" + head + "와탭" + tail + ", c=" + head + "\n와" + tail + "}=1.0"),
                    parse("m{a=\"" + head + "\\\"" + tail + "\",b=\"" + head + "와탭" + tail + "\",c=\"" + head + "\\n와" + tail + "\"} 1\n"),
                    "at " + at);
        }
    }

    @Test
    void invalidUtf8IsFoundAfterAnyNumberOfAsciiBytes() throws IOException {
        for (int at = 0; at <= 17; at++) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes("m{a=\"".getBytes(StandardCharsets.US_ASCII));
            body.writeBytes("x".repeat(at).getBytes(StandardCharsets.US_ASCII));
            body.write(0xff);
            body.writeBytes("yz\"} 1\n".getBytes(StandardCharsets.US_ASCII));
            ExpositionException e = assertThrows(ExpositionException.class, () -> parse(body.toByteArray()), "at " + at);
            assertTrue(e.getMessage().contains("invalid UTF-8"), e.getMessage());
            assertEquals(5, e.column());
        }
    }
}
