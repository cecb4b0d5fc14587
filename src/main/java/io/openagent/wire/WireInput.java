package io.openagent.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Big-endian reader of the WhaTap primitives (golib {@code DataInputX}) over a byte range. */
public final class WireInput {
    private final byte[] buf;
    private final int limit;
    private int pos;

    public WireInput(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public WireInput(byte[] buf, int off, int len) {
        this.buf = buf;
        this.pos = off;
        this.limit = off + len;
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return limit - pos;
    }

    public boolean hasRemaining() {
        return pos < limit;
    }

    private void need(int n, String what) {
        if (n < 0 || limit - pos < n) {
            throw new WireFormatException("truncated input: " + what + " needs " + n + " bytes at offset " + pos
                    + ", " + (limit - pos) + " left");
        }
    }

    public int readByte() {
        need(1, "byte");
        return buf[pos++];
    }

    public int readUnsignedByte() {
        return readByte() & 0xff;
    }

    public boolean readBool() {
        return readByte() == 1;
    }

    public short readShort() {
        need(2, "short");
        int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
        pos += 2;
        return (short) v;
    }

    public int readUnsignedShort() {
        return readShort() & 0xffff;
    }

    public int readInt3() {
        need(3, "int3");
        int v = ((buf[pos] & 0xff) << 16) | ((buf[pos + 1] & 0xff) << 8) | (buf[pos + 2] & 0xff);
        pos += 3;
        return (v << 8) >> 8;
    }

    public int readInt() {
        need(4, "int");
        int v = getInt(buf, pos);
        pos += 4;
        return v;
    }

    public long readLong5() {
        need(5, "long5");
        long v = 0;
        for (int i = 0; i < 5; i++) {
            v = (v << 8) | (buf[pos++] & 0xff);
        }
        return (v << 24) >> 24;
    }

    public long readLong() {
        need(8, "long");
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos++] & 0xff);
        }
        return v;
    }

    public float readFloat() {
        return Float.intBitsToFloat(readInt());
    }

    public double readDouble() {
        return Double.longBitsToDouble(readLong());
    }

    public long readDecimal() {
        int tag = readByte();
        return readDecimalPayload(tag);
    }

    /** The payload of a decimal whose tag byte was already consumed (the pack header needs this). */
    public long readDecimalPayload(int tag) {
        switch (tag) {
            case 0: return 0;
            case 1: return readByte();
            case 2: return readShort();
            case 3: return readInt3();
            case 4: return readInt();
            case 5: return readLong5();
            default: return readLong();
        }
    }

    public int readBlobLength() {
        int first = readUnsignedByte();
        if (first == 0xff) {
            return readUnsignedShort();
        } else if (first == 0xfe) {
            int len = readInt();
            if (len < 0) {
                throw new WireFormatException("negative blob length " + len + " at offset " + (pos - 4));
            }
            return len;
        }
        return first;
    }

    public byte[] readBlob() {
        int len = readBlobLength();
        need(len, "blob");
        byte[] out = Arrays.copyOfRange(buf, pos, pos + len);
        pos += len;
        return out;
    }

    public String readText() {
        int len = readBlobLength();
        if (len == 0) {
            return "";
        }
        need(len, "text");
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    public byte[] readIntBytes() {
        int len = readInt();
        if (len < 0) {
            throw new WireFormatException("negative intBytes length " + len);
        }
        return readRaw(len);
    }

    public byte[] readShortBytes() {
        return readRaw(readUnsignedShort());
    }

    public long[] readLongArray() {
        int n = readUnsignedShort();
        need(n * 8, "long array");
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = readLong();
        }
        return v;
    }

    public String[] readTextArray() {
        int n = readUnsignedShort();
        String[] v = new String[n];
        for (int i = 0; i < n; i++) {
            v[i] = readText();
        }
        return v;
    }

    public byte[] readRaw(int len) {
        need(len, "bytes");
        byte[] out = Arrays.copyOfRange(buf, pos, pos + len);
        pos += len;
        return out;
    }

    static int getInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }
}
