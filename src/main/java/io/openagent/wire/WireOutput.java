package io.openagent.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Big-endian writer of the WhaTap primitives (golib {@code DataOutputX}) into a growable array.
 * It is reusable: {@link #reset()} keeps the buffer, so a hot path writes without allocating.
 */
public final class WireOutput {
    /** One 8-byte store where a loop would write (and bounds-check) eight single bytes. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private byte[] buf;
    private int size;

    public WireOutput() {
        this(256);
    }

    public WireOutput(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public int size() {
        return size;
    }

    public WireOutput reset() {
        size = 0;
        return this;
    }

    /** The backing array; only the first {@link #size()} bytes are meaningful. */
    public byte[] buffer() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int extra) {
        int needed = size + extra;
        if (needed < 0) {
            throw new WireFormatException("encoding exceeds 2 GiB");
        }
        if (needed > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(needed, buf.length * 2));
        }
    }

    /** Reserves {@code n} bytes at the current position and returns their offset (to patch later). */
    public int skip(int n) {
        ensure(n);
        int at = size;
        size += n;
        return at;
    }

    public WireOutput writeByte(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    public WireOutput writeBool(boolean v) {
        return writeByte(v ? 1 : 0);
    }

    public WireOutput writeShort(int v) {
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    public WireOutput writeInt3(int v) {
        ensure(3);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    public WireOutput writeInt(int v) {
        ensure(4);
        putInt(buf, size, v);
        size += 4;
        return this;
    }

    public WireOutput writeLong5(long v) {
        ensure(5);
        buf[size++] = (byte) (v >>> 32);
        buf[size++] = (byte) (v >>> 24);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    public WireOutput writeLong(long v) {
        ensure(8);
        LONGS.set(buf, size, v);
        size += 8;
        return this;
    }

    public WireOutput writeFloat(float v) {
        return writeInt(Float.floatToRawIntBits(v));
    }

    public WireOutput writeDouble(double v) {
        return writeLong(Double.doubleToRawLongBits(v));
    }

    /** Variable-length integer: a tag byte giving the payload size, then the payload (spec §1.2). */
    public WireOutput writeDecimal(long v) {
        if (v == 0) {
            return writeByte(0);
        } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            return writeByte(1).writeByte((int) v);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            return writeByte(2).writeShort((int) v);
        } else if (v >= -0x800000L && v <= 0x7fffffL) {
            return writeByte(3).writeInt3((int) v);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            return writeByte(4).writeInt((int) v);
        } else if (v >= -0x8000000000L && v <= 0x7fffffffffL) {
            return writeByte(5).writeLong5(v);
        }
        return writeByte(8).writeLong(v);
    }

    public WireOutput writeBlob(byte[] b) {
        return b == null ? writeByte(0) : writeBlob(b, 0, b.length);
    }

    /** Byte array with a compact length prefix (spec §1.3). */
    public WireOutput writeBlob(byte[] b, int off, int len) {
        writeBlobLength(len);
        return writeRaw(b, off, len);
    }

    public WireOutput writeBlobLength(int len) {
        if (len == 0) {
            return writeByte(0);
        } else if (len <= 253) {
            return writeByte(len);
        } else if (len <= 65535) {
            return writeByte(0xff).writeShort(len);
        }
        return writeByte(0xfe).writeInt(len);
    }

    /** UTF-8 text as a blob. Null and "" both encode as a single zero byte. */
    public WireOutput writeText(String s) {
        if (s == null || s.isEmpty()) {
            return writeByte(0);
        }
        if (isAscii(s)) {
            int len = s.length();
            writeBlobLength(len);
            ensure(len);
            for (int i = 0; i < len; i++) {
                buf[size++] = (byte) s.charAt(i);
            }
            return this;
        }
        return writeBlob(s.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    public WireOutput writeIntBytes(byte[] b) {
        if (b == null) {
            return writeInt(0);
        }
        writeInt(b.length);
        return writeRaw(b, 0, b.length);
    }

    public WireOutput writeShortBytes(byte[] b) {
        if (b == null) {
            return writeShort(0);
        }
        if (b.length > 0xffff) {
            throw new WireFormatException("shortBytes longer than 65535 bytes: " + b.length);
        }
        writeShort(b.length);
        return writeRaw(b, 0, b.length);
    }

    public WireOutput writeLongArray(long[] v) {
        if (v == null) {
            return writeShort(0);
        }
        checkShortCount(v.length);
        writeShort(v.length);
        for (long x : v) {
            writeLong(x);
        }
        return this;
    }

    public WireOutput writeTextArray(String[] v) {
        if (v == null) {
            return writeShort(0);
        }
        checkShortCount(v.length);
        writeShort(v.length);
        for (String s : v) {
            writeText(s);
        }
        return this;
    }

    static void checkShortCount(int n) {
        if (n > Short.MAX_VALUE) {
            throw new WireFormatException("array of " + n + " elements exceeds the short count limit 32767");
        }
    }

    public WireOutput writeRaw(byte[] b) {
        return writeRaw(b, 0, b.length);
    }

    public WireOutput writeRaw(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    /** Overwrites a previously written 2-byte short at {@code at}. */
    public void patchShort(int at, int v) {
        buf[at] = (byte) (v >>> 8);
        buf[at + 1] = (byte) v;
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
