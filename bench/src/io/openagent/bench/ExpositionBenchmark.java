package io.openagent.bench;

import io.openagent.exposition.ExpositionFormat;
import io.openagent.exposition.ExpositionReader;
import io.openagent.openmx.ConversionResult;
import io.openagent.openmx.ConversionSettings;
import io.openagent.openmx.MetricFilter;
import io.openagent.openmx.OpenMxConverter;
import io.openagent.openmx.TargetLabels;
import io.openagent.wire.PackBody;
import io.openagent.wire.PackHeader;
import io.openagent.wire.WireOutput;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of the scrape hot path, reported per sample: each operation is one whole body, and
 * the score is divided by its sample count (see {@code bench/run-jmh.sh}, which prints samples/s
 * and bytes allocated per sample from {@code -prof gc}).
 *
 * <ul>
 *   <li>{@code lineScan} — baseline floor: only finds the line feeds of the body.</li>
 *   <li>{@code naiveSplit} — baseline: the upstream agent's approach (String lines split on
 *       {@code ,} and {@code }}, Double.parseDouble), which is also wrong on quoted separators.</li>
 *   <li>{@code parse} — our streaming parser, samples delivered to a no-op handler.</li>
 *   <li>{@code parseConvertEncode} — parse, merge target labels, write OpenMx records, gzip the
 *       packs and stamp headers: the bytes that go on the wire.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class ExpositionBenchmark {
    @Param({"node_exporter", "synthetic_100k"})
    public String body;

    /** gzip_level of the packs: 2 is the agent's default (fitted codes), 1 fixed codes, 3-9 zlib. */
    @Param({"2"})
    public int gzipLevel;

    private byte[] bytes;
    private ExpositionReader reader;
    private OpenMxConverter converter;
    /** One converter per target, as the agent has: their per-target state competes for the caches. */
    private OpenMxConverter[] targets;
    private int next;
    private final WireOutput wire = new WireOutput(1 << 20);
    private final PackHeader header = new PackHeader(1845, 478030654, 1529382535, 334634079, 1700000000000L);

    @Setup(Level.Trial)
    public void setup() throws IOException {
        bytes = body.equals("node_exporter") ? Bodies.nodeExporter() : Bodies.synthetic();
        reader = new ExpositionReader();
        converter = new OpenMxConverter(new TargetLabels(Map.of("job", "node", "instance", "10.0.0.7:9100")),
                ConversionSettings.defaults().withGzipLevel(gzipLevel), MetricFilter.ALL, "", 0);
        targets = new OpenMxConverter[body.equals("node_exporter") ? 200 : 2];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = new OpenMxConverter(new TargetLabels(Map.of("job", "node", "instance", "10.0.0." + i + ":9100")),
                    ConversionSettings.defaults().withGzipLevel(gzipLevel), MetricFilter.ALL, "", 0);
        }
    }

    @Benchmark
    public int lineScan() {
        int lines = 0;
        byte[] b = bytes;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                lines++;
            }
        }
        return lines;
    }

    @Benchmark
    public void naiveSplit(Blackhole bh) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int close = line.lastIndexOf('}');
            String rest = close >= 0 ? line.substring(close + 1).trim() : line.substring(line.indexOf(' ') + 1).trim();
            if (brace >= 0) {
                for (String pair : line.substring(brace + 1, close).split(",")) {
                    String[] kv = pair.split("=", 2);
                    bh.consume(kv[0]);
                    bh.consume(kv.length > 1 ? kv[1].replace("\"", "") : "");
                }
            }
            bh.consume(Double.parseDouble(rest.split(" ")[0]));
        }
    }

    @Benchmark
    public long parse() throws IOException {
        return reader.read(new ByteArrayInputStream(bytes), ExpositionFormat.PROMETHEUS_TEXT, s -> { }).samples();
    }

    /** As parseConvertEncode, but each call scrapes the next of 200 targets (node_exporter; 2 for the big body). */
    @Benchmark
    public int parseConvertEncodeManyTargets() throws IOException {
        OpenMxConverter c = targets[next];
        next = next + 1 == targets.length ? 0 : next + 1;
        ConversionResult r = c.convert(new ByteArrayInputStream(bytes), ExpositionFormat.PROMETHEUS_TEXT, 1700000000000L);
        return encode(r);
    }

    @Benchmark
    public int parseConvertEncode() throws IOException {
        // Steady state: help records go out on a target's first scrape and on changes, not on every scrape.
        ConversionResult r = converter.convert(new ByteArrayInputStream(bytes), ExpositionFormat.PROMETHEUS_TEXT, 1700000000000L);
        return encode(r);
    }

    /** The pack bytes as they go on the wire (headers stamped), reusing one buffer. */
    private int encode(ConversionResult r) {
        int size = 0;
        for (PackBody p : r.packsInSendOrder()) {
            wire.reset();
            p.write(header, wire);
            size += wire.size();
        }
        return size;
    }
}
