package io.openagent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.openagent.wire.Pack;
import io.openagent.wire.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One JSON object per record, the format the collector and check-metrics print. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {
    }

    public static String write(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JSON lines of a pack: one per record (OpenMx, help, histogram) or one for the pack. */
    public static List<String> lines(Pack pack) {
        List<String> out = new ArrayList<>();
        if (pack instanceof Pack.OpenMxPack p) {
            for (Pack.OpenMxRecord r : p.records()) {
                Map<String, Object> m = base("OpenMx", pack);
                m.put("metric", r.metric());
                m.put("labels", r.labels());
                m.put("timestamp", r.timestamp());
                m.put("value", number(r.value()));
                if (!p.endpoint().isEmpty()) {
                    m.put("endpoint", p.endpoint());
                }
                out.add(write(m));
            }
        } else if (pack instanceof Pack.OpenMxHelpPack p) {
            for (Pack.OpenMxHelpRecord r : p.records()) {
                Map<String, Object> m = base("OpenMxHelp", pack);
                m.put("metric", r.metric());
                m.put("properties", plain(r.properties()));
                out.add(write(m));
            }
        } else if (pack instanceof Pack.OpenMxHistogramPack p) {
            for (Pack.HistogramRecord r : p.records()) {
                Map<String, Object> m = base("OpenMxHistogram", pack);
                m.put("metric", r.metric());
                m.put("labels", r.labels());
                m.put("timestamp", r.timestamp());
                m.put("schema", r.schema());
                m.put("count", r.count());
                m.put("sum", number(r.sum()));
                m.put("zeroCount", r.zeroCount());
                m.put("positiveSpans", r.positiveSpans().stream().map(s -> List.of(s.offset(), s.length())).toList());
                m.put("positiveBuckets", r.positiveBuckets());
                m.put("negativeSpans", r.negativeSpans().stream().map(s -> List.of(s.offset(), s.length())).toList());
                m.put("negativeBuckets", r.negativeBuckets());
                out.add(write(m));
            }
        } else {
            Map<String, Object> m = base(pack.getClass().getSimpleName(), pack);
            if (pack instanceof Pack.TagCountPack t) {
                m.put("category", t.category());
                m.put("tags", plain(t.tags()));
                m.put("data", plain(t.data()));
            } else if (pack instanceof Pack.ParamPack p) {
                m.put("id", p.id());
                m.put("entries", plain(p.entries()));
            } else if (pack instanceof Pack.TextPack t) {
                m.put("records", t.records().stream().map(r -> Map.of("div", r.div(), "hash", r.hash(), "text", r.text())).toList());
            } else if (pack instanceof Pack.EventPack e) {
                m.put("title", e.title());
                m.put("message", e.message());
            } else if (pack instanceof Pack.OpenMxEndpointPack e) {
                m.put("endpoints", e.endpoints());
            }
            out.add(write(m));
        }
        return out;
    }

    private static Map<String, Object> base(String type, Pack pack) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pack", type);
        m.put("pcode", pack.header().pcode());
        m.put("oid", pack.header().oid());
        m.put("okind", pack.header().okind());
        m.put("onode", pack.header().onode());
        return m;
    }

    /** NaN and infinities are not JSON numbers: write them as strings. */
    private static Object number(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? Double.toString(v) : v;
    }

    static Object plain(Value v) {
        if (v instanceof Value.MapValue m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.entries().forEach((k, x) -> out.put(k, plain(x)));
            return out;
        } else if (v instanceof Value.TextValue t) {
            return t.value();
        } else if (v instanceof Value.DecimalValue d) {
            return d.value();
        } else if (v instanceof Value.NullValue) {
            return null;
        } else if (v instanceof Value.ListValue l) {
            return l.values().stream().map(Json::plain).toList();
        }
        return v.toString();
    }
}
