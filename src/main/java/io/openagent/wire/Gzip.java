package io.openagent.wire;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

/**
 * RFC 1952 gzip of pack bodies. One instance reuses its {@link Deflater} and buffers, so compressing
 * a pack on the hot path allocates only the result. Not thread-safe.
 */
public final class Gzip {
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private byte[] chunk = new byte[8192];

    public Gzip() {
        this(Deflater.DEFAULT_COMPRESSION);
    }

    public Gzip(int level) {
        deflater = new Deflater(level, true);
    }

    /** Appends gzip(src[off, off+len)) to {@code out}. */
    public void compress(byte[] src, int off, int len, WireOutput out) {
        out.writeRaw(HEADER);
        deflater.reset();
        deflater.setInput(src, off, len);
        deflater.finish();
        while (!deflater.finished()) {
            int n = deflater.deflate(chunk);
            out.writeRaw(chunk, 0, n);
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
