package io.openagent.wire;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

/**
 * RFC 1952 gzip of pack bodies. Levels 1 and 2 are this project's {@link FastDeflate}: 2, the
 * default, with codes fitted per block (record bodies within 2–11 % of zlib level 1's size, in
 * about 2/3 of its CPU), 1 with the fixed codes (about half zlib level 1's CPU, 13–33 % larger);
 * 0 and 3–9 are zlib's levels (-1: zlib's default, 6).
 *
 * <p>Encoders are per thread and level, not per instance: a zlib deflater holds about 270 KB of
 * native state, and one per target made the agent's resident memory grow with the number of
 * targets (200 targets, 50 MB), while only the scrape threads ever compress at the same time.
 * Compressing a pack allocates only the result. An instance is not thread-safe.
 */
public final class Gzip {
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private static final ThreadLocal<Deflater[]> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater[11]);
    private static final ThreadLocal<FastDeflate> FIXED_CODES = ThreadLocal.withInitial(() -> new FastDeflate(false));
    private static final ThreadLocal<FastDeflate> FITTED_CODES = ThreadLocal.withInitial(() -> new FastDeflate(true));

    /** {@link FastDeflate} with the fixed codes: the least CPU. */
    public static final int FASTEST_LEVEL = 1;
    /** {@link FastDeflate} with codes fitted per block: the agent's default (about zlib level 1's size). */
    public static final int FAST_LEVEL = 2;

    private final int level;
    private final CRC32 crc = new CRC32();
    private byte[] chunk = new byte[8192];

    public Gzip() {
        this(Deflater.DEFAULT_COMPRESSION);
    }

    public Gzip(int level) {
        if (level < -1 || level > 9) {
            throw new IllegalArgumentException("gzip level must be -1..9, got " + level);
        }
        this.level = level;
    }

    private Deflater deflater() {
        Deflater[] mine = DEFLATERS.get();
        Deflater d = mine[level + 1];
        if (d == null) {
            d = new Deflater(level, true);
            mine[level + 1] = d;
        }
        return d;
    }

    /** Appends gzip(src[off, off+len)) to {@code out}. */
    public void compress(byte[] src, int off, int len, WireOutput out) {
        compress(src, off, len, out, null);
    }

    /**
     * Appends gzip(src[off, off+len)) to {@code out}; at level 2, in the codes of {@code codebook}
     * when they suit the input (see {@link FastDeflate#deflate(byte[], int, int, WireOutput, FastDeflate.Codebook)}),
     * refitting them for the next input. Null: the encoder's own codebook.
     */
    public void compress(byte[] src, int off, int len, WireOutput out, FastDeflate.Codebook codebook) {
        out.writeRaw(HEADER);
        if (level == FASTEST_LEVEL || level == FAST_LEVEL) {
            // the fixed codes need no codebook and leave it as it is
            (level == FAST_LEVEL ? FITTED_CODES : FIXED_CODES).get().deflate(src, off, len, out, codebook);
        } else {
            Deflater deflater = deflater();
            deflater.reset();
            deflater.setInput(src, off, len);
            deflater.finish();
            while (!deflater.finished()) {
                int n = deflater.deflate(chunk);
                out.writeRaw(chunk, 0, n);
            }
        }
        crc.reset();
        crc.update(src, off, len);
        int c = (int) crc.getValue();
        out.writeRaw(new byte[] {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24),
                (byte) len, (byte) (len >>> 8), (byte) (len >>> 16), (byte) (len >>> 24)});
    }

    public byte[] compress(byte[] src) {
        WireOutput out = new WireOutput(src.length / 2 + 32);
        compress(src, 0, src.length, out);
        return out.toByteArray();
    }

    /** The first {@code n} bytes (fewer if it is shorter) a gzip member inflates to; the rest is not inflated. */
    public static byte[] decompressHead(byte[] gz, int n) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz), 64)) {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new WireFormatException("corrupt gzip body: " + e.getMessage(), e);
        }
    }

    /** Inflates a gzip member, refusing more than {@code maxBytes} of output (a zip bomb guard). */
    public static byte[] decompress(byte[] gz, int maxBytes) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz), 8192)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(gz.length * 4);
            byte[] b = new byte[8192];
            int n;
            while ((n = in.read(b)) > 0) {
                out.write(b, 0, n);
                if (out.size() > maxBytes) {
                    throw new WireFormatException("gzip body inflates beyond " + maxBytes + " bytes");
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new WireFormatException("corrupt gzip body: " + e.getMessage(), e);
        }
    }
}
