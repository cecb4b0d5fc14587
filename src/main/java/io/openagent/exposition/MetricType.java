package io.openagent.exposition;

import java.util.Locale;

/** Metric family types of the Prometheus text format and OpenMetrics. */
public enum MetricType {
    // The sample name suffixes each type accepts, as bits of the suffix numbers below: in the text format, in OpenMetrics.
    COUNTER("counter", 1 | 1 << 1 | 1 << 2, 1 << 1 | 1 << 2),
    GAUGE("gauge", 1, 1),
    HISTOGRAM("histogram", 1 << 3 | 1 << 4 | 1 << 5 | 1 << 2, 1 << 3 | 1 << 4 | 1 << 5 | 1 << 2),
    GAUGE_HISTOGRAM("gaugehistogram", 1 << 3 | 1 << 6 | 1 << 7, 1 << 3 | 1 << 6 | 1 << 7),
    SUMMARY("summary", 1 | 1 << 4 | 1 << 5 | 1 << 2, 1 | 1 << 4 | 1 << 5 | 1 << 2),
    INFO("info", 1 | 1 << 8, 1 << 8),
    STATESET("stateset", 1, 1),
    /** {@code untyped} in the Prometheus text format, {@code unknown} in OpenMetrics. */
    UNKNOWN("unknown", 1, 1);

    /** Suffix numbers: none, {@code _total}, {@code _created}, {@code _bucket}, {@code _count}, {@code _sum}, {@code _gcount}, {@code _gsum}, {@code _info}. */
    static final int NO_SUFFIX = 0, TOTAL = 1, CREATED = 2, BUCKET = 3, COUNT = 4, SUM = 5, GCOUNT = 6, GSUM = 7, INFO_SUFFIX = 8;

    private final String openMetricsName;
    private final int textSuffixes;
    private final int openMetricsSuffixes;

    MetricType(String openMetricsName, int textSuffixes, int openMetricsSuffixes) {
        this.openMetricsName = openMetricsName;
        this.textSuffixes = textSuffixes;
        this.openMetricsSuffixes = openMetricsSuffixes;
    }

    /** The name as OpenMetrics writes it ({@code unknown} for untyped). */
    public String openMetricsName() {
        return openMetricsName;
    }

    /** The name as the Prometheus text format writes it ({@code untyped} for unknown). */
    public String textName() {
        return this == UNKNOWN ? "untyped" : openMetricsName;
    }

    /** As {@link #parse(String, boolean)}, from the bytes of a line: no String per TYPE line. */
    static MetricType parse(byte[] b, int from, int to, boolean openMetrics) {
        for (MetricType t : values()) {
            boolean inFormat = openMetrics || t != INFO && t != STATESET && t != GAUGE_HISTOGRAM;
            if (inFormat && TextParser.sameAscii(b, from, to - from, openMetrics ? t.openMetricsName : t.textName())) {
                return t;
            }
        }
        return null;
    }

    /** Parses a TYPE token; null when the format does not know it. Types are case-sensitive. */
    public static MetricType parse(String token, boolean openMetrics) {
        if (openMetrics) {
            for (MetricType t : values()) {
                if (t.openMetricsName.equals(token)) {
                    return t;
                }
            }
            return null;
        }
        switch (token) {
            case "counter": return COUNTER;
            case "gauge": return GAUGE;
            case "histogram": return HISTOGRAM;
            case "summary": return SUMMARY;
            case "untyped": return UNKNOWN;
            default: return null;
        }
    }

    /** Whether a sample called {@code family + suffix} belongs to a family of this type ({@code suffix}: a number from {@link #suffix}). */
    boolean acceptsSuffix(int suffix, boolean openMetrics) {
        return suffix >= 0 && ((openMetrics ? openMetricsSuffixes : textSuffixes) >>> suffix & 1) != 0;
    }

    /** The number of the known suffix {@code b[off, off+len)} is ({@link #NO_SUFFIX} when empty), or -1 for any other text. */
    static int suffix(byte[] b, int off, int len) {
        if (len == 0) {
            return NO_SUFFIX;
        }
        if (b[off] != '_') {
            return -1;
        }
        switch (len) {
            case 4:
                return TextParser.sameAscii(b, off, len, "_sum") ? SUM : -1;
            case 5:
                return TextParser.sameAscii(b, off, len, "_gsum") ? GSUM : TextParser.sameAscii(b, off, len, "_info") ? INFO_SUFFIX : -1;
            case 6:
                return TextParser.sameAscii(b, off, len, "_total") ? TOTAL : TextParser.sameAscii(b, off, len, "_count") ? COUNT : -1;
            case 7:
                return TextParser.sameAscii(b, off, len, "_bucket") ? BUCKET : TextParser.sameAscii(b, off, len, "_gcount") ? GCOUNT : -1;
            case 8:
                return TextParser.sameAscii(b, off, len, "_created") ? CREATED : -1;
            default:
                return -1;
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
