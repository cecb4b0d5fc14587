package io.openagent.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Serialises packs ({@code short type ‖ header ‖ body}, spec §3.1) and reads them back. */
public final class PackCodec {
    /** Largest inflated inner body a reader accepts. */
    public static final int MAX_INFLATED = 256 * 1024 * 1024;

    private PackCodec() {
    }

    public static byte[] encode(Pack pack) {
        WireOutput out = new WireOutput(256);
        encode(pack, out);
        return out.toByteArray();
    }

    public static void encode(Pack pack, WireOutput out) {
        if (pack instanceof Pack.OpenMxPack p) {
            RecordBodyWriter w = new RecordBodyWriter();
            for (Pack.OpenMxRecord r : p.records()) {
                w.beginRecord(r.metric()).labels(r.labels().size());
                r.labels().forEach(w::label);
                w.endSample(r.timestamp(), r.value());
            }
            w.writePack(Pack.OPENMX, p.header(), p.endpoint(), out);
        } else if (pack instanceof Pack.OpenMxHelpPack p) {
            RecordBodyWriter w = new RecordBodyWriter();
            for (Pack.OpenMxHelpRecord r : p.records()) {
                w.beginRecord(r.metric());
                Values.write(w.body(), r.properties());
                w.endRecord();
            }
            w.writePack(Pack.OPENMX_HELP, p.header(), null, out);
        } else if (pack instanceof Pack.OpenMxHistogramPack p) {
            RecordBodyWriter w = new RecordBodyWriter();
            for (Pack.HistogramRecord r : p.records()) {
                encodeHistogramRecord(w, r);
            }
            w.writePack(Pack.OPENMX_HISTOGRAM, p.header(), null, out);
        } else {
            out.writeShort(pack.type());
            pack.header().write(out);
            writePlainBody(pack, out);
        }
    }

    /** Appends one OpenMxHistogram record to a body being built. */
    public static void encodeHistogramRecord(RecordBodyWriter w, Pack.HistogramRecord r) {
        w.beginRecord(r.metric()).labels(r.labels().size());
        r.labels().forEach(w::label);
        WireOutput b = w.body();
        b.writeLong(r.timestamp()).writeInt(r.schema()).writeDouble(r.zeroThreshold()).writeLong(r.zeroCount())
                .writeLong(r.count()).writeDouble(r.sum());
        writeSpans(b, r.positiveSpans());
        b.writeLongArray(r.positiveBuckets());
        writeSpans(b, r.negativeSpans());
        b.writeLongArray(r.negativeBuckets());
        w.endRecord();
    }

    private static void writeSpans(WireOutput b, List<Pack.Span> spans) {
        WireOutput.checkShortCount(spans.size());
        b.writeShort(spans.size());
        for (Pack.Span s : spans) {
            b.writeInt(s.offset()).writeInt(s.length());
        }
    }

    private static void writePlainBody(Pack pack, WireOutput out) {
        if (pack instanceof Pack.OpenMxEndpointPack p) {
            WireOutput.checkShortCount(p.endpoints().size());
            out.writeShort(p.endpoints().size());
            p.endpoints().forEach(out::writeText);
        } else if (pack instanceof Pack.ParamPack p) {
            out.writeInt(p.id()).writeDecimal(p.request()).writeDecimal(p.response());
            Values.writeMapBody(out, p.entries().entries());
        } else if (pack instanceof Pack.TextPack p) {
            out.writeDecimal(p.records().size());
            for (Pack.TextRecord r : p.records()) {
                out.writeByte(r.div()).writeInt(r.hash()).writeText(r.text());
            }
        } else if (pack instanceof Pack.TagCountPack p) {
            out.writeByte(0).writeText(p.category()).writeDecimal(p.tagHash());
            Values.write(out, p.tags());
            Values.write(out, p.data());
        } else if (pack instanceof Pack.EventPack p) {
            if (p.attributes().size() > 255) {
                throw new WireFormatException("an EventPack carries at most 255 attributes");
            }
            out.writeByte(p.level()).writeText(p.title()).writeText(p.message()).writeByte(p.attributes().size());
            p.attributes().forEach((k, v) -> out.writeText(k).writeText(v));
        } else if (pack instanceof Pack.UnknownPack p) {
            out.writeRaw(p.body());
        } else {
            throw new IllegalArgumentException("no writer for " + pack.getClass().getSimpleName());
        }
    }

