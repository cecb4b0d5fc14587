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

    /** Everything a parse tells: its families with their metadata, its samples, or its error. */
    private static String everything(ExpositionReader r, byte[] body, ExpositionFormat f) {
        return everything(r, body, f, new java.util.HashMap<>());
    }

    /** Also checks the promise of {@link Sample#leadStamp()}: one stamp, one series (at one position), in every parse of the reader. */
    private static String everything(ExpositionReader r, byte[] body, ExpositionFormat f, Map<Long, String> seriesByStamp) {
        StringBuilder out = new StringBuilder();
        try {
            ExpositionReader.Result res = r.read(new ByteArrayInputStream(body), f, s -> {
                out.append(s.family().name()).append(" <- ").append(s).append('\n');
                if (s.leadStamp() != 0) {
                    String series = s.lead() + " " + new String(s.seriesText(), s.seriesTextOffset(), s.seriesTextLength(), StandardCharsets.UTF_8);
                    String before = seriesByStamp.putIfAbsent(s.leadStamp(), series);
                    assertEquals(before == null ? series : before, series, "the series of stamp " + s.leadStamp());
                }
            });
            for (MetricFamily fam : res.families()) {
                out.append(fam.name()).append('|').append(fam.type().name()).append('|').append(fam.typeDeclared()).append('|')
                        .append(fam.help()).append('|').append(fam.unit()).append('|').append(fam.samples()).append('\n');
            }
            return out.append(res.samples()).toString();
        } catch (ExpositionException e) {
            return "error " + e.getMessage();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void readersOfTheSameExporterShareNamesAndHelpTexts() throws Exception {
        byte[] node = java.nio.file.Files.readAllBytes(io.openagent.SharedFiles.fixture("node_exporter.prom"));
        ExpositionReader.Result one = new ExpositionReader().read(new ByteArrayInputStream(node), ExpositionFormat.PROMETHEUS_TEXT, s -> { });
        ExpositionReader.Result two = new ExpositionReader().read(new ByteArrayInputStream(node), ExpositionFormat.PROMETHEUS_TEXT, s -> { });
        assertEquals(one.families().size(), two.families().size());
        for (int i = 0; i < one.families().size(); i++) {
            MetricFamily a = one.families().get(i);
            MetricFamily b = two.families().get(i);
            assertTrue(a != b && a.name() == b.name() && a.help() == b.help() && a.nameUtf8() == b.nameUtf8(), a.name());
        }
        String unit = "u".repeat(100);
        String om = "# TYPE m_" + unit + " gauge\n# UNIT m_" + unit + " " + unit + "\nm_" + unit + " 1\n# EOF\n";
        assertEquals(unit, new ExpositionReader().read(new ByteArrayInputStream(om.getBytes(StandardCharsets.UTF_8)), ExpositionFormat.OPENMETRICS, s -> { })
                .families().get(0).unit(), "a unit longer than an error message's excerpt");
    }

    @Test
    void aRememberedMetadataLineIsStillCheckedAgainstThisParse() throws Exception {
        ExpositionReader r = new ExpositionReader();
        read(r, "# TYPE a gauge\n# HELP a x\na 1\n# EOF\n", ExpositionFormat.OPENMETRICS);
        ExpositionException late = assertThrows(ExpositionException.class,
                () -> read(r, "# TYPE a gauge\na 1\n# HELP a x\n# EOF\n", ExpositionFormat.OPENMETRICS),
                "the same HELP line, second metadata line as before, but now after the samples");
        assertTrue(late.getMessage().contains("after its samples"), late.getMessage());
        assertEquals("GAUGE|x|null|1|true", describe(read(r, "# TYPE a gauge\n# HELP a x\na 1\n# EOF\n", ExpositionFormat.OPENMETRICS)).get("a"),
                "the failed parse left the memo as it was");
    }

    @Test
    void aReaderThatRemembersAnswersExactlyLikeAFreshOne() throws Exception {
        // -Dreuse.seed and -Dreuse.rounds run it longer or differently by hand
        java.util.Random random = new java.util.Random(Long.getLong("reuse.seed", 11L));
        int rounds = Integer.getInteger("reuse.rounds", 600);
        MutatedBodies.Scrapes scrapes = new MutatedBodies.Scrapes(random, true, "node_exporter.prom", "prometheus.prom", "python_client.prom",
                "python_client.om.txt", "camel_micrometer.prom", MutatedBodies.MANY_LABELS);
        ExpositionReader remembering = new ExpositionReader(256, 0, 1 << 20);
        Map<Long, String> seriesByStamp = new java.util.HashMap<>();
        int errors = 0;
        for (int round = 0; round < rounds; round++) {
            scrapes.next();
            byte[] body = scrapes.body();
            ExpositionFormat format = scrapes.format();
            String expected = everything(new ExpositionReader(256, 0, 1 << 20), body, format);
            assertEquals(expected, everything(remembering, body, format, seriesByStamp), "round " + round);
            if (expected.startsWith("error")) {
                errors++;
            }
        }
        assertTrue(errors > rounds / 12 && errors < rounds * 11 / 12, "both outcomes exercised: " + errors + " errors");
        assertTrue(seriesByStamp.size() > 1000, "stamps given and checked: " + seriesByStamp.size());
    }

    @Test
    void samplesWithoutMetadataLinesFollowTheirFamilysTypeOfThisParse() throws Exception {
        String histogram = "# HELP h Latency.\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3\nh_count 2\n"
                + "# TYPE g gauge\ng 1\ng_sum 4\n";
        String[] bodies = {histogram, histogram.replace("TYPE h histogram", "TYPE h summary"), histogram,
                histogram.replace("TYPE h histogram", "TYPE h gauge"), histogram.replace("TYPE g gauge", "TYPE g summary"), histogram,
                histogram.replace("TYPE h histogram", "TYPE h untyped")};
        ExpositionReader remembering = new ExpositionReader();
        for (int round = 0; round < 3; round++) {
            for (String body : bodies) {
                byte[] b = body.getBytes(StandardCharsets.UTF_8);
                String expected = everything(new ExpositionReader(), b, ExpositionFormat.PROMETHEUS_TEXT);
                assertEquals(expected, everything(remembering, b, ExpositionFormat.PROMETHEUS_TEXT), body);
            }
        }
        String summary = everything(remembering, bodies[1].getBytes(StandardCharsets.UTF_8), ExpositionFormat.PROMETHEUS_TEXT);
        assertTrue(summary.contains("h_bucket|UNKNOWN") && summary.contains("h|SUMMARY|true|Latency.|null|2"), summary);
    }

    @Test
    void theNameOfASampleTakenWithItsLeadIsTheNextLinesPreviousName() throws Exception {
        // "bb" is taken with its lead, its name not copied; the changed line after it starts with
        // "aa", the name before: it must be compared with "bb", not with what was copied last.
        String first = "# TYPE aa gauge\naa 1\n# TYPE bb gauge\nbb 2\naa{x=\"1\"} 3\n";
        String next = first.replace("x=\"1\"", "x=\"2\"");
        ExpositionReader r = new ExpositionReader();
        everything(r, first.getBytes(StandardCharsets.UTF_8), ExpositionFormat.PROMETHEUS_TEXT);
        everything(r, first.getBytes(StandardCharsets.UTF_8), ExpositionFormat.PROMETHEUS_TEXT);
        String expected = everything(new ExpositionReader(), next.getBytes(StandardCharsets.UTF_8), ExpositionFormat.PROMETHEUS_TEXT);
        assertTrue(expected.contains("aa <- aa{x=2} 3"), expected);
        assertEquals(expected, everything(r, next.getBytes(StandardCharsets.UTF_8), ExpositionFormat.PROMETHEUS_TEXT));
        assertEquals(2, r.lastLeadsTaken());
    }

    @Test
    void aRepeatedBodyIsTakenLeadByLeadAndOnlyItsValuesParsed() throws Exception {
        byte[] node = java.nio.file.Files.readAllBytes(io.openagent.SharedFiles.fixture("node_exporter.prom"));
        String first = new String(node, StandardCharsets.UTF_8);
        String next = first.replace(" 0.67\n", " 0.71\n").replace(" 17949\n", " 17950\n"); // the next scrape: values changed
        ExpositionReader r = new ExpositionReader();
        read(r, first, ExpositionFormat.PROMETHEUS_TEXT); // learns that leads are worth keeping
        read(r, first, ExpositionFormat.PROMETHEUS_TEXT); // keeps them
        assertEquals(0, r.lastLeadsTaken());
        String fresh = everything(new ExpositionReader(), next.getBytes(StandardCharsets.UTF_8), ExpositionFormat.PROMETHEUS_TEXT);
        assertEquals(fresh, everything(r, next.getBytes(StandardCharsets.UTF_8), ExpositionFormat.PROMETHEUS_TEXT));
        assertEquals(507, r.lastLeadsTaken(), "every sample line of a body that only changed its values");
        assertTrue(r.rememberedTextBytes() < node.length, "each metadata line is kept once, not in the memo and again in a lead: "
                + r.rememberedTextBytes() + " bytes kept of a " + node.length + "-byte body");
        assertTrue(fresh.contains("node_load1 <- node_load1{} 0.71"), fresh.substring(0, 200));

        // A lead that ends in blanks is only the start of a line with labels after its name.
        String changed = next.replace("\nnode_load1 0.71\n", "\nnode_load1 {cpu=\"0\"} 0.71\n");
        fresh = everything(new ExpositionReader(), changed.getBytes(StandardCharsets.UTF_8), ExpositionFormat.PROMETHEUS_TEXT);
        assertTrue(fresh.contains("node_load1 <- node_load1{cpu=0} 0.71"), "the labels are read as labels");
        assertEquals(fresh, everything(r, changed.getBytes(StandardCharsets.UTF_8), ExpositionFormat.PROMETHEUS_TEXT));
        assertTrue(r.lastLeadsTaken() < 507, "the changed line and those after it went the long way: " + r.lastLeadsTaken());
        assertEquals(fresh, everything(r, changed.getBytes(StandardCharsets.UTF_8), ExpositionFormat.PROMETHEUS_TEXT));
        assertEquals(507, r.lastLeadsTaken(), "the changed body's leads are remembered in turn");
    }

    @Test
    void readersSharingAThreadsBufferDoNotSeeEachOthersBytes() throws Exception {
        byte[] node = java.nio.file.Files.readAllBytes(io.openagent.SharedFiles.fixture("node_exporter.prom"));
        StringBuilder longLine = new StringBuilder("# HELP long ");
        longLine.append("x".repeat(200_000)).append("\nlong{a=\"").append("y".repeat(100_000)).append("\"} 1\n");
        byte[] big = longLine.toString().getBytes(StandardCharsets.UTF_8);
        String nodeExpected = everything(new ExpositionReader(), node, ExpositionFormat.PROMETHEUS_TEXT);
        String bigExpected = everything(new ExpositionReader(), big, ExpositionFormat.PROMETHEUS_TEXT);
        ExpositionReader a = new ExpositionReader();
        ExpositionReader b = new ExpositionReader();
        for (int i = 0; i < 3; i++) {
            assertEquals(nodeExpected, everything(a, node, ExpositionFormat.PROMETHEUS_TEXT));
            assertEquals(bigExpected, everything(b, big, ExpositionFormat.PROMETHEUS_TEXT), "a line longer than the buffer grows it");
            assertEquals(nodeExpected, everything(b, node, ExpositionFormat.PROMETHEUS_TEXT));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ExpositionReader r = i % 2 == 0 ? a : new ExpositionReader();
                byte[] body = i % 3 == 0 ? big : node;
                results.add(pool.submit(() -> {
                    synchronized (r) { // one reader is never used by two threads at once, but may move between threads
                        return everything(r, body, ExpositionFormat.PROMETHEUS_TEXT);
                    }
                }));
            }
            for (int i = 0; i < results.size(); i++) {
                assertEquals(i % 3 == 0 ? bigExpected : nodeExpected, results.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
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
