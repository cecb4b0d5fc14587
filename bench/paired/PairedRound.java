import io.openagent.bench.Bodies;
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
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;

/**
 * One round of the hot path for {@link Paired}: loaded once per build, each in its own class
 * loader, so its static state (reader, converters) belongs to that build. Returns thread CPU
 * nanoseconds per sample.
 */
public final class PairedRound {
    private static final long PARK_NS = Long.getLong("park", 0L);
    private static byte[] body;
    private static ExpositionReader reader;
    private static OpenMxConverter[] converters;
    private static final WireOutput WIRE = new WireOutput(1 << 20);
    private static final PackHeader HEADER = new PackHeader(1845, 478030654, 1529382535, 334634079, 1700000000000L);
    private static long samplesPerBody;
    private static int bodiesPerRound;
    private static int next;
    public static long sink;

    private PairedRound() {
    }

    /** @param mode parse, pce (parse + convert + encode, one target) or pce200 (200 targets' converters in turn) */
    public static double round(String mode, String bodyName) throws Exception {
        if (body == null) {
            body = bodyName.equals("node") ? Bodies.nodeExporter() : Bodies.synthetic();
            reader = new ExpositionReader();
            converters = new OpenMxConverter[mode.equals("pce200") ? 200 : 1];
            for (int i = 0; i < converters.length; i++) {
                converters[i] = new OpenMxConverter(new TargetLabels(Map.of("job", "node", "instance", "10.0.0." + i + ":9100")),
                        ConversionSettings.defaults(), MetricFilter.ALL, "", 0);
            }
            samplesPerBody = reader.read(new ByteArrayInputStream(body), ExpositionFormat.PROMETHEUS_TEXT, s -> { }).samples();
            bodiesPerRound = (int) Math.max(1, Long.getLong("samples", 1_000_000L) / samplesPerBody);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long t0 = mx.getCurrentThreadCpuTime(); // a parked thread uses none: pauses do not count
        for (int i = 0; i < bodiesPerRound; i++) {
            if (mode.equals("parse")) {
                sink += reader.read(new ByteArrayInputStream(body), ExpositionFormat.PROMETHEUS_TEXT, s -> { }).samples();
            } else {
                OpenMxConverter c = converters[next];
                next = next + 1 == converters.length ? 0 : next + 1;
                ConversionResult r = c.convert(new ByteArrayInputStream(body), ExpositionFormat.PROMETHEUS_TEXT, 1700000000000L);
                for (PackBody p : r.packsInSendOrder()) {
                    WIRE.reset();
                    p.write(HEADER, WIRE);
                    sink += WIRE.size();
                }
                if (PARK_NS > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(PARK_NS); // the agent's idle gap between scrapes
                }
            }
        }
        return (mx.getCurrentThreadCpuTime() - t0) / (double) (bodiesPerRound * samplesPerBody);
    }
}
