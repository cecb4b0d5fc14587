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

    /** Bit 7 of each byte set where that byte of x is zero (exact, no false positives). */
    private static long zeroBytes(long x) {
        return ~(((x & ~HIGHS) + ~HIGHS) | x | ~HIGHS);
    }

    /** Index of the first '\n' in b[from, to), or -1. */
    static int indexOfLineFeed(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long z = zeroBytes((long) LONGS.get(b, i) ^ LF);
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

    /** Index of the first '"' or '\\' in b[from, to), or -1; {@code highBit[0]} tells whether any byte ≥ 0x80 came before it. */
    static int indexOfQuoteOrBackslash(byte[] b, int from, int to, boolean[] highBit) {
        int i = from;
        long high = 0;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(b, i);
            long z = zeroBytes(x ^ QUOTE) | zeroBytes(x ^ BACKSLASH);
            if (z != 0) {
                int at = Long.numberOfTrailingZeros(z) >>> 3;
                long before = at == 0 ? 0 : x & (-1L >>> (64 - 8 * at));
                highBit[0] |= (high | (before & HIGHS)) != 0;
                return i + at;
            }
            high |= x & HIGHS;
        }
        highBit[0] |= high != 0;
        for (; i < to; i++) {
            byte c = b[i];
            if (c == '"' || c == '\\') {
                return i;
            }
            if (c < 0) {
                highBit[0] = true;
            }
        }
        return -1;
    }
}
