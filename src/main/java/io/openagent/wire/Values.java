package io.openagent.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes {@link Value}s with their type byte (spec §2). */
public final class Values {
    private Values() {
    }

    public static void write(WireOutput out, Value v) {
        out.writeByte(v.typeCode());
        if (v instanceof Value.NullValue) {
            return;
        } else if (v instanceof Value.BoolValue b) {
            out.writeBool(b.value());
        } else if (v instanceof Value.DecimalValue d) {
            out.writeDecimal(d.value());
        } else if (v instanceof Value.IntValue i) {
            out.writeInt(i.value());
        } else if (v instanceof Value.LongValue l) {
            out.writeLong(l.value());
        } else if (v instanceof Value.FloatValue f) {
            out.writeFloat(f.value());
        } else if (v instanceof Value.DoubleValue d) {
            out.writeDouble(d.value());
        } else if (v instanceof Value.TextValue t) {
            out.writeText(t.value());
        } else if (v instanceof Value.TextHashValue t) {
            out.writeInt(t.value());
        } else if (v instanceof Value.BlobValue b) {
            out.writeBlob(b.value());
        } else if (v instanceof Value.IP4Value ip) {
            out.writeInt(ip.address());
        } else if (v instanceof Value.ListValue l) {
            out.writeDecimal(l.values().size());
            for (Value e : l.values()) {
                write(out, e);
            }
        } else if (v instanceof Value.IntArray a) {
            WireOutput.checkShortCount(a.values().length);
            out.writeShort(a.values().length);
            for (int x : a.values()) {
                out.writeInt(x);
            }
        } else if (v instanceof Value.FloatArray a) {
            WireOutput.checkShortCount(a.values().length);
            out.writeShort(a.values().length);
            for (float x : a.values()) {
                out.writeFloat(x);
            }
        } else if (v instanceof Value.TextArray a) {
            out.writeTextArray(a.values());
        } else if (v instanceof Value.LongArray a) {
            out.writeLongArray(a.values());
        } else if (v instanceof Value.DoubleArray a) {
            out.writeDecimal(a.values().length);
            for (double x : a.values()) {
                out.writeDouble(x);
            }
        } else if (v instanceof Value.BoolArray a) {
            out.writeDecimal(a.values().length);
            for (boolean x : a.values()) {
                out.writeBool(x);
            }
        } else if (v instanceof Value.MapValue m) {
            writeMapBody(out, m.entries());
        } else if (v instanceof Value.IntMapValue m) {
            out.writeDecimal(m.entries().size());
            for (Map.Entry<Integer, Value> e : m.entries().entrySet()) {
                out.writeInt(e.getKey());
                write(out, e.getValue());
            }
        }
    }

    /** The body of a MapValue without its type byte: count then (text key, value) pairs. */
    public static void writeMapBody(WireOutput out, Map<String, Value> entries) {
        out.writeDecimal(entries.size());
        for (Map.Entry<String, Value> e : entries.entrySet()) {
            out.writeText(e.getKey());
            write(out, e.getValue() == null ? Value.NullValue.INSTANCE : e.getValue());
        }
    }

    public static byte[] toBytes(Value v) {
        WireOutput out = new WireOutput(64);
        write(out, v);
        return out.toByteArray();
    }

    public static Value read(WireInput in) {
        int type = in.readUnsignedByte();
        return switch (type) {
            case Value.NULL -> Value.NullValue.INSTANCE;
            case Value.BOOL -> new Value.BoolValue(in.readBool());
            case Value.DECIMAL -> new Value.DecimalValue(in.readDecimal());
            case Value.INT -> new Value.IntValue(in.readInt());
            case Value.LONG -> new Value.LongValue(in.readLong());
            case Value.FLOAT -> new Value.FloatValue(in.readFloat());
            case Value.DOUBLE -> new Value.DoubleValue(in.readDouble());
            case Value.TEXT -> new Value.TextValue(in.readText());
            case Value.TEXT_HASH -> new Value.TextHashValue(in.readInt());
            case Value.BLOB -> new Value.BlobValue(in.readBlob());
            case Value.IP4 -> new Value.IP4Value(in.readInt());
            case Value.LIST -> {
                int n = count(in.readDecimal(), in);
                List<Value> list = new ArrayList<>(Math.min(n, 1024));
                for (int i = 0; i < n; i++) {
                    list.add(read(in));
                }
                yield new Value.ListValue(list);
            }
            case Value.INT_ARRAY -> {
                int n = in.readUnsignedShort();
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = in.readInt();
                }
                yield new Value.IntArray(a);
            }
            case Value.FLOAT_ARRAY -> {
                int n = in.readUnsignedShort();
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = in.readFloat();
                }
                yield new Value.FloatArray(a);
            }
            case Value.TEXT_ARRAY -> new Value.TextArray(in.readTextArray());
            case Value.LONG_ARRAY -> new Value.LongArray(in.readLongArray());
            case Value.DOUBLE_ARRAY -> {
                int n = count(in.readDecimal(), in);
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = in.readDouble();
                }
                yield new Value.DoubleArray(a);
            }
            case Value.BOOL_ARRAY -> {
                int n = count(in.readDecimal(), in);
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) {
                    a[i] = in.readBool();
                }
                yield new Value.BoolArray(a);
            }
            case Value.MAP -> new Value.MapValue(readMapBody(in));
            case Value.INT_MAP -> {
                int n = count(in.readDecimal(), in);
                Map<Integer, Value> m = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    int k = in.readInt();
                    m.put(k, read(in));
                }
                yield new Value.IntMapValue(m);
            }
            default -> throw new WireFormatException("unsupported value type " + type + " at offset " + (in.position() - 1));
        };
    }

    public static Map<String, Value> readMapBody(WireInput in) {
        int n = count(in.readDecimal(), in);
        Map<String, Value> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String k = in.readText();
            m.put(k, read(in));
        }
        return m;
    }

    /** A decoded element count, refused when it is negative or larger than the bytes that remain could hold. */
    private static int count(long n, WireInput in) {
        if (n < 0 || n > in.remaining()) {
            throw new WireFormatException("implausible element count " + n + " with " + in.remaining() + " bytes left");
        }
        return (int) n;
    }
}
