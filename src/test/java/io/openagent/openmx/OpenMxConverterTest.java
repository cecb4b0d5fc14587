package io.openagent.openmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openagent.SharedFiles;
import io.openagent.exposition.ExpositionFormat;
import io.openagent.exposition.ExpositionReader;
import io.openagent.wire.Pack;
import io.openagent.wire.PackBody;
import io.openagent.wire.PackCodec;
import io.openagent.wire.PackHeader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.openagent.exposition.ProtoWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenMxConverterTest {
    static final PackHeader HEADER = new PackHeader(1845, 478030654, 0, 0, 1700000000000L);
    static final long NOW = 1700000000000L;

    static TargetLabels target(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return new TargetLabels(m);
    }

    static List<Pack.OpenMxRecord> records(ConversionResult r) {
        List<Pack.OpenMxRecord> out = new ArrayList<>();
        for (PackBody b : r.metricPacks()) {
            out.addAll(((Pack.OpenMxPack) PackCodec.decode(b.toBytes(HEADER))).records());
        }
        return out;
    }

    static List<Pack.OpenMxHelpRecord> help(ConversionResult r) {
        List<Pack.OpenMxHelpRecord> out = new ArrayList<>();
        for (PackBody b : r.helpPacks()) {
            out.addAll(((Pack.OpenMxHelpPack) PackCodec.decode(b.toBytes(HEADER))).records());
        }
        return out;
    }

    static ConversionResult convert(OpenMxConverter c, String body, ExpositionFormat f) throws Exception {
        return c.convert(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), f, NOW);
    }

    static OpenMxConverter converter(TargetLabels t, ConversionSettings s) {
        return new OpenMxConverter(t, s, MetricFilter.ALL, "", 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"node_exporter.prom", "prometheus.prom", "vmagent.prom", "python_client.prom",
            "python_client.om.txt", "camel_micrometer.prom"})
    void everyFiniteSampleOfEveryFixtureBecomesOneRecord(String fixture) throws Exception {
        byte[] body = Files.readAllBytes(SharedFiles.fixture(fixture));
        ExpositionFormat f = fixture.endsWith(".om.txt") ? ExpositionFormat.OPENMETRICS : ExpositionFormat.PROMETHEUS_TEXT;
        List<String> expected = new ArrayList<>();
        long[] nonFinite = {0};
        new ExpositionReader().read(new ByteArrayInputStream(body), f, s -> {
            if (Double.isNaN(s.value()) || Double.isInfinite(s.value())) {
                nonFinite[0]++;
                return;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            s.labels().forEach((k, v) -> {
                if (!v.isEmpty()) {
                    labels.put(k.equals("job") || k.equals("instance") ? "exported_" + k : k, v);
                }
            });
            labels.put("job", "node");
            labels.put("instance", "10.0.0.7:9100");
            expected.add(new Pack.OpenMxRecord(s.name(), labels, s.hasTimestamp() ? s.timestampMs() : NOW, s.value()).toString());
        });
        OpenMxConverter c = converter(target("job", "node", "instance", "10.0.0.7:9100"), ConversionSettings.defaults());
        ConversionResult r = c.convert(new ByteArrayInputStream(body), f, NOW);
        List<String> got = new ArrayList<>();
        records(r).forEach(x -> got.add(x.toString()));
        assertEquals(expected, got);
        assertEquals(nonFinite[0], r.droppedNonFinite());
        assertEquals(expected.size(), r.samplesKept());
        // one help record per family that has metadata
        long described = r.families().stream().filter(io.openagent.exposition.MetricFamily::hasMetadata).count();
        assertEquals(described, help(r).size());
        if (fixture.equals("vmagent.prom")) {
            assertEquals(0, described, "vmagent exposes no HELP/TYPE");
        }
    }

    @Test
    void nanAndInfAreDroppedButTheInfBucketStays() throws Exception {
        ConversionResult r = convert(converter(target("job", "j"), ConversionSettings.defaults()),
                "a NaN\nb +Inf\nc -Inf\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 3\nh_sum 1\nh_count 3\n", ExpositionFormat.PROMETHEUS_TEXT);
        List<Pack.OpenMxRecord> rs = records(r);
        assertEquals(3, r.droppedNonFinite());
        assertEquals(List.of("h_bucket", "h_sum", "h_count"), rs.stream().map(Pack.OpenMxRecord::metric).toList());
        assertEquals("+Inf", rs.get(0).labels().get("le"));
    }

    @Test
    void conflictingScrapedLabelsBecomeExported() throws Exception {
        ConversionResult r = convert(converter(target("job", "node", "instance", "h:1"), ConversionSettings.defaults()),
                "a{job=\"scraped\",exported_job=\"taken\",x=\"1\"} 1\n", ExpositionFormat.PROMETHEUS_TEXT);
        Pack.OpenMxRecord rec = records(r).get(0);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("exported_exported_job", "scraped");
        expected.put("exported_job", "taken");
        expected.put("x", "1");
        expected.put("job", "node");
        expected.put("instance", "h:1");
        assertEquals(expected, rec.labels());
        assertEquals(5, rec.labels().size(), "no duplicate keys");
    }

    @Test
    void honorLabelsKeepsScrapedValues() throws Exception {
        ConversionResult r = convert(converter(target("job", "node", "instance", "h:1"), ConversionSettings.defaults().withHonorLabels(true)),
                "a{job=\"scraped\"} 1\nb{job=\"\"} 2\n", ExpositionFormat.PROMETHEUS_TEXT);
        List<Pack.OpenMxRecord> rs = records(r);
        assertEquals(Map.of("job", "scraped", "instance", "h:1"), rs.get(0).labels());
        assertEquals(Map.of("job", "node", "instance", "h:1"), rs.get(1).labels(), "an empty scraped label is absent");
    }

    @Test
    void honorTimestamps() throws Exception {
        String body = "a 1 1500000000000\nb 2\n";
        List<Pack.OpenMxRecord> on = records(convert(converter(target(), ConversionSettings.defaults()), body, ExpositionFormat.PROMETHEUS_TEXT));
        assertEquals(1500000000000L, on.get(0).timestamp());
        assertEquals(NOW, on.get(1).timestamp());
        List<Pack.OpenMxRecord> off = records(convert(converter(target(), ConversionSettings.defaults().withHonorTimestamps(false)), body,
                ExpositionFormat.PROMETHEUS_TEXT));
        assertEquals(NOW, off.get(0).timestamp());
    }

    @Test
    void metricFilterWithExactNamesAndGlobs() throws Exception {
        OpenMxConverter c = new OpenMxConverter(target(), ConversionSettings.defaults(),
                new MetricFilter(List.of("up", "node_cpu_*", "*_bytes_total", "go_*_seconds*")), "", 0);
        ConversionResult r = convert(c, "up 1\nupx 1\nnode_cpu_seconds_total 1\nnode_memory 1\nnet_rx_bytes_total 1\n"
                + "go_gc_duration_seconds_sum 1\ngo_x 1\n", ExpositionFormat.PROMETHEUS_TEXT);
        assertEquals(List.of("up", "node_cpu_seconds_total", "net_rx_bytes_total", "go_gc_duration_seconds_sum"),
                records(r).stream().map(Pack.OpenMxRecord::metric).toList());
        assertEquals(3, r.droppedFiltered());
        // cached decisions stay right on a second scrape
        r = convert(c, "upx 1\nup 1\n", ExpositionFormat.PROMETHEUS_TEXT);
        assertEquals(List.of("up"), records(r).stream().map(Pack.OpenMxRecord::metric).toList());
    }

    @Test
    void helpIsSentOnFirstScrapeOnChangeAndAfterTheResendInterval() throws Exception {
        ConversionSettings s = new ConversionSettings(false, true, 0, 0, 0, 0, 1000, Duration.ofMinutes(10));
        OpenMxConverter c = converter(target(), s);
        String body = "# HELP a The a.\n# TYPE a gauge\na 1\n# TYPE b counter\nb 2\nc 3\n";
        ConversionResult first = c.convert(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), ExpositionFormat.PROMETHEUS_TEXT, NOW);
        List<Pack.OpenMxHelpRecord> h = help(first);
        assertEquals(List.of("a", "b"), h.stream().map(Pack.OpenMxHelpRecord::metric).toList());
        assertEquals("The a.", h.get(0).properties().text("help"));
        assertEquals("gauge", h.get(0).properties().text("type"));
        assertEquals("counter", h.get(1).properties().text("type"));
        assertEquals(null, h.get(1).properties().get("help"));

        ConversionResult second = c.convert(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), ExpositionFormat.PROMETHEUS_TEXT, NOW + 15_000);
        assertTrue(second.helpPacks().isEmpty(), "no help on an unchanged scrape");

        String changed = body.replace("The a.", "The new a.");
        ConversionResult third = c.convert(new ByteArrayInputStream(changed.getBytes(StandardCharsets.UTF_8)), ExpositionFormat.PROMETHEUS_TEXT, NOW + 30_000);
        assertEquals(List.of("a"), help(third).stream().map(Pack.OpenMxHelpRecord::metric).toList());

        ConversionResult later = c.convert(new ByteArrayInputStream(changed.getBytes(StandardCharsets.UTF_8)), ExpositionFormat.PROMETHEUS_TEXT,
                NOW + 600_000);
        assertEquals(List.of("b"), help(later).stream().map(Pack.OpenMxHelpRecord::metric).toList(), "b is 10 min old, a only 9.5");
    }

    @Test
    void aBodyThatRepeatsResendsEachFamilysHelpOnItsOwnSchedule() throws Exception {
        // Scrapes every 15 s for 25 min; b appears at 2 min and c's help changes at 7 min, after
        // which the body repeats: each family is described when it appears or changes and again
        // 10 min after it was last described, whatever the others do.
        OpenMxConverter c = converter(target(), new ConversionSettings(false, true, 0, 0, 0, 0, 1000, Duration.ofMinutes(10)));
        Map<String, Long> lastSent = new java.util.HashMap<>();
        Map<String, String> lastHelp = new java.util.HashMap<>();
        for (long t = 0; t <= 25 * 60_000; t += 15_000) {
            StringBuilder body = new StringBuilder("# HELP a A.\na 1\n");
            if (t >= 2 * 60_000) {
                body.append("# HELP b B.\nb 2\n");
            }
            body.append("# HELP c ").append(t >= 7 * 60_000 ? "C, changed." : "C.").append("\nc 3\n");
            List<String> expected = new ArrayList<>();
            for (String line : body.toString().split("\n")) {
                if (line.startsWith("# HELP ")) {
                    String name = line.split(" ")[2];
                    String help = line.substring(8 + name.length());
                    if (!help.equals(lastHelp.get(name)) || t - lastSent.get(name) >= 600_000) {
                        expected.add(name);
                        lastSent.put(name, t);
                        lastHelp.put(name, help);
                    }
                }
            }
            ConversionResult r = c.convert(new ByteArrayInputStream(body.toString().getBytes(StandardCharsets.UTF_8)),
                    ExpositionFormat.PROMETHEUS_TEXT, NOW + t);
            assertEquals(expected, help(r).stream().map(Pack.OpenMxHelpRecord::metric).toList(), "at " + t / 1000 + " s");
        }
        assertEquals(Map.of("a", 20 * 60_000L, "b", 22 * 60_000L, "c", 17 * 60_000L), lastSent, "each resent on its own schedule");
    }

    @Test
    void helpResendFollowsResetsAndWorksForEveryFormat() throws Exception {
        OpenMxConverter c = converter(target(), ConversionSettings.defaults());
        String body = "# HELP a The a.\n# TYPE a gauge\na 1\n";
        byte[] proto = ProtoWriter.delimited(new ProtoWriter().str(1, "a").str(2, "The a.").varint(3, 1)
                .msg(4, new ProtoWriter().msg(2, new ProtoWriter().dbl(1, 1.0))));
        assertEquals(1, help(c.convert(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), ExpositionFormat.PROMETHEUS_TEXT, NOW)).size());
        assertEquals(0, help(c.convert(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), ExpositionFormat.PROMETHEUS_TEXT, NOW + 1)).size());
        assertTrue(help(c.convert(new ByteArrayInputStream(proto), ExpositionFormat.PROTOBUF, NOW + 2)).size() <= 1,
                "a target that switches format may describe its families once more");
        assertEquals(0, help(c.convert(new ByteArrayInputStream(proto), ExpositionFormat.PROTOBUF, NOW + 3)).size(),
                "protobuf makes new family objects on every parse, and still they are not described again");
        assertEquals(0, help(c.convert(new ByteArrayInputStream(proto), ExpositionFormat.PROTOBUF, NOW + 4)).size());
        assertEquals(0, help(c.convert(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), ExpositionFormat.PROMETHEUS_TEXT, NOW + 5)).size(),
                "back to text: what protobuf sent is known");
        c.resendHelp();
        assertEquals(1, help(c.convert(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), ExpositionFormat.PROMETHEUS_TEXT, NOW + 6)).size(),
                "after a reset (new session) the family is described again");
        assertEquals(0, help(c.convert(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), ExpositionFormat.PROMETHEUS_TEXT, NOW + 7)).size());
        OpenMxConverter other = converter(target(), ConversionSettings.defaults());
        assertEquals(1, help(other.convert(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), ExpositionFormat.PROMETHEUS_TEXT, NOW)).size(),
                "another target's converter keeps its own record");
    }

    /** Writes {@code trailer_<k>} records carrying the counts, as the agent writes up and scrape_*. */
    private static OpenMxConverter.Trailer trailer(int n) {
        return new OpenMxConverter.Trailer() {
            @Override
            public int records() {
                return n;
            }

            @Override
            public void write(io.openagent.wire.RecordBodyWriter w, long scraped, long kept, long added) {
                for (int k = 0; k < n; k++) {
                    w.beginRecord("trailer_" + k).labels(0).endSample(NOW, k == 0 ? scraped : k == 1 ? kept : added);
                }
            }
        };
    }

    @Test
    void aTrailerGoesIntoTheLastPackOrItsOwnWhenThatIsFull() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1998; i++) {
            sb.append("m{i=\"").append(i).append("\"} ").append(i).append('\n');
        }
        sb.append("nan NaN\n");
        OpenMxConverter c = converter(target("job", "j"), ConversionSettings.defaults());
        ConversionResult r = c.convert(new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)), ExpositionFormat.PROMETHEUS_TEXT, NOW,
                trailer(2));
        assertEquals(List.of(1000, 1000), r.metricPacks().stream().map(PackBody::records).toList(), "998 samples and 2 trailer records");
        List<Pack.OpenMxRecord> rs = records(r);
        assertEquals("trailer_0", rs.get(1998).metric());
        assertEquals(1999.0, rs.get(1998).value(), "samples scraped, NaN included");
        assertEquals(1998.0, rs.get(1999).value(), "samples kept");

        r = c.convert(new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)), ExpositionFormat.PROMETHEUS_TEXT, NOW, trailer(3));
        assertEquals(List.of(1000, 998, 3), r.metricPacks().stream().map(PackBody::records).toList(), "no room for 3: a pack of their own");
        assertEquals(0.0, records(r).get(2000).value(), "no series added on the second scrape");

        r = c.convert(new ByteArrayInputStream(new byte[0]), ExpositionFormat.PROMETHEUS_TEXT, NOW, trailer(3));
        assertEquals(List.of(3), r.metricPacks().stream().map(PackBody::records).toList(), "an empty body still reports");
    }

    @Test
    void seriesAddedCountsSeriesTheLastScrapeDidNotHave() throws Exception {
        OpenMxConverter c = converter(target(), ConversionSettings.defaults());
        String body = "a{x=\"1\"} 1\na{x=\"2\"} 1\nb 1\nc{q=\"a\\\"b\"} 1\n";
        assertEquals(4, convert(c, body, ExpositionFormat.PROMETHEUS_TEXT).seriesAdded());
        assertEquals(0, convert(c, body.replace("} 1", "} 2"), ExpositionFormat.PROMETHEUS_TEXT).seriesAdded(), "new values, same series");
        assertEquals(1, convert(c, "b 1\na{x=\"3\"} 1\na{x=\"1\"} 1\n", ExpositionFormat.PROMETHEUS_TEXT).seriesAdded(),
                "reordered, one new");
        assertEquals(0, convert(c, "b 1 1700000000000\na{x=\"3\"} 5\na{x=\"1\"} 1\n", ExpositionFormat.PROMETHEUS_TEXT).seriesAdded(),
                "a timestamp is not part of the series");
        assertEquals(1, convert(c, "b 1\na{x=\"3\"} 1\na{x=\"1\", y=\"\"} 1\n", ExpositionFormat.PROMETHEUS_TEXT).seriesAdded(),
                "written differently counts as new, as in Prometheus' scrape cache");
        OpenMxConverter om = converter(target(), ConversionSettings.defaults());
        String omBody = "# TYPE a counter\na_total 1 # {t=\"x\"} 1\na_total{l=\"1\"} 1\n# EOF\n";
        assertEquals(2, convert(om, omBody, ExpositionFormat.OPENMETRICS).seriesAdded());
        assertEquals(0, convert(om, omBody.replace("# {t=\"x\"} 1", "# {t=\"y\"} 2"), ExpositionFormat.OPENMETRICS).seriesAdded(),
                "an exemplar is not part of the series");
    }

    @Test
    void openMetricsUnitGoesIntoHelp() throws Exception {
        ConversionResult r = convert(converter(target(), ConversionSettings.defaults()),
                "# TYPE a_seconds gauge\n# UNIT a_seconds seconds\n# HELP a_seconds Age.\na_seconds 1\n# EOF\n", ExpositionFormat.OPENMETRICS);
        Pack.OpenMxHelpRecord h = help(r).get(0);
        assertEquals("seconds", h.properties().text("unit"));
        assertEquals("Age.", h.properties().text("help"));
    }

    @Test
    void packsHoldAtMostRecordsPerPack() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2500; i++) {
            sb.append("m{i=\"").append(i).append("\"} ").append(i).append('\n');
        }
        ConversionResult r = convert(converter(target("job", "j"), ConversionSettings.defaults()), sb.toString(), ExpositionFormat.PROMETHEUS_TEXT);
        assertEquals(List.of(1000, 1000, 500), r.metricPacks().stream().map(PackBody::records).toList());
        List<Pack.OpenMxRecord> rs = records(r);
        assertEquals(2500, rs.size());
        assertEquals("2499", rs.get(2499).labels().get("i"));
    }

    @Test
    void limitsFailTheWholeScrape() {
        OpenMxConverter samples = converter(target(), ConversionSettings.defaults().withLimits(2, 0, 0, 0));
        ScrapeLimitException e = assertThrows(ScrapeLimitException.class, () -> convert(samples, "a 1\nb 1\nc 1\n", ExpositionFormat.PROMETHEUS_TEXT));
        assertTrue(e.getMessage().contains("sample_limit of 2"), e.getMessage());
        assertEquals(3, e.line());

        OpenMxConverter labels = converter(target("job", "j"), ConversionSettings.defaults().withLimits(0, 2, 0, 0));
        e = assertThrows(ScrapeLimitException.class, () -> convert(labels, "a{x=\"1\",y=\"2\"} 1\n", ExpositionFormat.PROMETHEUS_TEXT));
        assertTrue(e.getMessage().contains("3 labels"), e.getMessage());

        StringBuilder many = new StringBuilder("a{");
        for (int i = 0; i < 256; i++) {
            many.append("l").append(i).append("=\"v\",");
        }
        many.append("} 1\n");
        e = assertThrows(ScrapeLimitException.class, () -> convert(converter(target(), ConversionSettings.defaults()), many.toString(),
                ExpositionFormat.PROMETHEUS_TEXT));
        assertTrue(e.getMessage().contains("more than the limit of 255"), e.getMessage());

        OpenMxConverter valueLength = converter(target(), ConversionSettings.defaults().withLimits(0, 0, 0, 3));
        assertThrows(ScrapeLimitException.class, () -> convert(valueLength, "a{x=\"long\"} 1\n", ExpositionFormat.PROMETHEUS_TEXT));
    }

    @Test
    void bodySizeLimit() {
        OpenMxConverter c = new OpenMxConverter(target(), ConversionSettings.defaults(), MetricFilter.ALL, "", 10);
        var e = assertThrows(io.openagent.exposition.ExpositionException.class,
                () -> convert(c, "a_long_metric_name 1\n", ExpositionFormat.PROMETHEUS_TEXT));
        assertTrue(e.getMessage().contains("size limit"));
        assertFalse(e instanceof ScrapeLimitException && false);
    }

    @Test
    void endpointTextIsCarriedWhenConfigured() throws Exception {
        OpenMxConverter c = new OpenMxConverter(target(), ConversionSettings.defaults(), MetricFilter.ALL, "http://10.0.0.7:9100/metrics", 0);
        ConversionResult r = convert(c, "a 1\n", ExpositionFormat.PROMETHEUS_TEXT);
        Pack.OpenMxPack p = (Pack.OpenMxPack) PackCodec.decode(r.metricPacks().get(0).toBytes(HEADER));
        assertEquals("http://10.0.0.7:9100/metrics", p.endpoint());
    }
}
