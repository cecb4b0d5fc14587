package io.openagent.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openagent.SharedFiles;
import io.openagent.exposition.ExpositionFormat;
import io.openagent.openmx.ConversionResult;
import io.openagent.openmx.ConversionSettings;
import io.openagent.openmx.MetricFilter;
import io.openagent.openmx.OpenMxConverter;
import io.openagent.openmx.TargetLabels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/** The fast encoder's output is checked by zlib's inflater: every input must come back byte for byte. */
class FastDeflateTest {

    private static byte[] inflate(byte[] raw, int expectedLength) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(raw);
            byte[] out = new byte[expectedLength + 1];
            int n = 0;
            while (!inflater.finished()) {
                int k = inflater.inflate(out, n, out.length - n);
                if (k == 0 && (inflater.needsInput() || inflater.needsDictionary() || n == out.length)) {
                    break;
                }
                n += k;
            }
            assertTrue(inflater.finished(), "the stream does not end with a final block");
            assertEquals(0, inflater.getRemaining(), "bytes after the final block");
            return Arrays.copyOf(out, n);
        } catch (DataFormatException e) {
            throw new AssertionError("zlib refused the stream: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    private static byte[] deflate(FastDeflate encoder, byte[] src, int off, int len) {
        WireOutput out = new WireOutput();
        encoder.deflate(src, off, len, out);
        return out.toByteArray();
    }

    private static byte[] roundTrip(FastDeflate encoder, byte[] src) {
        byte[] raw = deflate(encoder, src, 0, src.length);
        assertArrayEquals(src, inflate(raw, src.length));
        return raw;
    }

    private static byte[] zlibLevel1(byte[] src) {
        Deflater d = new Deflater(1, true);
        d.setInput(src);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        while (!d.finished()) {
            out.write(chunk, 0, d.deflate(chunk));
        }
        d.end();
        return out.toByteArray();
    }

    @Test
    void shortInputs() {
        FastDeflate encoder = new FastDeflate();
        Random random = new Random(1);
        for (int n = 0; n <= 40; n++) {
            byte[] repeating = new byte[n];
            byte[] noisy = new byte[n];
            for (int i = 0; i < n; i++) {
                repeating[i] = (byte) ("abcab".charAt(i % 5));
                noisy[i] = (byte) random.nextInt(256);
            }
            roundTrip(encoder, repeating);
            roundTrip(encoder, noisy);
        }
    }

    @Test
    void everyMatchLengthAndDistanceCode() {
        // a random prefix, then a copy of `length` bytes from `distance` back: each pair is one match
        Random random = new Random(7);
        FastDeflate encoder = new FastDeflate();
        int[] distances = {1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 16, 17, 24, 25, 32, 33, 48, 49, 64, 65, 96, 97, 128, 129, 192,
                193, 256, 257, 384, 385, 512, 513, 768, 769, 1024, 1025, 1536, 1537, 2048, 2049, 3072, 3073, 4096, 4097,
                6144, 6145, 8192, 8193, 12288, 12289, 16384, 16385, 24576, 24577, 32767, 32768};
        for (int distance : distances) {
            for (int length = 4; length <= 258; length += distance % 7 == 0 ? 1 : 37) {
                byte[] src = new byte[distance + length + 16];
                for (int i = 0; i < distance; i++) {
                    src[i] = (byte) random.nextInt(256);
                }
                for (int i = distance; i < distance + length; i++) {
                    src[i] = src[i - distance];
                }
                for (int i = distance + length; i < src.length; i++) {
                    src[i] = (byte) random.nextInt(256);
                }
                roundTrip(encoder, src);
            }
        }
        for (int length = 3; length <= 300; length++) {
            byte[] src = new byte[64 + length];
            for (int i = 0; i < 64; i++) {
                src[i] = (byte) random.nextInt(256);
            }
            System.arraycopy(src, 0, src, 64, Math.min(64, length));
            for (int i = 128; i < src.length; i++) {
                src[i] = src[i - 64];
            }
            roundTrip(encoder, src);
        }
    }

    @Test
    void longRunsAndTheWindowEdge() {
        FastDeflate encoder = new FastDeflate();
        byte[] zeros = new byte[300_000];
        byte[] raw = roundTrip(encoder, zeros);
        assertTrue(raw.length < zeros.length / 50, "a run of zeros must compress: " + raw.length);
        // the same 1 KiB block 32768 and 32769 bytes apart: one is in reach, the other is not
        Random random = new Random(3);
        for (int gap : new int[] {32768 - 1024, 32769 - 1024, 40_000}) {
            byte[] block = new byte[1024];
            random.nextBytes(block);
            byte[] src = new byte[1024 + gap + 1024];
            System.arraycopy(block, 0, src, 0, 1024);
            byte[] filler = new byte[gap];
            random.nextBytes(filler);
            System.arraycopy(filler, 0, src, 1024, gap);
            System.arraycopy(block, 0, src, 1024 + gap, 1024);
            roundTrip(encoder, src);
        }
    }

    @Test
    void incompressibleInputIsStoredAndNeverMuchLarger() {
        Random random = new Random(11);
        FastDeflate encoder = new FastDeflate();
        for (int n : new int[] {1, 100, 65_535, 65_536, 200_000}) {
            byte[] src = new byte[n];
            random.nextBytes(src);
            byte[] raw = roundTrip(encoder, src);
            int blocks = Math.max(1, (n + 65_534) / 65_535);
            assertTrue(raw.length <= n + 5 * blocks, n + " random bytes became " + raw.length);
        }
    }

    @Test
    void oneEncoderAcrossManyInputsOffsetsAndTheNumberingWrap() throws IOException {
        // earlier inputs stay in the hash table: they must never be taken as matches of a later one
        List<byte[]> bodies = new ArrayList<>();
        try (Stream<Path> files = Files.list(SharedFiles.root().resolve("fixtures/exposition"))) {
            files.sorted().forEach(p -> {
                try {
                    bodies.add(Files.readAllBytes(p));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
        }
        assertTrue(bodies.size() >= 6);
        for (FastDeflate encoder : new FastDeflate[] {new FastDeflate(), new FastDeflate((1 << 30) - 150_000)}) {
            for (int round = 0; round < 3; round++) {
                for (byte[] body : bodies) {
                    roundTrip(encoder, body);
                    int off = body.length / 3;
                    byte[] part = deflate(encoder, body, off, body.length - off);
                    assertArrayEquals(Arrays.copyOfRange(body, off, body.length), inflate(part, body.length - off));
                }
            }
        }
    }

    @Test
    void recordBodiesCompressAlmostAsWellAsZlib() throws IOException {
        // the packs a node_exporter scrape becomes, their bodies stored (gzip level 0) rather than compressed
        byte[] exposition = Files.readAllBytes(SharedFiles.fixture("node_exporter.prom"));
        OpenMxConverter converter = new OpenMxConverter(new TargetLabels(Map.of("job", "node", "instance", "10.0.0.7:9100")),
                ConversionSettings.defaults().withGzipLevel(0), MetricFilter.ALL, "", 0);
        ConversionResult result = converter.convert(new ByteArrayInputStream(exposition), ExpositionFormat.PROMETHEUS_TEXT, 1_700_000_000_000L);
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        for (PackBody p : result.packsInSendOrder()) {
            WireOutput w = new WireOutput();
            p.write(new PackHeader(1, 2, 3, 4, 5), w);
            records.write(w.buffer(), 0, w.size());
        }
        byte[] src = records.toByteArray();
        byte[] fast = roundTrip(new FastDeflate(), src);
        byte[] zlib = zlibLevel1(src);
        assertTrue(fast.length < src.length / 3, "record bodies must compress: " + src.length + " -> " + fast.length);
        assertTrue(fast.length <= zlib.length * 3 / 2, "fast " + fast.length + " vs zlib level 1 " + zlib.length);
    }

    @Test
    void gzipLevelOneIsTheFastEncoderAndDecodesAsGzip() {
        byte[] src = "up{job=\"node\",instance=\"a:9100\"} 1\n".repeat(500).getBytes(StandardCharsets.UTF_8);
        byte[] fast = new Gzip(Gzip.FAST_LEVEL).compress(src);
        byte[] zlib = new Gzip(2).compress(src);
        assertArrayEquals(src, Gzip.decompress(fast, src.length));
        assertArrayEquals(src, Gzip.decompress(zlib, src.length));
        assertTrue(!Arrays.equals(fast, zlib), "level 1 and level 2 are different encoders");
        for (int level = -1; level <= 9; level++) {
            assertArrayEquals(src, Gzip.decompress(new Gzip(level).compress(src), src.length), "level " + level);
        }
    }
}
