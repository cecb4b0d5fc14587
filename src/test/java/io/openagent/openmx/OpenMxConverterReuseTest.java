package io.openagent.openmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openagent.SharedFiles;
import io.openagent.exposition.ExpositionException;
import io.openagent.exposition.ExpositionFormat;
import io.openagent.exposition.MutatedBodies;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
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
        String[] names = {"node_exporter.prom", "prometheus.prom", "python_client.prom", "camel_micrometer.prom", "many labels"};
        byte[][] fixtures = new byte[names.length][];
        for (int i = 0; i < names.length - 1; i++) {
            fixtures[i] = Files.readAllBytes(SharedFiles.fixture(names[i]));
        }
        fixtures[names.length - 1] = MutatedBodies.manyLabels();
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
        byte[] body = fixtures[0];
        ExpositionFormat format = ExpositionFormat.PROMETHEUS_TEXT;
        int errors = 0;
        for (int round = 0; round < rounds; round++) {
            int dice = random.nextInt(10);
            if (dice < 2) {
                body = fixtures[random.nextInt(fixtures.length)];
            } else if (dice < 5) {
                body = MutatedBodies.mutate(body, random);
            } // else: the same body again, the common case
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
