package io.openagent.exposition;

import io.openagent.wire.Pack;
import java.util.List;
import java.util.Map;

/**
 * A Prometheus native histogram from a protobuf exposition. Integer histograms keep their bucket
 * counts delta-encoded as exposed; float histograms carry absolute counts in {@code *Counts}.
 */
public record NativeHistogram(MetricFamily family, String name, Map<String, String> labels, boolean hasTimestamp,
                              long timestampMs, int schema, double zeroThreshold, double zeroCount, double count,
                              double sum, List<Pack.Span> positiveSpans, long[] positiveDeltas, double[] positiveCounts,
                              List<Pack.Span> negativeSpans, long[] negativeDeltas, double[] negativeCounts) {

    /** Whether counts are floats (absolute bucket counts) rather than integers (deltas). */
    public boolean isFloat() {
        return positiveCounts.length > 0 || negativeCounts.length > 0;
    }
}
