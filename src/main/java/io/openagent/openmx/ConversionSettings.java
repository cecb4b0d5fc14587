package io.openagent.openmx;

import java.time.Duration;

/**
 * How a target's samples become OpenMx records (Prometheus scrape semantics; 0 = unlimited).
 *
 * @param recordsPerPack records per OpenMx pack (the reference sender chunks by 1000)
 */
public record ConversionSettings(boolean honorLabels, boolean honorTimestamps, int sampleLimit, int labelLimit,
                                 int labelNameLengthLimit, int labelValueLengthLimit, int recordsPerPack,
                                 Duration helpResendInterval, java.util.List<io.openagent.discovery.RelabelConfig> metricRelabelConfigs,
                                 int gzipLevel) {
    /** Gzip level of pack bodies: the agent's own encoder with fitted codes (about zlib level 1's size, less CPU). */
    public static final int DEFAULT_GZIP_LEVEL = io.openagent.wire.Gzip.FAST_LEVEL;

    public ConversionSettings {
        metricRelabelConfigs = metricRelabelConfigs == null ? java.util.List.of() : java.util.List.copyOf(metricRelabelConfigs);
    }

    public ConversionSettings(boolean honorLabels, boolean honorTimestamps, int sampleLimit, int labelLimit, int labelNameLengthLimit,
                              int labelValueLengthLimit, int recordsPerPack, Duration helpResendInterval) {
        this(honorLabels, honorTimestamps, sampleLimit, labelLimit, labelNameLengthLimit, labelValueLengthLimit, recordsPerPack,
                helpResendInterval, java.util.List.of(), DEFAULT_GZIP_LEVEL);
    }

    public ConversionSettings withMetricRelabelConfigs(java.util.List<io.openagent.discovery.RelabelConfig> rules) {
        return new ConversionSettings(honorLabels, honorTimestamps, sampleLimit, labelLimit, labelNameLengthLimit,
                labelValueLengthLimit, recordsPerPack, helpResendInterval, rules, gzipLevel);
    }

    public ConversionSettings withGzipLevel(int level) {
        return new ConversionSettings(honorLabels, honorTimestamps, sampleLimit, labelLimit, labelNameLengthLimit,
                labelValueLengthLimit, recordsPerPack, helpResendInterval, metricRelabelConfigs, level);
    }

    public ConversionSettings withHelpResendInterval(Duration d) {
        return new ConversionSettings(honorLabels, honorTimestamps, sampleLimit, labelLimit, labelNameLengthLimit,
                labelValueLengthLimit, recordsPerPack, d, metricRelabelConfigs, gzipLevel);
    }

    public static final int DEFAULT_RECORDS_PER_PACK = 1000;

    public static ConversionSettings defaults() {
        return new ConversionSettings(false, true, 0, 0, 0, 0, DEFAULT_RECORDS_PER_PACK, HelpTracker.DEFAULT_RESEND_INTERVAL,
                java.util.List.of(), DEFAULT_GZIP_LEVEL);
    }

    public ConversionSettings withHonorLabels(boolean v) {
        return new ConversionSettings(v, honorTimestamps, sampleLimit, labelLimit, labelNameLengthLimit, labelValueLengthLimit,
                recordsPerPack, helpResendInterval, metricRelabelConfigs, gzipLevel);
    }

    public ConversionSettings withHonorTimestamps(boolean v) {
        return new ConversionSettings(honorLabels, v, sampleLimit, labelLimit, labelNameLengthLimit, labelValueLengthLimit,
                recordsPerPack, helpResendInterval, metricRelabelConfigs, gzipLevel);
    }

    public ConversionSettings withLimits(int samples, int labels, int nameLength, int valueLength) {
        return new ConversionSettings(honorLabels, honorTimestamps, samples, labels, nameLength, valueLength, recordsPerPack,
                helpResendInterval, metricRelabelConfigs, gzipLevel);
    }

    public ConversionSettings withRecordsPerPack(int n) {
        return new ConversionSettings(honorLabels, honorTimestamps, sampleLimit, labelLimit, labelNameLengthLimit,
                labelValueLengthLimit, n, helpResendInterval, metricRelabelConfigs, gzipLevel);
    }
}
