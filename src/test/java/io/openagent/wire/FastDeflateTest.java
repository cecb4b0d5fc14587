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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast encoder's output is checked by zlib's inflater: every input must come back byte for byte,
 * through fixed-code, fitted-code and stored blocks.
 */
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

    @ParameterizedTest(name = "fitted codes: {0}")
    @ValueSource(booleans = {true, false})
    void shortInputs(boolean fitted) {
        FastDeflate encoder = new FastDeflate(fitted);
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

    @ParameterizedTest(name = "fitted codes: {0}")
    @ValueSource(booleans = {true, false})
    void everyMatchLengthAndDistanceCode(boolean fitted) {
        // a random prefix, then a copy of `length` bytes from `distance` back: each pair is one match
        Random random = new Random(7);
        FastDeflate encoder = new FastDeflate(fitted);
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

    @ParameterizedTest(name = "fitted codes: {0}")
    @ValueSource(booleans = {true, false})
    void longRunsAndTheWindowEdge(boolean fitted) {
        FastDeflate encoder = new FastDeflate(fitted);
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
    void blocksGetTheirOwnCodes() {
        // 200 000 random lowercase letters: few repeats, ~4.7 bits of information per byte. Fixed codes
        // spend 8 bits on each; codes fitted to each block (13 blocks here) must do much better.
        Random random = new Random(5);
        byte[] letters = new byte[200_000];
        for (int i = 0; i < letters.length; i++) {
            letters[i] = (byte) ('a' + random.nextInt(26));
        }
        byte[] raw = roundTrip(new FastDeflate(true), letters);
        assertTrue(raw.length < letters.length * 0.65, "letters: " + raw.length);
        // a de Bruijn sequence over 16 letters: no four bytes ever repeat, so the block has no match and
        // no distance code at all, yet its literals still need fitted codes (4 bits each)
        byte[] deBruijn = deBruijn16x4();
        assertEquals(65_536, deBruijn.length);
        raw = roundTrip(new FastDeflate(true), Arrays.copyOf(deBruijn, 12_000));
        assertTrue(raw.length < 12_000 * 0.6, "de Bruijn: " + raw.length);
        // one symbol only: a block that is all one literal after the first match
        roundTrip(new FastDeflate(true), "aaaa".getBytes(StandardCharsets.US_ASCII));
        roundTrip(new FastDeflate(true), new byte[] {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7});
    }

    @Test
    void fittedCodesAreCompleteAndWithinTheirLengthLimit() {
        // complete (Kraft sum exactly 1) so that every inflater accepts them, also with 0 or 1 symbol used,
        // and no longer than the limit even when the frequencies are Fibonacci-skewed (depth 30 unlimited)
        Random random = new Random(9);
        for (int round = 0; round < 400; round++) {
            int symbols = round % 3 == 0 ? 19 : round % 3 == 1 ? 30 : 286;
            int limit = symbols == 19 ? 7 : 15;
            int[] freq = new int[symbols];
            int used = round < 30 ? round % 3 : 2 + random.nextInt(symbols - 1);
            for (int k = 0; k < used; k++) {
                freq[random.nextInt(symbols)] = 1 + random.nextInt(1000);
            }
            if (round % 5 == 4) {
                int a = 1;
                int b = 1;
                for (int k = 0; k < Math.min(symbols, 40); k++) {
                    freq[k] = a;
                    int c = a + b;
                    a = b;
                    b = Math.min(c, 1 << 24);
                }
            }
            FastDeflate.HuffmanCode code = new FastDeflate.HuffmanCode(symbols, limit);
            code.fit(freq);
            double kraft = 0;
            for (int s = 0; s < symbols; s++) {
                int len = code.length(s);
                assertTrue(len <= limit, "length " + len + " over the limit " + limit);
                assertTrue(freq[s] == 0 || len > 0, "a used symbol without a code");
                if (len > 0) {
                    kraft += Math.pow(2, -len);
                }
            }
            assertEquals(1.0, kraft, 1e-12, "round " + round + ": the code is not complete");
        }
    }

    /** The de Bruijn sequence B(16, 4) over the letters a..p (every 4-letter word exactly once, cyclically). */
    private static byte[] deBruijn16x4() {
        int k = 16;
        int n = 4;
        int[] a = new int[k * n];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        deBruijn(1, 1, k, n, a, out);
        return out.toByteArray();
    }

    private static void deBruijn(int t, int p, int k, int n, int[] a, ByteArrayOutputStream out) {
        if (t > n) {
            if (n % p == 0) {
                for (int j = 1; j <= p; j++) {
                    out.write('a' + a[j]);
                }
            }
            return;
        }
        a[t] = a[t - p];
        deBruijn(t + 1, p, k, n, a, out);
        for (int j = a[t - p] + 1; j < k; j++) {
            a[t] = j;
            deBruijn(t + 1, t, k, n, a, out);
        }
    }

    @ParameterizedTest(name = "fitted codes: {0}")
    @ValueSource(booleans = {true, false})
    void incompressibleInputIsStoredAndNeverMuchLarger(boolean fitted) {
        Random random = new Random(11);
        FastDeflate encoder = new FastDeflate(fitted);
        for (int n : new int[] {1, 100, 65_535, 65_536, 200_000}) {
            byte[] src = new byte[n];
            random.nextBytes(src);
            byte[] raw = roundTrip(encoder, src);
            int blocks = Math.max(1, (n + 65_534) / 65_535);
            assertTrue(raw.length <= n + 5 * blocks, n + " random bytes became " + raw.length);
        }
    }

    @ParameterizedTest(name = "fitted codes: {0}")
    @ValueSource(booleans = {true, false})
    void oneEncoderAcrossManyInputsOffsetsAndTheNumberingWrap(boolean fitted) throws IOException {
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
        for (FastDeflate encoder : new FastDeflate[] {new FastDeflate(fitted), new FastDeflate(fitted, (1 << 30) - 150_000)}) {
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
        byte[] fitted = roundTrip(new FastDeflate(true), src);
        byte[] fixed = roundTrip(new FastDeflate(false), src);
        byte[] zlib = zlibLevel1(src);
        assertTrue(fixed.length < src.length / 3, "record bodies must compress: " + src.length + " -> " + fixed.length);
        assertTrue(fitted.length <= zlib.length * 11 / 10, "fitted codes " + fitted.length + " vs zlib level 1 " + zlib.length);
        assertTrue(fixed.length <= zlib.length * 3 / 2, "fixed codes " + fixed.length + " vs zlib level 1 " + zlib.length);
        assertTrue(fitted.length < fixed.length, "fitted " + fitted.length + " vs fixed " + fixed.length);
    }

    /** The record bodies a node_exporter scrape becomes (gzip level 0 packs), concatenated. */
    private static byte[] nodeExporterRecords(long timestamp) throws IOException {
        byte[] exposition = Files.readAllBytes(SharedFiles.fixture("node_exporter.prom"));
        OpenMxConverter converter = new OpenMxConverter(new TargetLabels(Map.of("job", "node", "instance", "10.0.0.7:9100")),
                ConversionSettings.defaults().withGzipLevel(0), MetricFilter.ALL, "", 0);
        ConversionResult result = converter.convert(new ByteArrayInputStream(exposition), ExpositionFormat.PROMETHEUS_TEXT, timestamp);
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        for (PackBody p : result.packsInSendOrder()) {
            WireOutput w = new WireOutput();
            p.write(new PackHeader(1, 2, 3, 4, 5), w);
            records.write(w.buffer(), 0, w.size());
        }
        return records.toByteArray();
    }

    @Test
    void aLikeInputIsWrittenInOnePassWithTheEarlierCodesAndAnUnlikeOneGetsItsOwn() throws IOException {
        byte[] first = nodeExporterRecords(1_700_000_000_000L);
        byte[] next = nodeExporterRecords(1_700_000_001_000L);
        FastDeflate encoder = new FastDeflate(true);
        byte[] own = roundTrip(encoder, first);
        assertEquals(0, encoder.predictedInputs, "the first input has no earlier codes");
        byte[] again = roundTrip(encoder, next);
        assertEquals(1, encoder.predictedInputs);
        assertEquals(0, encoder.reencodedInputs, "the next scrape's records suit the codes of the first");
        byte[] fresh = roundTrip(new FastDeflate(true), next);
        assertTrue(again.length <= fresh.length + fresh.length / 100, "earlier codes " + again.length + " vs its own " + fresh.length);
        assertTrue(own.length > 0);

        // random lowercase letters are nothing like records: the earlier codes would cost far more
        Random random = new Random(3);
        byte[] letters = new byte[50_000];
        for (int i = 0; i < letters.length; i++) {
            letters[i] = (byte) ('a' + random.nextInt(26));
        }
        byte[] reencoded = roundTrip(encoder, letters);
        assertEquals(2, encoder.predictedInputs);
        assertEquals(1, encoder.reencodedInputs, "the letters are encoded again with their own codes");
        assertEquals(roundTrip(new FastDeflate(true), letters).length, reencoded.length, "as small as a fresh encoder's");
        // the letters' codes are now the earlier ones; the records do not suit them and get their own again
        roundTrip(encoder, next);
        assertEquals(2, encoder.reencodedInputs);
        // and the records' codes serve the records once more
        roundTrip(encoder, first);
        assertEquals(2, encoder.reencodedInputs);

        // random bytes after codes fitted to records: the one pass can write up to 15 bits a byte;
        // the output is stored instead, never more than 5 bytes per 64 KiB larger
        byte[] noise = new byte[200_000];
        random.nextBytes(noise);
        byte[] stored = roundTrip(encoder, noise);
        assertTrue(stored.length <= noise.length + 5 * 4, "random bytes became " + stored.length);
    }

    @Test
    void eachTargetKeepsItsOwnCodesSoOneEncoderServesUnlikeExportersInTurn() throws IOException {
        // node_exporter's and Prometheus' record bodies are unlike: one's codes cost the other more
        // than 1/32. With a codebook each, a thread's encoder writes both in one pass, turn by turn.
        byte[] node = nodeExporterRecords(1_700_000_000_000L);
        byte[] prometheus = Files.readAllBytes(SharedFiles.fixture("prometheus.prom"));
        FastDeflate encoder = new FastDeflate(true);
        roundTrip(encoder, node);
        roundTrip(encoder, prometheus);
        roundTrip(encoder, node);
        assertEquals(2, encoder.predictedInputs);
        assertEquals(2, encoder.reencodedInputs, "one shared codebook: each input is encoded twice");

        FastDeflate.Codebook nodeCodes = new FastDeflate.Codebook();
        FastDeflate.Codebook prometheusCodes = new FastDeflate.Codebook();
        FastDeflate shared = new FastDeflate(true);
        for (int round = 0; round < 3; round++) {
            for (boolean isNode : new boolean[] {true, false}) {
                byte[] src = isNode ? node : prometheus;
                WireOutput out = new WireOutput();
                shared.deflate(src, 0, src.length, out, isNode ? nodeCodes : prometheusCodes);
                assertArrayEquals(src, inflate(out.toByteArray(), src.length));
            }
        }
        assertEquals(4, shared.predictedInputs, "every input after each target's first");
        assertEquals(0, shared.reencodedInputs);
    }

    @Test
    void gzipLevelsOneAndTwoAreTheFastEncoderAndDecodeAsGzip() {
        byte[] src = "up{job=\"node\",instance=\"a:9100\"} 1\n".repeat(500).getBytes(StandardCharsets.UTF_8);
        byte[] fixed = new Gzip(Gzip.FASTEST_LEVEL).compress(src);
        byte[] fitted = new Gzip(Gzip.FAST_LEVEL).compress(src);
        byte[] zlib = new Gzip(3).compress(src);
        assertTrue(!Arrays.equals(fixed, fitted) && !Arrays.equals(fitted, zlib) && !Arrays.equals(fixed, zlib), "three different encoders");
        WireOutput raw = new WireOutput();
        new FastDeflate(true).deflate(src, 0, src.length, raw);
        assertArrayEquals(raw.toByteArray(), Arrays.copyOfRange(fitted, 10, fitted.length - 8), "level 2: the fitted codes inside a gzip member");
        for (int level = -1; level <= 9; level++) {
            assertArrayEquals(src, Gzip.decompress(new Gzip(level).compress(src), src.length), "level " + level);
        }
    }
}
