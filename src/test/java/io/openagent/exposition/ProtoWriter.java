package io.openagent.exposition;

import java.io.ByteArrayOutputStream;

/** A minimal protobuf encoder for tests: builds MetricFamily messages field by field. */
public final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public ProtoWriter varint(int field, long v) {
        tag(field, 0);
        rawVarint(v);
        return this;
    }

    ProtoWriter sint(int field, long v) {
        return varint(field, (v << 1) ^ (v >> 63));
    }

    public ProtoWriter dbl(int field, double v) {
        tag(field, 1);
        long bits = Double.doubleToRawLongBits(v);
        for (int i = 0; i < 8; i++) {
            out.write((int) (bits >>> (8 * i)));
        }
        return this;
    }

    public ProtoWriter str(int field, String s) {
        return bytes(field, s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public ProtoWriter msg(int field, ProtoWriter m) {
        return bytes(field, m.toBytes());
    }

    ProtoWriter packedSint(int field, long... values) {
        ProtoWriter p = new ProtoWriter();
        for (long v : values) {
            p.rawVarint((v << 1) ^ (v >> 63));
        }
        return bytes(field, p.toBytes());
    }

    ProtoWriter bytes(int field, byte[] b) {
        tag(field, 2);
        rawVarint(b.length);
        out.writeBytes(b);
        return this;
    }

    private void tag(int field, int wireType) {
        rawVarint(((long) field << 3) | wireType);
    }

    void rawVarint(long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    /** Length-delimited concatenation, as the exposition format sends MetricFamily messages. */
    public static byte[] delimited(ProtoWriter... families) {
        ProtoWriter all = new ProtoWriter();
        for (ProtoWriter f : families) {
            byte[] b = f.toBytes();
            all.rawVarint(b.length);
            all.out.writeBytes(b);
        }
        return all.toBytes();
    }

    public static ProtoWriter label(String name, String value) {
        return new ProtoWriter().str(1, name).str(2, value);
    }
}
