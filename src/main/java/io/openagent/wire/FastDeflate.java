package io.openagent.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A raw deflate (RFC 1951) encoder built for speed on pack bodies: greedy LZ77 with one hash probe
 * per position, and the fixed Huffman codes of RFC 1951 §3.2.6, so no code tables are built or sent.
 *
 * <p>Why not zlib's level 1: OpenMx record bodies repeat whole label runs from record to record, so
 * nearly every byte is covered by a long match found on the first probe; zlib still inserts every
 * position into its hash chains and builds dynamic Huffman trees per block, which made deflate the
 * largest single cost of a scrape (more than parsing). This encoder spends its time only where the
 * body is new. Input that does not compress is written as stored blocks, so the output is never
 * more than 5 bytes per 64 KiB larger than the input.
 *
 * <p>Not thread-safe: one instance per thread (its hash table is 64 KiB).
 */
public final class FastDeflate {
    private static final int HASH_BITS = 14;
    private static final int WINDOW = 32768;
    private static final int MIN_MATCH = 4;
    private static final int MAX_MATCH = 258;
    private static final int STORED_MAX = 65535;

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Fixed code of each literal/length symbol, bit-reversed for LSB-first packing, and its length. */
    private static final int[] SYMBOL_CODE = new int[288];
    private static final int[] SYMBOL_BITS = new int[288];
    /** For match lengths 3..258: symbol code and extra bits packed into one value, and their total bit count. */
    private static final int[] LENGTH_CODE = new int[MAX_MATCH + 1];
    private static final int[] LENGTH_BITS = new int[MAX_MATCH + 1];
    /** The fixed 5-bit distance codes, bit-reversed. */
    private static final int[] DISTANCE_CODE = new int[30];

    static {
        for (int s = 0; s < 288; s++) {
            int code;
            int bits;
            if (s < 144) {
                code = 0x30 + s;
                bits = 8;
            } else if (s < 256) {
                code = 0x190 + s - 144;
                bits = 9;
            } else if (s < 280) {
                code = s - 256;
                bits = 7;
            } else {
                code = 0xC0 + s - 280;
                bits = 8;
            }
            SYMBOL_CODE[s] = reverse(code, bits);
            SYMBOL_BITS[s] = bits;
        }
        int[] base = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
        int[] extra = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
        for (int i = 0; i < base.length; i++) {
            int symbol = 257 + i;
            int last = i + 1 < base.length ? base[i + 1] - 1 : MAX_MATCH;
            for (int len = base[i]; len <= last && len <= MAX_MATCH; len++) {
                LENGTH_CODE[len] = SYMBOL_CODE[symbol] | (len - base[i]) << SYMBOL_BITS[symbol];
                LENGTH_BITS[len] = SYMBOL_BITS[symbol] + extra[i];
            }
        }
        for (int c = 0; c < 30; c++) {
            DISTANCE_CODE[c] = reverse(c, 5);
        }
    }

    private static int reverse(int code, int bits) {
        return Integer.reverse(code) >>> (32 - bits);
    }

    /** Positions of this call are stored as {@code base + index}; anything below {@code base} is stale. */
    private final int[] table = new int[1 << HASH_BITS];
    private int base;
    private byte[] out = new byte[1024];
    private int outPos;
    private long bitBuffer;
    private int bitCount;

    public FastDeflate() {
        this(1);
    }

    /** Starts the position numbering at {@code base} (tests start near its wrap-around). */
    FastDeflate(int base) {
        this.base = base;
    }

    /** Appends the raw deflate stream of {@code src[off, off+len)} to {@code dst}. */
    public void deflate(byte[] src, int off, int len, WireOutput dst) {
        if (base > (1 << 30) - len - 1) {
            Arrays.fill(table, 0);
            base = 1;
        }
        int worst = len + (len >>> 3) + 64;
        if (out.length < worst) {
            out = new byte[worst];
        }
        outPos = 0;
        bitBuffer = 0;
        bitCount = 0;
        compress(src, off, len);
        base += len + 1;
        int storedSize = len + 5 * Math.max(1, (len + STORED_MAX - 1) / STORED_MAX);
        if (outPos > storedSize) {
            stored(src, off, len, dst);
        } else {
            dst.writeRaw(out, 0, outPos);
        }
    }

