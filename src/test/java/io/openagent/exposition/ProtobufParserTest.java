package io.openagent.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openagent.openmx.ConversionResult;
import io.openagent.openmx.ConversionSettings;
import io.openagent.openmx.MetricFilter;
import io.openagent.openmx.OpenMxConverter;
import io.openagent.openmx.TargetLabels;
import io.openagent.wire.Pack;
import io.openagent.wire.PackCodec;
import io.openagent.wire.PackHeader;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtobufParserTest {
    private static final int COUNTER = 0, GAUGE = 1, SUMMARY = 2, HISTOGRAM = 4;

    private static List<String> parse(byte[] body) throws Exception {
        List<String> out = new ArrayList<>();
        new ExpositionReader().read(new ByteArrayInputStream(body), ExpositionFormat.PROTOBUF, s -> out.add(s.toString()));
        return out;
    }

    @Test
    void countersGaugesAndTimestamps() throws Exception {
        ProtoWriter counter = new ProtoWriter().str(1, "http_requests_total").str(2, "Requests.").varint(3, COUNTER)
                .msg(4, new ProtoWriter().msg(1, ProtoWriter.label("code", "200")).msg(3, new ProtoWriter().dbl(1, 42)))
                .msg(4, new ProtoWriter().msg(1, ProtoWriter.label("code", "500")).msg(3, new ProtoWriter().dbl(1, 3)).varint(6, 1500000000000L));
        ProtoWriter gauge = new ProtoWriter().str(1, "temp").varint(3, GAUGE).msg(4, new ProtoWriter().msg(2, new ProtoWriter().dbl(1, -1.5)));
        List<String> samples = parse(ProtoWriter.delimited(counter, gauge));
        assertEquals(List.of("http_requests_total{code=200} 42.0", "http_requests_total{code=500} 3.0 @1500000000000", "temp{} -1.5"), samples);
    }

    @Test
    void classicHistogramIsFlattenedLikeTheTextFormatWithInfBucketAdded() throws Exception {
        ProtoWriter h = new ProtoWriter().str(1, "rpc_seconds").varint(3, HISTOGRAM).msg(4, new ProtoWriter()
                .msg(1, ProtoWriter.label("svc", "a"))
                .msg(7, new ProtoWriter().varint(1, 10).dbl(2, 12.5)
                        .msg(3, new ProtoWriter().varint(1, 2).dbl(2, 0.005))
                        .msg(3, new ProtoWriter().varint(1, 7).dbl(2, 0.1))
                        .msg(3, new ProtoWriter().varint(1, 9).dbl(2, 1e-5))));
        assertEquals(List.of("rpc_seconds_bucket{svc=a, le=0.005} 2.0", "rpc_seconds_bucket{svc=a, le=0.1} 7.0",
                "rpc_seconds_bucket{svc=a, le=1e-05} 9.0", "rpc_seconds_bucket{svc=a, le=+Inf} 10.0",
                "rpc_seconds_sum{svc=a} 12.5", "rpc_seconds_count{svc=a} 10.0"), parse(ProtoWriter.delimited(h)));
    }

    @Test
    void summaryQuantilesFormattedAsGoPrintsThem() throws Exception {
        ProtoWriter s = new ProtoWriter().str(1, "gc_seconds").varint(3, SUMMARY).msg(4, new ProtoWriter()
                .msg(4, new ProtoWriter().varint(1, 5).dbl(2, 0.25)
                        .msg(3, new ProtoWriter().dbl(1, 0.5).dbl(2, 0.01))
                        .msg(3, new ProtoWriter().dbl(1, 0.99).dbl(2, 0.2))
                        .msg(3, new ProtoWriter().dbl(1, 1).dbl(2, 0.3))));
        assertEquals(List.of("gc_seconds{quantile=0.5} 0.01", "gc_seconds{quantile=0.99} 0.2", "gc_seconds{quantile=1} 0.3",
                "gc_seconds_sum{} 0.25", "gc_seconds_count{} 5.0"), parse(ProtoWriter.delimited(s)));
    }

    @Test
    void goFloatFormatting() {
        assertEquals("0.005", ProtobufParser.formatGo(0.005));
        assertEquals("1e-05", ProtobufParser.formatGo(1e-5));
        assertEquals("0.0001", ProtobufParser.formatGo(1e-4));
        assertEquals("1e+21", ProtobufParser.formatGo(1e21));
        assertEquals("100000", ProtobufParser.formatGo(1e5));
        assertEquals("2.5", ProtobufParser.formatGo(2.5));
        assertEquals("+Inf", ProtobufParser.formatGo(Double.POSITIVE_INFINITY));
        assertEquals("-1", ProtobufParser.formatGo(-1));
    }

    @Test
    void nativeHistogramBecomesAnOpenMxHistogramRecord() throws Exception {
        ProtoWriter h = new ProtoWriter().str(1, "rpc_latency_seconds").str(2, "Latency.").varint(3, HISTOGRAM)
                .msg(4, new ProtoWriter().msg(1, ProtoWriter.label("service", "api")).msg(7, new ProtoWriter()
                        .varint(1, 10).dbl(2, 12.5).sint(5, 3).dbl(6, 2.938735877055719e-39).varint(7, 2)
                        .msg(9, new ProtoWriter().sint(1, -1).varint(2, 1)).packedSint(10, 1)
                        .msg(12, new ProtoWriter().sint(1, 0).varint(2, 2)).msg(12, new ProtoWriter().sint(1, 1).varint(2, 1))
                        .packedSint(13, 3, 1, -2)));
        OpenMxConverter c = new OpenMxConverter(new TargetLabels(Map.of("job", "api")), ConversionSettings.defaults(), MetricFilter.ALL, "", 0);
        ConversionResult r = c.convert(new ByteArrayInputStream(ProtoWriter.delimited(h)), ExpositionFormat.PROTOBUF, 1700000000000L);
        assertEquals(1, r.histogramPacks().size());
        assertTrue(r.metricPacks().isEmpty(), "a purely native histogram has no classic series");
        Pack.OpenMxHistogramPack p = (Pack.OpenMxHistogramPack) PackCodec.decode(
                r.histogramPacks().get(0).toBytes(new PackHeader(1845, 1, 0, 0, 1700000000000L)));
        Pack.HistogramRecord rec = p.records().get(0);
        assertEquals("rpc_latency_seconds", rec.metric());
        assertEquals(Map.of("service", "api", "job", "api"), rec.labels());
        assertEquals(3, rec.schema());
        assertEquals(10, rec.count());
        assertEquals(2, rec.zeroCount());
        assertEquals(List.of(new Pack.Span(0, 2), new Pack.Span(1, 1)), rec.positiveSpans());
        assertEquals(List.of(3L, 1L, -2L), java.util.Arrays.stream(rec.positiveBuckets()).boxed().toList());
        assertEquals(List.of(new Pack.Span(-1, 1)), rec.negativeSpans());
        assertEquals(1, r.helpPacks().size(), "the family's help is described too");
    }

    @Test
    void truncatedOrGarbledProtobufIsAParseError() {
        byte[] good = ProtoWriter.delimited(new ProtoWriter().str(1, "a").varint(3, GAUGE).msg(4, new ProtoWriter().msg(2, new ProtoWriter().dbl(1, 1))));
        for (int cut = 1; cut < good.length; cut++) {
            byte[] truncated = java.util.Arrays.copyOf(good, cut);
            assertThrows(ExpositionException.class, () -> parse(truncated), "cut at " + cut);
        }
        assertThrows(ExpositionException.class, () -> parse(ProtoWriter.delimited(new ProtoWriter().varint(3, GAUGE))));
    }

    @Test
    void contentTypeNegotiation() {
        assertEquals(ExpositionFormat.OPENMETRICS, ExpositionFormat.fromContentType("application/openmetrics-text; version=1.0.0; charset=utf-8", ExpositionFormat.PROMETHEUS_TEXT));
        assertEquals(ExpositionFormat.PROMETHEUS_TEXT, ExpositionFormat.fromContentType("text/plain; version=0.0.4", ExpositionFormat.OPENMETRICS));
        assertEquals(ExpositionFormat.PROTOBUF, ExpositionFormat.fromContentType(
                "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited", ExpositionFormat.PROMETHEUS_TEXT));
        assertEquals(ExpositionFormat.PROMETHEUS_TEXT, ExpositionFormat.fromContentType(null, ExpositionFormat.PROMETHEUS_TEXT));
        assertEquals(ExpositionFormat.PROMETHEUS_TEXT, ExpositionFormat.fromContentType("text/html", ExpositionFormat.PROMETHEUS_TEXT));
        assertEquals("application/openmetrics-text;version=1.0.0;q=0.4,application/openmetrics-text;version=0.0.1;q=0.3,"
                + "text/plain;version=0.0.4;q=0.2,*/*;q=0.1", ExpositionFormat.acceptHeader(ExpositionFormat.DEFAULT_ORDER));
        assertTrue(ExpositionFormat.acceptHeader(ExpositionFormat.NATIVE_HISTOGRAM_ORDER).startsWith(
                "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.5,"));
    }
}
