package io.openagent.openmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openagent.exposition.ExpositionException;
import io.openagent.exposition.ExpositionFormat;
import io.openagent.exposition.MutatedBodies;
import java.io.ByteArrayInputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A converter scrape after scrape writes what a new one writes for the same body: the record heads
 * it keeps by lead (see RecordHeads) never stand for another series.
 */
class OpenMxConverterReuseTest {
    private static String records(OpenMxConverter c, byte[] body, ExpositionFormat f) {
        try {
            ConversionResult r = c.convert(new ByteArrayInputStream(body), f, OpenMxConverterTest.NOW);
            return OpenMxConverterTest.records(r) + " kept " + r.samplesKept();
        } catch (ExpositionException e) {
            return "error " + e.getMessage();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aConverterThatRemembersWritesExactlyWhatAFreshOneWrites() throws Exception {
        // -Dreuse.seed and -Dreuse.rounds run it longer or differently by hand
        Random random = new Random(Long.getLong("reuse.seed", 23L));
        int rounds = Integer.getInteger("reuse.rounds", 300);
        MutatedBodies.Scrapes scrapes = new MutatedBodies.Scrapes(random, false, "node_exporter.prom", "prometheus.prom", "python_client.prom",
                "camel_micrometer.prom", MutatedBodies.MANY_LABELS);
        // Target labels that scraped ones collide with, once and twice (exported_exported_), and honor_labels.
        TargetLabels[] targets = {OpenMxConverterTest.target("job", "node", "instance", "10.0.0.7:9100"),
                OpenMxConverterTest.target("instance", "a", "exported_instance", "b", "code", "c"),
                OpenMxConverterTest.target("job", "node", "path", "p")};
        ConversionSettings[] settings = {ConversionSettings.defaults(), ConversionSettings.defaults().withRecordsPerPack(7),
                ConversionSettings.defaults().withHonorLabels(true)};
        OpenMxConverter[] remembering = new OpenMxConverter[targets.length];
        for (int t = 0; t < targets.length; t++) {
            remembering[t] = OpenMxConverterTest.converter(targets[t], settings[t]);
        }
        int errors = 0;
        for (int round = 0; round < rounds; round++) {
            scrapes.next();
            byte[] body = scrapes.body();
            ExpositionFormat format = scrapes.format();
            for (int t = 0; t < targets.length; t++) {
                String expected = records(OpenMxConverterTest.converter(targets[t], settings[t]), body, format);
                String actual = records(remembering[t], body, format);
                if (!expected.equals(actual)) {
                    int at = 0;
                    while (at < Math.min(expected.length(), actual.length()) && expected.charAt(at) == actual.charAt(at)) {
                        at++;
                    }
                    int from = Math.max(0, at - 200);
                    assertEquals(expected.substring(from, Math.min(expected.length(), at + 200)),
                            actual.substring(from, Math.min(actual.length(), at + 200)), "round " + round + ", target " + t + ", from character " + from);
                }
                if (t == 0 && expected.startsWith("error")) {
                    errors++;
                }
            }
        }
        assertTrue(errors > rounds / 12 && errors < rounds * 11 / 12, "both outcomes exercised: " + errors + " errors");
    }
}