    private void compress(byte[] src, int off, int len) {
        put(3, 3); // BFINAL = 1, BTYPE = 01 (fixed codes)
        int[] table = this.table;
        int base = this.base;
        int last = len - MIN_MATCH; // the last position with four bytes to hash
        int literalsFrom = 0;
        int misses = 0;
        int i = 0;
        while (i <= last) {
            int word = (int) INT_LE.get(src, off + i);
            int slot = (word * 0x9E3779B1) >>> (32 - HASH_BITS);
            int candidate = table[slot] - base;
            table[slot] = base + i;
            if (candidate < 0 || i - candidate > WINDOW || (int) INT_LE.get(src, off + candidate) != word) {
                i += 1 + (misses++ >>> 5); // data that does not repeat is skipped faster and faster
                continue;
            }
            misses = 0;
            int length = matchLength(src, off + candidate, off + i, Math.min(MAX_MATCH, len - i));
            literals(src, off + literalsFrom, off + i);
            match(length, i - candidate);
            i += length;
            literalsFrom = i;
            if (i - 2 <= last) {
                // the match's tail is where the next repetition of this run most often starts
                table[((int) INT_LE.get(src, off + i - 2) * 0x9E3779B1) >>> (32 - HASH_BITS)] = base + i - 2;
            }
        }
        literals(src, off + literalsFrom, off + len);
        put(SYMBOL_CODE[256], SYMBOL_BITS[256]);
        if (bitCount > 0) {
            while (bitCount > 0) {
                out[outPos++] = (byte) bitBuffer;
                bitBuffer >>>= 8;
                bitCount -= 8;
            }
            bitCount = 0;
            bitBuffer = 0;
        }
    }

    /** Length of the common run at {@code a} and {@code b} (known to share 4 bytes), at most {@code max}. */
    private static int matchLength(byte[] src, int a, int b, int max) {
        int n = MIN_MATCH;
        while (n + 8 <= max) {
            long diff = (long) LONG_LE.get(src, a + n) ^ (long) LONG_LE.get(src, b + n);
            if (diff != 0) {
                return n + (Long.numberOfTrailingZeros(diff) >>> 3);
            }
            n += 8;
        }
        while (n < max && src[a + n] == src[b + n]) {
            n++;
        }
        return n;
    }

    private void literals(byte[] src, int from, int to) {
        for (int p = from; p < to; p++) {
            int b = src[p] & 0xFF;
            put(SYMBOL_CODE[b], SYMBOL_BITS[b]);
        }
    }

    private void match(int length, int distance) {
        int d = distance - 1;
        int code;
        int extraBits;
        if (d < 4) {
            code = d;
            extraBits = 0;
        } else {
            int log = 31 - Integer.numberOfLeadingZeros(d);
            code = 2 * log + ((d >>> (log - 1)) & 1);
            extraBits = log - 1;
        }
        int distanceBits = DISTANCE_CODE[code] | (d & ((1 << extraBits) - 1)) << 5;
        put(LENGTH_CODE[length] | distanceBits << LENGTH_BITS[length], LENGTH_BITS[length] + 5 + extraBits);
    }

    /** Appends {@code bits} low bits of {@code value}, least significant first (at most 31 bits). */
    private void put(int value, int bits) {
        bitBuffer |= (long) value << bitCount;
        bitCount += bits;
        if (bitCount >= 32) {
            INT_LE.set(out, outPos, (int) bitBuffer);
            outPos += 4;
            bitBuffer >>>= 32;
            bitCount -= 32;
        }
    }

    /** Stored blocks (BTYPE 00) of at most 65 535 bytes: what incompressible input costs least as. */
    private static void stored(byte[] src, int off, int len, WireOutput dst) {
        int p = 0;
        do {
            int n = Math.min(STORED_MAX, len - p);
            boolean last = p + n == len;
            dst.writeByte(last ? 1 : 0);
            dst.writeByte(n).writeByte(n >>> 8).writeByte(~n).writeByte(~n >>> 8);
            dst.writeRaw(src, off + p, n);
            p += n;
        } while (p < len);
    }
}
