package io.openagent.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openagent.SharedFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real exporter fixture parses; the sample and family counts are checked against an
 * independent count made with plain string operations on the same file.
 */
class FixtureParseTest {

    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(SharedFiles.root().resolve("fixtures/exposition"))) {
            List<String> names = new ArrayList<>();
            files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("README.md")).sorted().forEach(names::add);
            assertTrue(names.size() >= 6, "fixtures missing: " + names);
            return names.stream();
        }
    }

    /** Counts made without the parser: data lines, and distinct family names from TYPE lines or, lacking those, sample names. */
    private record IndependentCount(int samples, Set<String> typedFamilies, Set<String> sampleNames) {
    }

    private static IndependentCount count(String body) {
        int samples = 0;
        Set<String> typed = new LinkedHashSet<>();
        Set<String> names = new LinkedHashSet<>();
        for (String line : body.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                typed.add(line.split(" ")[2]);
            } else if (!line.startsWith("#")) {
                samples++;
                int brace = line.indexOf('{');
                int space = line.indexOf(' ');
                names.add(line.substring(0, brace >= 0 && brace < space ? brace : space));
            }
        }
        return new IndependentCount(samples, typed, names);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void parsesWithExpectedCounts(String name) throws IOException {
        byte[] body = Files.readAllBytes(SharedFiles.fixture(name));
        ExpositionFormat format = name.endsWith(".om.txt") ? ExpositionFormat.OPENMETRICS : ExpositionFormat.PROMETHEUS_TEXT;
        List<String> seen = new ArrayList<>();
        // A small chunk size forces lines across chunk boundaries: streaming must not change the result.
        for (int chunk : new int[] {7, 4096, 65536}) {
            long[] count = {0};
            ExpositionReader.Result r = new ExpositionReader(chunk, 0, ExpositionReader.DEFAULT_MAX_LINE)
                    .read(new ByteArrayInputStream(body), format, s -> {
                        count[0]++;
                        if (chunk == 7) {
                            seen.add(s.toString());
                        }
                    });
            IndependentCount expected = count(new String(body, StandardCharsets.UTF_8));
            assertEquals(expected.samples(), r.samples(), name + " samples");
            assertEquals(expected.samples(), count[0], name + " samples delivered");
            Set<String> typed = new LinkedHashSet<>();
            r.families().stream().filter(MetricFamily::typeDeclared).forEach(f -> typed.add(f.name()));
            assertEquals(expected.typedFamilies(), typed, name + " typed families");
            if (expected.typedFamilies().isEmpty()) {
                Set<String> all = new LinkedHashSet<>();
                r.families().forEach(f -> all.add(f.name()));
                assertEquals(expected.sampleNames(), all, name + " implicit families");
            }
            assertEquals(body.length, r.bytes());
        }
        System.out.println(name + ": " + seen.size() + " samples");
    }
}
