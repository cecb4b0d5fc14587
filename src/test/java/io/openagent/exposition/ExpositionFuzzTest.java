package io.openagent.exposition;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import io.openagent.SharedFiles;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated input: the parsers may only ever answer with an {@link ExpositionException}
 * (or succeed), never another exception, and they always terminate (each batch is time-bounded).
 */
class ExpositionFuzzTest {
    private static final byte[] ALPHABET = "abc_:{}=\",. \t\n\\#\"+-0123456789eEInfaNHELPTYPEUNITOF\u00ff".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    private static void parseAll(byte[] body) {
        for (ExpositionFormat f : ExpositionFormat.values()) {
            try {
                new ExpositionReader(64, 1 << 20, 1 << 20).read(new ByteArrayInputStream(body), f, s -> s.toString());
            } catch (ExpositionException expected) {
                // a located parse error is the only acceptable failure
            } catch (Throwable t) {
                fail("format " + f + " threw " + t + " on input " + java.util.Arrays.toString(body), t);
            }
        }
    }

    @Test
    void mutatedFixturesOnlyFailWithParseErrors() throws Exception {
        Random random = new Random(20261122L);
        String[] fixtures = {"node_exporter.prom", "python_client.om.txt", "python_client.prom", "camel_micrometer.prom"};
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (String name : fixtures) {
                byte[] original = Files.readAllBytes(SharedFiles.fixture(name));
                for (int round = 0; round < 300; round++) {
                    byte[] body = original.clone();
                    int start = random.nextInt(body.length);
                    int len = Math.min(body.length - start, 1 + random.nextInt(400));
                    byte[] window = java.util.Arrays.copyOfRange(body, start, start + len);
                    for (int m = 0, n = 1 + random.nextInt(6); m < n; m++) {
                        int at = random.nextInt(window.length);
                        switch (random.nextInt(3)) {
                            case 0 -> window[at] = ALPHABET[random.nextInt(ALPHABET.length)];
                            case 1 -> window[at] = (byte) random.nextInt(256);
                            default -> window = java.util.Arrays.copyOf(window, Math.max(1, at)); // truncate
                        }
                    }
                    parseAll(window);
                }
            }
        });
    }

    @Test
    void randomInputOnlyFailsWithParseErrors() {
        Random random = new Random(7L);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int round = 0; round < 5000; round++) {
                byte[] body = new byte[random.nextInt(200)];
                for (int i = 0; i < body.length; i++) {
                    body[i] = random.nextBoolean() ? ALPHABET[random.nextInt(ALPHABET.length)] : (byte) random.nextInt(256);
                }
                parseAll(body);
            }
        });
    }
}
