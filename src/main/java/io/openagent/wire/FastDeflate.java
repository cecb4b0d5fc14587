package io.openagent.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A raw deflate (RFC 1951) encoder built for speed on pack bodies: greedy LZ77 with one hash probe
 * per position, then either Huffman codes fitted to the input, or — fastest, and 10–30 % larger —
 * the fixed codes of §3.2.6 for everything, written as the matches are found. Fitted codes are
 * written as the matches are found too when the caller's {@link Codebook} (a target's codes, fitted
 * to its previous pack) suits the input; otherwise each block of 16 384 symbols is buffered and gets
 * its own (or the fixed codes when those come out shorter, as for tiny bodies).
 *
 * <p>Why not zlib's level 1: OpenMx record bodies repeat whole label runs from record to record, so
 * nearly every byte is covered by a long match found on the first probe; zlib still walks hash
 * chains, which made deflate the largest single cost of a scrape (more than parsing). Input that
 * does not compress is written as stored blocks, so the output is never more than 5 bytes per
 * 64 KiB larger than the input.
 *
 * <p>Not thread-safe: one instance per thread (its tables take about 150 KiB).
 */
public final class FastDeflate {
    private static final int HASH_BITS = 14;
    private static final int WINDOW = 32768;
    private static final int MIN_MATCH = 4;
    private static final int MAX_MATCH = 258;
    private static final int STORED_MAX = 65535;

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Symbols per block: blocks get codes fitted to their own content. */
    private static final int BLOCK_SYMBOLS = 16384;

