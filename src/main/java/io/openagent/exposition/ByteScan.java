package io.openagent.exposition;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds bytes eight at a time (SWAR): a long is read from the array and a zero-byte test on
 * {@code x ^ pattern} tells whether any of its eight bytes is the one looked for. This is where
 * the parser spends its time: line feeds, and the end of quoted label values.
 */
final class ByteScan {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LF = ONES * '\n';
    private static final long QUOTE = ONES * '"';
    private static final long BACKSLASH = ONES * '\\';

    private ByteScan() {
    }

    /** The eight bytes at {@code b[i]} as a little-endian long: the first byte is the lowest. */
    static long longAt(byte[] b, int i) {
        return (long) LONGS.get(b, i);
    }

    /** Bit 7 of each byte set where that byte of x is zero (exact, no false positives). */
    private static long zeroBytes(long x) {
        return ~(((x & ~HIGHS) + ~HIGHS) | x | ~HIGHS);
    }

    /** Index of the first '\n' in b[from, to), or -1. */
    static int indexOfLineFeed(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long z = zeroBytes(longAt(b, i) ^ LF);
            if (z != 0) {
                return i + (Long.numberOfTrailingZeros(z) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Index of the first {@code c} in b[from, to), or -1: for short ranges. */
    static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Index of the first '"' or '\\' in b[from, to) — or, with {@code orNonAscii}, of the first byte
     * ≥ 0x80 if that comes earlier — or -1. Label values are nearly always ASCII: stopping at the
     * first other byte lets the caller check UTF-8 only where there is some.
     */
    static int indexOfQuoteOrBackslash(byte[] b, int from, int to, boolean orNonAscii) {
        long high = orNonAscii ? HIGHS : 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = longAt(b, i);
            long z = zeroBytes(x ^ QUOTE) | zeroBytes(x ^ BACKSLASH) | (x & high);
            if (z != 0) {
                return i + (Long.numberOfTrailingZeros(z) >>> 3);
            }
        }
        for (; i < to; i++) {
            byte c = b[i];
            if (c == '"' || c == '\\' || (orNonAscii && c < 0)) {
                return i;
            }
        }
        return -1;
    }
}