    /** Reads one pack from its serialised bytes. Trailing zero padding (cypher frames) is ignored. */
    public static Pack decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    public static Pack decode(byte[] bytes, int off, int len) {
        WireInput in = new WireInput(bytes, off, len);
        int type = in.readUnsignedShort();
        PackHeader header = PackHeader.read(in);
        switch (type) {
            case Pack.OPENMX: {
                WireInput body = innerBody(in);
                List<Pack.OpenMxRecord> records = new ArrayList<>();
                for (int i = 0, n = recordCount(body); i < n; i++) {
                    body.readByte();
                    String metric = body.readText();
                    Map<String, String> labels = readLabels(body);
                    records.add(new Pack.OpenMxRecord(metric, labels, body.readLong(), body.readDouble()));
                }
                String endpoint = in.hasRemaining() ? in.readText() : "";
                return new Pack.OpenMxPack(header, records, endpoint);
            }
            case Pack.OPENMX_HELP: {
                WireInput body = innerBody(in);
                List<Pack.OpenMxHelpRecord> records = new ArrayList<>();
                for (int i = 0, n = recordCount(body); i < n; i++) {
                    body.readByte();
                    String metric = body.readText();
                    Value v = Values.read(body);
                    if (!(v instanceof Value.MapValue m)) {
                        throw new WireFormatException("OpenMxHelp record for " + metric + " has a " + v.getClass().getSimpleName()
                                + " where a MapValue belongs");
                    }
                    records.add(new Pack.OpenMxHelpRecord(metric, m));
                }
                return new Pack.OpenMxHelpPack(header, records);
            }
            case Pack.OPENMX_HISTOGRAM: {
                WireInput body = innerBody(in);
                List<Pack.HistogramRecord> records = new ArrayList<>();
                for (int i = 0, n = recordCount(body); i < n; i++) {
                    body.readByte();
                    String metric = body.readText();
                    Map<String, String> labels = readLabels(body);
                    records.add(new Pack.HistogramRecord(metric, labels, body.readLong(), body.readInt(), body.readDouble(),
                            body.readLong(), body.readLong(), body.readDouble(), readSpans(body), body.readLongArray(),
                            readSpans(body), body.readLongArray()));
                }
                return new Pack.OpenMxHistogramPack(header, records);
            }
            case Pack.OPENMX_ENDPOINT: {
                int n = in.readUnsignedShort();
                List<String> endpoints = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    endpoints.add(in.readText());
                }
                return new Pack.OpenMxEndpointPack(header, endpoints);
            }
            case Pack.PARAM: {
                int id = in.readInt();
                long request = in.readDecimal();
                long response = in.readDecimal();
                return new Pack.ParamPack(header, id, request, response, new Value.MapValue(Values.readMapBody(in)));
            }
            case Pack.TEXT: {
                long n = in.readDecimal();
                if (n < 0 || n > in.remaining()) {
                    throw new WireFormatException("TextPack claims " + n + " records");
                }
                List<Pack.TextRecord> records = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    records.add(new Pack.TextRecord(in.readUnsignedByte(), in.readInt(), in.readText()));
                }
                return new Pack.TextPack(header, records);
            }
            case Pack.TAG_COUNT: {
                in.readByte();
                String category = in.readText();
                long tagHash = in.readDecimal();
                return new Pack.TagCountPack(header, category, tagHash, readMap(in, "tags"), readMap(in, "data"));
            }
            case Pack.EVENT: {
                int level = in.readUnsignedByte();
                String title = in.readText();
                String message = in.readText();
                int n = in.readUnsignedByte();
                Map<String, String> attrs = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    attrs.put(in.readText(), in.readText());
                }
                return new Pack.EventPack(header, level, title, message, attrs);
            }
            default:
                return new Pack.UnknownPack(type, header, in.readRaw(in.remaining()));
        }
    }

    private static Value.MapValue readMap(WireInput in, String what) {
        Value v = Values.read(in);
        if (v instanceof Value.MapValue m) {
            return m;
        }
        throw new WireFormatException("TagCountPack " + what + " is not a MapValue");
    }

    /**
     * The record count of an OpenMx pack, read without decoding its records (only the first bytes
     * of a gzipped body are inflated), or -1 for any other pack type. For counting sinks.
     */
    public static int openMxRecordCount(byte[] bytes, int off, int len) {
        WireInput in = new WireInput(bytes, off, len);
        if (in.readUnsignedShort() != Pack.OPENMX) {
            return -1;
        }
        PackHeader.read(in);
        WireInput body = new WireInput(innerBytes(in, 3)); // version byte and record count
        body.readByte(); // inner version
        return recordCount(body);
    }

    private static WireInput innerBody(WireInput in) {
        WireInput body = new WireInput(innerBytes(in, -1));
        body.readByte(); // inner version
        return body;
    }

    /** The zip byte and blob: the inner body, gunzipped when zip = 1; only its first {@code head} bytes unless head < 0. */
    private static byte[] innerBytes(WireInput in, int head) {
        int zip = in.readByte();
        byte[] blob = in.readBlob();
        if (zip == 0) {
            return blob;
        }
        if (zip != 1) {
            throw new WireFormatException("unknown zip flag " + zip);
        }
        return head < 0 ? Gzip.decompress(blob, MAX_INFLATED) : Gzip.decompressHead(blob, head);
    }

    private static int recordCount(WireInput body) {
        int n = body.readShort();
        if (n < 0) {
            throw new WireFormatException("negative record count " + n);
        }
        return n;
    }

    private static Map<String, String> readLabels(WireInput body) {
        int n = body.readUnsignedByte();
        Map<String, String> labels = new LinkedHashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            labels.put(body.readText(), body.readText());
        }
        return labels;
    }

    private static List<Pack.Span> readSpans(WireInput in) {
        int n = in.readUnsignedShort();
        List<Pack.Span> spans = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            spans.add(new Pack.Span(in.readInt(), in.readInt()));
        }
        return spans;
    }
}