    /** Fixed code of each literal/length symbol, bit-reversed for LSB-first packing, and its length. */
    private static final int[] SYMBOL_CODE = new int[288];
    private static final int[] SYMBOL_BITS = new int[288];
    /** The fixed 5-bit distance codes, bit-reversed. */
    private static final int[] FIXED_DISTANCE_CODE = new int[30];
    private static final int[] FIXED_DISTANCE_BITS = new int[30];
    /** For match lengths 3..258: the length symbol (257..285), its extra bits and their value. */
    private static final int[] LENGTH_SYMBOL = new int[MAX_MATCH + 1];
    private static final int[] LENGTH_EXTRA_BITS = new int[MAX_MATCH + 1];
    private static final int[] LENGTH_EXTRA = new int[MAX_MATCH + 1];
    /** The order in which a dynamic block lists the code-length code's lengths (RFC 1951 §3.2.7). */
    private static final int[] LENGTH_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

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
            int last = i + 1 < base.length ? base[i + 1] - 1 : MAX_MATCH;
            for (int len = base[i]; len <= last && len <= MAX_MATCH; len++) {
                LENGTH_SYMBOL[len] = 257 + i;
                LENGTH_EXTRA_BITS[len] = extra[i];
                LENGTH_EXTRA[len] = len - base[i];
            }
        }
        for (int c = 0; c < 30; c++) {
            FIXED_DISTANCE_CODE[c] = reverse(c, 5);
            FIXED_DISTANCE_BITS[c] = 5;
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

    /** The current block's LZ77 output: a literal as its byte value, a match as {@code length << 16 | distance}. */
    private final int[] symbols = new int[BLOCK_SYMBOLS];
    private int symbolCount;
    private final int[] literalFreq = new int[286];
    private final int[] distanceFreq = new int[30];
    private final HuffmanCode literalCode = new HuffmanCode(286, 15);
    private final HuffmanCode distanceCode = new HuffmanCode(30, 15);
    private final HuffmanCode lengthsCode = new HuffmanCode(19, 7);
    private final int[] lengthRun = new int[286 + 30];
    private final int[] lengthSymbols = new int[286 + 30];
    private int lengthSymbolCount;
    private final int[] lengthFreq = new int[19];

    /** Whether blocks get codes fitted to them; without, every symbol is written at once with the fixed codes. */
    private final boolean fitted;

    /**
     * Inputs at least this long are written in one pass with the codes fitted to an earlier input
     * (see {@link #deflate}); shorter ones, where a code table costs more than it saves, are fitted.
     */
    static final int PREDICT_MIN = 2048;
    /** Where the earlier codes are fitted before they are copied into a {@link Codebook}. */
    private final HuffmanCode predictedLiterals = new HuffmanCode(286, 15);
    private final HuffmanCode predictedDistances = new HuffmanCode(30, 15);
    private final HuffmanCode predictedLengths = new HuffmanCode(19, 7);
    /** The codebook of callers that bring none. */
    private final Codebook ownCodebook = new Codebook();
    private long predictedHeaderBits;
    /** The whole input's symbol counts in two-pass mode (blocks clear their own). */
    private final int[] inputLiteralFreq = new int[286];
    private final int[] inputDistanceFreq = new int[30];
    private final int[] smoothedLiterals = new int[286];
    private final int[] smoothedDistances = new int[30];

    /** One pass: symbols are written as they are found, with these codes; two passes: buffered per block. */
    private boolean onePass;
    private int[] passLiteralCodes;
    private int[] passLiteralBits;
    private int[] passDistanceCodes;
    private int[] passDistanceBits;

    /** Inputs written in one pass with earlier codes, and those of them encoded again with their own (for tests). */
    int predictedInputs;
    int reencodedInputs;

    /** @param fitted Huffman codes fitted to each block (output about as small as zlib's level 1) or the fixed codes (faster, larger) */
    public FastDeflate(boolean fitted) {
        this(fitted, 1);
    }

    /** Starts the position numbering at {@code base} (tests start near its wrap-around). */
    FastDeflate(boolean fitted, int base) {
        this.fitted = fitted;
        this.base = base;
    }

    /**
     * Codes for every symbol, fitted to an earlier input and kept by whoever compresses inputs alike:
     * a target's sample packs resemble its previous ones far more than another exporter's (whose
     * codes would be more than 1/32 worse, so a thread's shared codes would have every pack encoded
     * twice). About 4 KiB. Used by one thread at a time.
     */
    public static final class Codebook {
        final int[] literalCodes = new int[286];
        final int[] literalBits = new int[286];
        final int[] distanceCodes = new int[30];
        final int[] distanceBits = new int[30];
        /** The header's run-length coded code lengths and the code they are written in. */
        final int[] runs = new int[286 + 30];
        final int[] runCodes = new int[19];
        final int[] runBits = new int[19];
        /** Negative until codes were fitted. */
        int runCount = -1;
    }

    /** As {@link #deflate(byte[], int, int, WireOutput, Codebook)} with this encoder's own codebook. */
    public void deflate(byte[] src, int off, int len, WireOutput dst) {
        deflate(src, off, len, dst, null);
    }

    /**
     * Appends the raw deflate stream of {@code src[off, off+len)} to {@code dst}.
     *
     * <p>With fitted codes, an input of at least {@link #PREDICT_MIN} bytes is written in one pass,
     * as fast as with the fixed codes, in the codebook's codes, fitted to an earlier input (smoothed
     * so that every symbol has one): a target's pack bodies are alike from scrape to scrape, so the
     * second pass over buffered symbols (40 % of the time) mostly re-derived the same codes.
     * The input's own symbol counts then show what codes fitted to it would have cost: when the
     * earlier codes were more than 1/32 worse, the input is encoded again in two passes with its own,
     * and when they were more than 1/128 worse, they are refitted for the next input. A null
     * codebook is this encoder's own.
     */
    public void deflate(byte[] src, int off, int len, WireOutput dst, Codebook codebook) {
        Codebook book = codebook == null ? ownCodebook : codebook;
        boolean predict = fitted && book.runCount >= 0 && len >= PREDICT_MIN;
        // a literal costs up to 15 bits in earlier codes: twice the input covers any single pass
        int worst = predict ? 2 * len + 512 : len + (len >>> 3) + (len >>> 10) + 128;
        if (out.length < worst) {
            out = new byte[worst];
        }
        if (predict) {
            predictedInputs++;
            compress(src, off, len, book);
            // both costs without the extra bits of lengths and distances: those are the same in any code
            long earlierCodes = predictedHeaderBits + cost(literalFreq, book.literalBits) + cost(distanceFreq, book.distanceBits);
            literalCode.fit(literalFreq);
            distanceCode.fit(distanceFreq);
            long ownCodes = dynamicCost(literalCode.usedLength(257), distanceCode.usedLength(1));
            if (earlierCodes > ownCodes + (ownCodes >>> 5)) {
                reencodedInputs++;
                compress(src, off, len, null);
                predict(inputLiteralFreq, inputDistanceFreq, book);
            } else if (earlierCodes > ownCodes + (ownCodes >>> 7)) {
                predict(literalFreq, distanceFreq, book); // the one pass counted the whole input
            }
        } else {
            compress(src, off, len, null);
            if (fitted && len >= PREDICT_MIN) {
                predict(inputLiteralFreq, inputDistanceFreq, book);
            }
        }
        flushBits();
        int storedSize = len + 5 * Math.max(1, (len + STORED_MAX - 1) / STORED_MAX);
        if (outPos > storedSize) {
            stored(src, off, len, dst);
        } else {
            dst.writeRaw(out, 0, outPos);
        }
    }

    /** Fits the codebook's codes to these counts, every symbol given a code. */
    private void predict(int[] literals, int[] distances, Codebook book) {
        predictedLiterals.fit(smooth(literals, smoothedLiterals));
        predictedDistances.fit(smooth(distances, smoothedDistances));
        book.runCount = lengthRuns(predictedLiterals, predictedDistances, 286, 30, book.runs, predictedLengths);
        System.arraycopy(predictedLiterals.codes, 0, book.literalCodes, 0, 286);
        System.arraycopy(predictedLiterals.lengths, 0, book.literalBits, 0, 286);
        System.arraycopy(predictedDistances.codes, 0, book.distanceCodes, 0, 30);
        System.arraycopy(predictedDistances.lengths, 0, book.distanceBits, 0, 30);
        System.arraycopy(predictedLengths.codes, 0, book.runCodes, 0, 19);
        System.arraycopy(predictedLengths.lengths, 0, book.runBits, 0, 19);
    }

    /** Bits of the counted symbols in a code of these lengths (without extra bits). */
    private static long cost(int[] freq, int[] bits) {
        long sum = 0;
        for (int s = 0; s < freq.length; s++) {
            sum += (long) freq[s] * bits[s];
        }
        return sum;
    }

    /** Counts scaled to at most 2^20 in total, times 16, plus 1: unseen symbols get long codes, seen ones keep theirs. */
    private static int[] smooth(int[] freq, int[] out) {
        long total = 0;
        for (int f : freq) {
            total += f;
        }
        int shift = Math.max(0, 64 - Long.numberOfLeadingZeros(total) - 20);
        for (int s = 0; s < freq.length; s++) {
            out[s] = freq[s] == 0 ? 1 : ((freq[s] >>> shift) + 1) << 4;
        }
        return out;
    }

    /**
     * One deflate stream of the input into {@link #out}: in one pass with the fixed codes or with
     * the codebook's ({@code book} not null), or in two with codes fitted to each block.
     */
    private void compress(byte[] src, int off, int len, Codebook book) {
        if (base > (1 << 30) - len - 1) {
            Arrays.fill(table, 0);
            base = 1;
        }
        outPos = 0;
        bitBuffer = 0;
        bitCount = 0;
        symbolCount = 0;
        Arrays.fill(literalFreq, 0);
        Arrays.fill(distanceFreq, 0);
        Arrays.fill(inputLiteralFreq, 0);
        Arrays.fill(inputDistanceFreq, 0);
        onePass = !fitted || book != null;
        if (book != null) {
            passLiteralCodes = book.literalCodes;
            passLiteralBits = book.literalBits;
            passDistanceCodes = book.distanceCodes;
            passDistanceBits = book.distanceBits;
            writeDynamicHeader(true, 286, 30, book.runCodes, book.runBits, book.runs, book.runCount);
            predictedHeaderBits = 8L * outPos + bitCount;
        } else if (!fitted) {
            passLiteralCodes = SYMBOL_CODE;
            passLiteralBits = SYMBOL_BITS;
            put(3, 3); // BFINAL = 1, BTYPE = 01 (fixed codes): one block, its symbols written as they are found
        }
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
        if (onePass) {
            put(passLiteralCodes[256], passLiteralBits[256]);
            literalFreq[256]++;
        } else {
            block(true);
        }
        this.base = base + len + 1;
    }

    /** Writes out the bits still buffered, the last byte padded with zeros. */
    private void flushBits() {
        while (bitCount > 0) {
            out[outPos++] = (byte) bitBuffer;
            bitBuffer >>>= 8;
            bitCount -= 8;
        }
        bitCount = 0;
        bitBuffer = 0;
    }

    private void literals(byte[] src, int from, int to) {
        if (!fitted) {
            for (int p = from; p < to; p++) {
                int b = src[p] & 0xFF;
                put(SYMBOL_CODE[b], SYMBOL_BITS[b]);
            }
            return;
        }
        if (onePass) {
            int[] codes = passLiteralCodes;
            int[] bits = passLiteralBits;
            int[] freq = literalFreq;
            for (int p = from; p < to; p++) {
                int b = src[p] & 0xFF;
                put(codes[b], bits[b]);
                freq[b]++;
            }
            return;
        }
        for (int p = from; p < to; p++) {
            if (symbolCount == BLOCK_SYMBOLS) {
                block(false);
            }
            int b = src[p] & 0xFF;
            symbols[symbolCount++] = b;
            literalFreq[b]++;
        }
    }

    private void match(int length, int distance) {
        if (!fitted) {
            putMatch(length, distance, SYMBOL_CODE, SYMBOL_BITS, FIXED_DISTANCE_CODE, FIXED_DISTANCE_BITS);
            return;
        }
        if (onePass) {
            putMatch(length, distance, passLiteralCodes, passLiteralBits, passDistanceCodes, passDistanceBits);
            literalFreq[LENGTH_SYMBOL[length]]++;
            distanceFreq[distanceSymbol(distance - 1)]++;
            return;
        }
        if (symbolCount == BLOCK_SYMBOLS) {
            block(false);
        }
        symbols[symbolCount++] = length << 16 | distance;
        literalFreq[LENGTH_SYMBOL[length]]++;
        distanceFreq[distanceSymbol(distance - 1)]++;
    }

    /** The distance symbol (0..29) of {@code distance - 1}. */
    private static int distanceSymbol(int d) {
        if (d < 4) {
            return d;
        }
        int log = 31 - Integer.numberOfLeadingZeros(d);
        return 2 * log + ((d >>> (log - 1)) & 1);
    }

    /**
     * Writes the buffered symbols as one block, with Huffman codes fitted to them when that is
     * shorter than the fixed codes (code tables cost some 60 bytes; tiny blocks do better without).
     */
    private void block(boolean last) {
        literalFreq[256]++;
        for (int k = 0; k < 286; k++) {
            inputLiteralFreq[k] += literalFreq[k];
        }
        for (int k = 0; k < 30; k++) {
            inputDistanceFreq[k] += distanceFreq[k];
        }
        literalCode.fit(literalFreq);
        distanceCode.fit(distanceFreq);
        int hlit = literalCode.usedLength(257);
        int hdist = distanceCode.usedLength(1);
        long dynamicBits = dynamicCost(hlit, hdist);
        long fixedBits = 0;
        for (int s = 0; s < 286; s++) {
            fixedBits += (long) literalFreq[s] * SYMBOL_BITS[s];
        }
        for (int c = 0; c < 30; c++) {
            fixedBits += 5L * distanceFreq[c];
        }
        if (dynamicBits < fixedBits) {
            writeDynamicHeader(last, hlit, hdist, lengthsCode.codes, lengthsCode.lengths, lengthSymbols, lengthSymbolCount);
            symbolsOut(literalCode.codes, literalCode.lengths, distanceCode.codes, distanceCode.lengths);
        } else {
            put(last ? 3 : 2, 3); // BFINAL, BTYPE = 01 (fixed codes)
            symbolsOut(SYMBOL_CODE, SYMBOL_BITS, FIXED_DISTANCE_CODE, FIXED_DISTANCE_BITS);
        }
        Arrays.fill(literalFreq, 0);
        Arrays.fill(distanceFreq, 0);
        symbolCount = 0;
    }

    /**
     * Bits of a dynamic block with {@link #literalCode} and {@link #distanceCode} (fitted to the
     * current counts): its header, then the counted symbols. Leaves the header's length runs in
     * {@link #lengthSymbols}.
     */
    private long dynamicCost(int hlit, int hdist) {
        lengthSymbolCount = lengthRuns(literalCode, distanceCode, hlit, hdist, lengthSymbols, lengthsCode);
        return 14 + 3L * 19 + lengthsCode.cost(lengthFreq) + 2L * lengthFreq[16] + 3L * lengthFreq[17] + 7L * lengthFreq[18]
                + literalCode.cost(literalFreq) + distanceCode.cost(distanceFreq);
    }

    /** A dynamic block's header (RFC 1951 §3.2.7): its code lengths, run-length coded with the code-length code. */
    private void writeDynamicHeader(boolean last, int hlit, int hdist, int[] runCodes, int[] runBits, int[] runs, int runCount) {
        put(last ? 5 : 4, 3); // BFINAL, BTYPE = 10 (dynamic codes)
        put(hlit - 257, 5);
        put(hdist - 1, 5);
        int hclen = 19;
        while (hclen > 4 && runBits[LENGTH_ORDER[hclen - 1]] == 0) {
            hclen--;
        }
        put(hclen - 4, 4);
        for (int k = 0; k < hclen; k++) {
            put(runBits[LENGTH_ORDER[k]], 3);
        }
        for (int r = 0; r < runCount; r++) {
            int sym = runs[r] & 0xFF;
            put(runCodes[sym], runBits[sym]);
            if (sym >= 16) {
                put(runs[r] >>> 8, sym == 16 ? 2 : sym == 17 ? 3 : 7);
            }
        }
    }

    private void symbolsOut(int[] litCodes, int[] litBits, int[] distCodes, int[] distBits) {
        int[] symbols = this.symbols;
        for (int k = 0, n = symbolCount; k < n; k++) {
            int s = symbols[k];
            if (s < 256) {
                put(litCodes[s], litBits[s]);
            } else {
                putMatch(s >>> 16, s & 0xFFFF, litCodes, litBits, distCodes, distBits);
            }
        }
        put(litCodes[256], litBits[256]);
    }

    /** A match as its length symbol and extra bits, then its distance symbol and extra bits, in the given codes. */
    private void putMatch(int length, int distance, int[] litCodes, int[] litBits, int[] distCodes, int[] distBits) {
        int sym = LENGTH_SYMBOL[length];
        put(litCodes[sym] | LENGTH_EXTRA[length] << litBits[sym], litBits[sym] + LENGTH_EXTRA_BITS[length]);
        int d = distance - 1;
        int code = distanceSymbol(d);
        int extraBits = code < 4 ? 0 : (code >>> 1) - 1;
        put(distCodes[code] | (d & ((1 << extraBits) - 1)) << distBits[code], distBits[code] + extraBits);
    }

    /**
     * The code lengths of the first {@code hlit} literal/length and {@code hdist} distance symbols,
     * run-length coded with symbols 16 (repeat the previous length 3–6 times), 17 (3–10 zeros) and
     * 18 (11–138 zeros) into {@code runs} as {@code extra << 8 | symbol}; {@code runCode} (the
     * code-length code) is fitted to them and {@link #lengthFreq} holds their counts. Returns their count.
     */
    private int lengthRuns(HuffmanCode literals, HuffmanCode distances, int hlit, int hdist, int[] runs, HuffmanCode runCode) {
        int total = hlit + hdist;
        int[] seq = lengthRun;
        for (int k = 0; k < hlit; k++) {
            seq[k] = literals.length(k);
        }
        for (int k = 0; k < hdist; k++) {
            seq[hlit + k] = distances.length(k);
        }
        int[] freq = lengthFreq;
        Arrays.fill(freq, 0);
        int n = 0;
        int k = 0;
        while (k < total) {
            int len = seq[k];
            int run = 1;
            while (k + run < total && seq[k + run] == len) {
                run++;
            }
            k += run;
            if (len == 0) {
                while (run >= 11) {
                    int r = Math.min(run, 138);
                    runs[n++] = (r - 11) << 8 | 18;
                    freq[18]++;
                    run -= r;
                }
                if (run >= 3) {
                    runs[n++] = (run - 3) << 8 | 17;
                    freq[17]++;
                    run = 0;
                }
            } else {
                runs[n++] = len;
                freq[len]++;
                run--;
                while (run >= 3) {
                    int r = Math.min(run, 6);
                    runs[n++] = (r - 3) << 8 | 16;
                    freq[16]++;
                    run -= r;
                }
            }
            for (; run > 0; run--) {
                runs[n++] = len;
                freq[len]++;
            }
        }
        runCode.fit(freq);
        return n;
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

    /**
     * A length-limited canonical Huffman code over a small alphabet, refitted per block: built with
     * the two-queue method over the symbols sorted by frequency; when the deepest code is longer than
     * the limit, the frequencies are halved (keeping every used symbol) and the code is built again.
     */
    static final class HuffmanCode {
        final int[] codes;
        final int[] lengths;
        private final int limit;
        private final long[] sorted;
        private final long[] spare;
        private final int[] buckets = new int[256];
        private final int[] weight;
        private final int[] parent;
        private final int[] scaled;
        private final int[] count = new int[16];
        private final int[] next = new int[16];

        HuffmanCode(int symbols, int limit) {
            this.codes = new int[symbols];
            this.lengths = new int[symbols];
            this.limit = limit;
            this.sorted = new long[symbols];
            this.spare = new long[symbols];
            this.weight = new int[2 * symbols];
            this.parent = new int[2 * symbols];
            this.scaled = new int[symbols];
        }

        int length(int symbol) {
            return lengths[symbol];
        }

        int code(int symbol) {
            return codes[symbol];
        }

        /** One past the last symbol with a code, at least {@code min}. */
        int usedLength(int min) {
            int n = lengths.length;
            while (n > min && lengths[n - 1] == 0) {
                n--;
            }
            return n;
        }

        long cost(int[] freq) {
            return FastDeflate.cost(freq, lengths);
        }

        void fit(int[] freq) {
            int n = lengths.length;
            Arrays.fill(lengths, 0);
            int used = 0;
            for (int s = 0; s < n; s++) {
                scaled[s] = freq[s];
                if (freq[s] > 0) {
                    used++;
                }
            }
            if (used < 2) {
                // a complete code needs two symbols: give the used one (or symbol 0) a partner
                int a = 0;
                while (a < n - 1 && freq[a] == 0) {
                    a++;
                }
                if (freq[a] == 0) {
                    a = 0;
                }
                lengths[a] = 1;
                lengths[a == 0 ? 1 : 0] = 1;
            } else {
                while (!build(used)) {
                    for (int s = 0; s < n; s++) {
                        if (scaled[s] > 0) {
                            scaled[s] = (scaled[s] >>> 1) | 1;
                        }
                    }
                }
            }
            assignCodes();
        }

        /** Builds the tree of the {@code used} symbols with a frequency; false when a code is longer than the limit. */
        private boolean build(int used) {
            sortByWeight(used);
            for (int i = 0; i < used; i++) {
                weight[i] = (int) (sorted[i] >>> 16);
            }
            // leaves are nodes 0..used-1 in frequency order; internal nodes are made in increasing weight
            int leaf = 0;
            int inner = used;
            int made = used;
            for (int m = 0; m < used - 1; m++) {
                int a = leaf < used && (inner >= made || weight[leaf] <= weight[inner]) ? leaf++ : inner++;
                int b = leaf < used && (inner >= made || weight[leaf] <= weight[inner]) ? leaf++ : inner++;
                weight[made] = weight[a] + weight[b];
                parent[a] = made;
                parent[b] = made;
                made++;
            }
            int root = made - 1;
            // depths, root first: every node's parent was made after it; weight[] now holds depths
            weight[root] = 0;
            for (int node = root - 1; node >= 0; node--) {
                weight[node] = weight[parent[node]] + 1;
            }
            for (int i = 0; i < used; i++) {
                if (weight[i] > limit) {
                    Arrays.fill(lengths, 0);
                    return false;
                }
                lengths[(int) (sorted[i] & 0xFFFF)] = weight[i];
            }
            return true;
        }

        /**
         * Fills {@code sorted[0, used)} with {@code weight << 16 | symbol} of the used symbols by
         * increasing weight, ties by symbol: a least-significant-digit radix sort, a byte of the
         * weight per pass (a comparison sort of 286 symbols cost more than the rest of the fit).
         */
        private void sortByWeight(int used) {
            int max = 0;
            int k = 0;
            for (int s = 0; s < lengths.length; s++) {
                if (scaled[s] > 0) {
                    sorted[k++] = (long) scaled[s] << 16 | s;
                    max = Math.max(max, scaled[s]);
                }
            }
            long[] from = sorted;
            long[] to = spare;
            for (int shift = 16; shift < 48 && (max >>> (shift - 16)) != 0; shift += 8) {
                int[] bucket = buckets;
                Arrays.fill(bucket, 0);
                for (int i = 0; i < used; i++) {
                    bucket[(int) (from[i] >>> shift) & 0xFF]++;
                }
                int sum = 0;
                for (int b = 0; b < 256; b++) {
                    int c = bucket[b];
                    bucket[b] = sum;
                    sum += c;
                }
                for (int i = 0; i < used; i++) {
                    long v = from[i];
                    to[bucket[(int) (v >>> shift) & 0xFF]++] = v;
                }
                long[] t = from;
                from = to;
                to = t;
            }
            if (from != sorted) {
                System.arraycopy(from, 0, sorted, 0, used);
            }
        }

        /** Canonical codes (RFC 1951 §3.2.2), bit-reversed for LSB-first packing. */
        private void assignCodes() {
            Arrays.fill(count, 0);
            for (int len : lengths) {
                count[len]++;
            }
            count[0] = 0;
            int code = 0;
            for (int bits = 1; bits < 16; bits++) {
                code = (code + count[bits - 1]) << 1;
                next[bits] = code;
            }
            for (int s = 0; s < lengths.length; s++) {
                int len = lengths[s];
                codes[s] = len == 0 ? 0 : reverse(next[len]++, len);
            }
        }
    }
}
