package io.openagent.exposition;

import java.util.Locale;

/** Metric family types of the Prometheus text format and OpenMetrics. */
public enum MetricType {
    COUNTER("counter"),
    GAUGE("gauge"),
    HISTOGRAM("histogram"),
    GAUGE_HISTOGRAM("gaugehistogram"),
    SUMMARY("summary"),
    INFO("info"),
    STATESET("stateset"),
    /** {@code untyped} in the Prometheus text format, {@code unknown} in OpenMetrics. */
    UNKNOWN("unknown");

    private final String openMetricsName;

    MetricType(String openMetricsName) {
        this.openMetricsName = openMetricsName;
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

    /** Whether a sample called {@code family + suffix} belongs to a family of this type. */
    boolean acceptsSuffix(String suffix, boolean openMetrics) {
        switch (this) {
            case COUNTER:
                return openMetrics ? suffix.equals("_total") || suffix.equals("_created")
                        : suffix.isEmpty() || suffix.equals("_total") || suffix.equals("_created");
            case HISTOGRAM:
                return suffix.equals("_bucket") || suffix.equals("_count") || suffix.equals("_sum") || suffix.equals("_created");
            case GAUGE_HISTOGRAM:
                return suffix.equals("_bucket") || suffix.equals("_gcount") || suffix.equals("_gsum");
            case SUMMARY:
                return suffix.isEmpty() || suffix.equals("_count") || suffix.equals("_sum") || suffix.equals("_created");
            case INFO:
                return openMetrics ? suffix.equals("_info") : suffix.isEmpty() || suffix.equals("_info");
            default:
                return suffix.isEmpty();
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
