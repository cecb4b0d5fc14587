package io.openagent.wire;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A golib {@code lang/value}: one type byte then a body (spec §2). Records compare by content, so
 * decoded values can be asserted with {@code equals}.
 */
public sealed interface Value {
    int NULL = 0, BOOL = 10, DECIMAL = 20, INT = 21, LONG = 22, FLOAT = 30, DOUBLE = 40, TEXT = 50,
            TEXT_HASH = 51, BLOB = 60, IP4 = 61, LIST = 70, INT_ARRAY = 71, FLOAT_ARRAY = 72, TEXT_ARRAY = 73,
            LONG_ARRAY = 74, DOUBLE_ARRAY = 75, BOOL_ARRAY = 76, MAP = 80, INT_MAP = 81;

    int typeCode();

    static TextValue text(String s) {
        return new TextValue(s);
    }

    static DecimalValue decimal(long v) {
        return new DecimalValue(v);
    }

    record NullValue() implements Value {
        public static final NullValue INSTANCE = new NullValue();
        public int typeCode() { return NULL; }
    }

    record BoolValue(boolean value) implements Value {
        public int typeCode() { return BOOL; }
    }

    record DecimalValue(long value) implements Value {
        public int typeCode() { return DECIMAL; }
    }

    record IntValue(int value) implements Value {
        public int typeCode() { return INT; }
    }

    record LongValue(long value) implements Value {
        public int typeCode() { return LONG; }
    }

    record FloatValue(float value) implements Value {
        public int typeCode() { return FLOAT; }
    }

    record DoubleValue(double value) implements Value {
        public int typeCode() { return DOUBLE; }
    }

    record TextValue(String value) implements Value {
        public TextValue {
            value = value == null ? "" : value;
        }
        public int typeCode() { return TEXT; }
        @Override public String toString() { return value; }
    }

    record TextHashValue(int value) implements Value {
        public int typeCode() { return TEXT_HASH; }
    }

    record BlobValue(byte[] value) implements Value {
        public int typeCode() { return BLOB; }
        @Override public boolean equals(Object o) { return o instanceof BlobValue b && Arrays.equals(value, b.value); }
        @Override public int hashCode() { return Arrays.hashCode(value); }
        @Override public String toString() { return "BlobValue[" + Hex.encode(value) + "]"; }
    }

    /** An IPv4 address as its four raw bytes. */
    record IP4Value(int address) implements Value {
        public int typeCode() { return IP4; }
    }

    record ListValue(List<Value> values) implements Value {
        public ListValue { values = List.copyOf(values); }
        public int typeCode() { return LIST; }
    }

    record IntArray(int[] values) implements Value {
        public int typeCode() { return INT_ARRAY; }
        @Override public boolean equals(Object o) { return o instanceof IntArray a && Arrays.equals(values, a.values); }
        @Override public int hashCode() { return Arrays.hashCode(values); }
        @Override public String toString() { return Arrays.toString(values); }
    }

    record FloatArray(float[] values) implements Value {
        public int typeCode() { return FLOAT_ARRAY; }
        @Override public boolean equals(Object o) { return o instanceof FloatArray a && Arrays.equals(values, a.values); }
        @Override public int hashCode() { return Arrays.hashCode(values); }
        @Override public String toString() { return Arrays.toString(values); }
    }

    record TextArray(String[] values) implements Value {
        public int typeCode() { return TEXT_ARRAY; }
        @Override public boolean equals(Object o) { return o instanceof TextArray a && Arrays.equals(values, a.values); }
        @Override public int hashCode() { return Arrays.hashCode(values); }
        @Override public String toString() { return Arrays.toString(values); }
    }

    record LongArray(long[] values) implements Value {
        public int typeCode() { return LONG_ARRAY; }
        @Override public boolean equals(Object o) { return o instanceof LongArray a && Arrays.equals(values, a.values); }
        @Override public int hashCode() { return Arrays.hashCode(values); }
        @Override public String toString() { return Arrays.toString(values); }
    }

    record DoubleArray(double[] values) implements Value {
        public int typeCode() { return DOUBLE_ARRAY; }
        @Override public boolean equals(Object o) { return o instanceof DoubleArray a && Arrays.equals(values, a.values); }
        @Override public int hashCode() { return Arrays.hashCode(values); }
        @Override public String toString() { return Arrays.toString(values); }
    }

    record BoolArray(boolean[] values) implements Value {
        public int typeCode() { return BOOL_ARRAY; }
        @Override public boolean equals(Object o) { return o instanceof BoolArray a && Arrays.equals(values, a.values); }
        @Override public int hashCode() { return Arrays.hashCode(values); }
        @Override public String toString() { return Arrays.toString(values); }
    }

    /** An insertion-ordered string-keyed map; replacing a key keeps its position (a linked map). */
    record MapValue(Map<String, Value> entries) implements Value {
        public MapValue {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }
        public MapValue() {
            this(Map.of());
        }
        public int typeCode() { return MAP; }
        public Value get(String key) { return entries.get(key); }
        public String text(String key) {
            Value v = entries.get(key);
            return v instanceof TextValue t ? t.value() : null;
        }
        public MapValue with(String key, Value value) {
            LinkedHashMap<String, Value> copy = new LinkedHashMap<>(entries);
            copy.put(key, value);
            return new MapValue(copy);
        }
    }

    record IntMapValue(Map<Integer, Value> entries) implements Value {
        public IntMapValue {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }
        public int typeCode() { return INT_MAP; }
    }
}
