package io.openagent.wire;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The packs the agent sends or receives (spec §3). Pure data: encoding lives in {@link PackCodec}. */
public sealed interface Pack {
    int PARAM = 0x0100, TEXT = 0x0700, EVENT = 0x1400, TAG_COUNT = 0x1601, OPENMX = 0x1603, OPENMX_HELP = 0x1604,
            OPENMX_ENDPOINT = 0x1606, OPENMX_HISTOGRAM = 0x1607;

    /** Labels per record are written as one unsigned byte. */
    int MAX_LABELS = 255;
    /** Records per pack are written as one signed short. */
    int MAX_RECORDS = Short.MAX_VALUE;

    int type();

    PackHeader header();

    Pack withHeader(PackHeader header);

    /** One OpenMx sample. Labels keep insertion order and cannot repeat a key. */
    record OpenMxRecord(String metric, Map<String, String> labels, long timestamp, double value) {
        public OpenMxRecord {
            Objects.requireNonNull(metric, "metric");
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }
    }

    record OpenMxPack(PackHeader header, List<OpenMxRecord> records, String endpoint) implements Pack {
        public OpenMxPack {
            records = List.copyOf(records);
            endpoint = endpoint == null ? "" : endpoint;
        }
        public int type() { return OPENMX; }
        public OpenMxPack withHeader(PackHeader h) { return new OpenMxPack(h, records, endpoint); }
    }

    /** HELP/TYPE/UNIT of one metric family as a property map (keys {@code help}, {@code type}, {@code unit}). */
    record OpenMxHelpRecord(String metric, Value.MapValue properties) {
    }

    record OpenMxHelpPack(PackHeader header, List<OpenMxHelpRecord> records) implements Pack {
        public OpenMxHelpPack { records = List.copyOf(records); }
        public int type() { return OPENMX_HELP; }
        public OpenMxHelpPack withHeader(PackHeader h) { return new OpenMxHelpPack(h, records); }
    }

    /** A native-histogram bucket span: {@code offset} empty buckets skipped, then {@code length} buckets. */
    record Span(int offset, int length) {
    }

    /** A Prometheus native histogram sample; bucket counts stay delta-encoded as exposed. */
    record HistogramRecord(String metric, Map<String, String> labels, long timestamp, int schema, double zeroThreshold,
                           long zeroCount, long count, double sum, List<Span> positiveSpans, long[] positiveBuckets,
                           List<Span> negativeSpans, long[] negativeBuckets) {
        public HistogramRecord {
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
            positiveSpans = List.copyOf(positiveSpans);
            negativeSpans = List.copyOf(negativeSpans);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof HistogramRecord h && metric.equals(h.metric) && labels.equals(h.labels)
                    && timestamp == h.timestamp && schema == h.schema
                    && Double.compare(zeroThreshold, h.zeroThreshold) == 0 && zeroCount == h.zeroCount
                    && count == h.count && Double.compare(sum, h.sum) == 0 && positiveSpans.equals(h.positiveSpans)
                    && Arrays.equals(positiveBuckets, h.positiveBuckets) && negativeSpans.equals(h.negativeSpans)
                    && Arrays.equals(negativeBuckets, h.negativeBuckets);
        }

        @Override
        public int hashCode() {
            return Objects.hash(metric, labels, timestamp, schema, count, sum);
        }
    }

    record OpenMxHistogramPack(PackHeader header, List<HistogramRecord> records) implements Pack {
        public OpenMxHistogramPack { records = List.copyOf(records); }
        public int type() { return OPENMX_HISTOGRAM; }
        public OpenMxHistogramPack withHeader(PackHeader h) { return new OpenMxHistogramPack(h, records); }
    }

    record OpenMxEndpointPack(PackHeader header, List<String> endpoints) implements Pack {
        public OpenMxEndpointPack { endpoints = List.copyOf(endpoints); }
        public int type() { return OPENMX_ENDPOINT; }
        public OpenMxEndpointPack withHeader(PackHeader h) { return new OpenMxEndpointPack(h, endpoints); }
    }

    /** Boot information and server control requests and their responses. */
    record ParamPack(PackHeader header, int id, long request, long response, Value.MapValue entries) implements Pack {
        public int type() { return PARAM; }
        public ParamPack withHeader(PackHeader h) { return new ParamPack(h, id, request, response, entries); }

        /** The response to this request: same pack with entries added, {@code response = request}, {@code request = 0}. */
        public ParamPack answer(Map<String, Value> added) {
            LinkedHashMap<String, Value> all = new LinkedHashMap<>(entries.entries());
            all.putAll(added);
            return new ParamPack(header, id, 0, request, new Value.MapValue(all));
        }
    }

    /** div 13 = object name (hash OID), 57 = okind name, 63 = onode name. */
    record TextRecord(int div, int hash, String text) {
        public static final int ONAME = 13, OKIND = 57, ONODE_NAME = 63;
    }

    record TextPack(PackHeader header, List<TextRecord> records) implements Pack {
        public TextPack { records = List.copyOf(records); }
        public int type() { return TEXT; }
        public TextPack withHeader(PackHeader h) { return new TextPack(h, records); }
    }

    record TagCountPack(PackHeader header, String category, long tagHash, Value.MapValue tags, Value.MapValue data)
            implements Pack {
        public int type() { return TAG_COUNT; }
        public TagCountPack withHeader(PackHeader h) { return new TagCountPack(h, category, tagHash, tags, data); }

        /** A pack whose tag hash is derived from the tags as the reference does (Hash64 of the encoded map). */
        public static TagCountPack of(PackHeader h, String category, Value.MapValue tags, Value.MapValue data) {
            long hash = tags.entries().isEmpty() ? 0 : Hashes.hash64(Values.toBytes(tags));
            return new TagCountPack(h, category, hash, tags, data);
        }
    }

    record EventPack(PackHeader header, int level, String title, String message, Map<String, String> attributes)
            implements Pack {
        public static final int NONE = 0, INFO = 10, WARNING = 20, FATAL = 30;
        public EventPack { attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes)); }
        public int type() { return EVENT; }
        public EventPack withHeader(PackHeader h) { return new EventPack(h, level, title, message, attributes); }
    }

    /** A pack type this agent does not interpret; kept so a tolerant decoder can count it. */
    record UnknownPack(int type, PackHeader header, byte[] body) implements Pack {
        public UnknownPack withHeader(PackHeader h) { return new UnknownPack(type, h, body); }
        @Override public boolean equals(Object o) {
            return o instanceof UnknownPack u && u.type == type && u.header.equals(header) && Arrays.equals(u.body, body);
        }
        @Override public int hashCode() { return type * 31 + Arrays.hashCode(body); }
    }
}
