package io.openagent.exposition;

import java.util.List;
import java.util.Locale;

/** The exposition formats and their HTTP content negotiation. */
public enum ExpositionFormat {
    /** OpenMetrics 1.0 text. */
    OPENMETRICS("application/openmetrics-text;version=1.0.0"),
    /** Prometheus text format 0.0.4. */
    PROMETHEUS_TEXT("text/plain;version=0.0.4"),
    /** Prometheus protobuf: length-delimited {@code io.prometheus.client.MetricFamily} messages. */
    PROTOBUF("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited");

    /** The default order when native histograms are not asked for, as Prometheus scrapes. */
    public static final List<ExpositionFormat> DEFAULT_ORDER = List.of(OPENMETRICS, PROMETHEUS_TEXT);
    /** With native histograms the protobuf format comes first (the only one that carries them). */
    public static final List<ExpositionFormat> NATIVE_HISTOGRAM_ORDER = List.of(PROTOBUF, OPENMETRICS, PROMETHEUS_TEXT);

    private final String mediaRange;

    ExpositionFormat(String mediaRange) {
        this.mediaRange = mediaRange;
    }

    public String mediaRange() {
        return mediaRange;
    }

    /**
     * The Accept header for a preference list: each format with a decreasing q weight, then any
     * other type at the lowest weight so that an exporter answers with whatever it has.
     */
    public static String acceptHeader(List<ExpositionFormat> preferred) {
        List<String> ranges = new java.util.ArrayList<>();
        for (ExpositionFormat f : preferred) {
            ranges.add(f.mediaRange);
            if (f == OPENMETRICS) {
                ranges.add("application/openmetrics-text;version=0.0.1"); // older OpenMetrics exporters
            }
        }
        StringBuilder sb = new StringBuilder();
        int n = Math.min(ranges.size(), 8);
        for (int i = 0; i < n; i++) {
            sb.append(ranges.get(i)).append(";q=0.").append(n + 1 - i).append(',');
        }
        return sb.append("*/*;q=0.1").toString();
    }

    /**
     * The format of a response by its Content-Type; {@code fallback} when the header is missing or
     * names nothing we parse (an exporter that answers {@code text/html} is treated like Prometheus'
     * {@code fallback_scrape_protocol}).
     */
    public static ExpositionFormat fromContentType(String contentType, ExpositionFormat fallback) {
        if (contentType == null) {
            return fallback;
        }
        String ct = contentType.toLowerCase(Locale.ROOT);
        String media = ct.split(";", 2)[0].trim();
        switch (media) {
            case "application/openmetrics-text":
                return OPENMETRICS;
            case "text/plain":
                return PROMETHEUS_TEXT;
            case "application/vnd.google.protobuf":
                return ct.contains("encoding=delimited") && ct.contains("io.prometheus.client.metricfamily") ? PROTOBUF : fallback;
            default:
                return fallback;
        }
    }
}
