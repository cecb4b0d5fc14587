package io.openagent.openmx;

import java.time.Duration;

/**
 * How a target's samples become OpenMx records (Prometheus scrape semantics; 0 = unlimited).
 *
 * @param recordsPerPack records per OpenMx pack (the reference sender chunks by 1000)
 */
public record ConversionSettings(boolean honorLabels, boolean honorTimestamps, int sampleLimit, int labelLimit,
                                 int labelNameLengthLimit, int labelValueLengthLimit, int recordsPerPack,
                                 Duration helpResendInterval) {
    public static final int DEFAULT_RECORDS_PER_PACK = 1000;

    public static ConversionSettings defaults() {
        return new ConversionSettings(false, true, 0, 0, 0, 0, DEFAULT_RECORDS_PER_PACK, HelpTracker.DEFAULT_RESEND_INTERVAL);
    }

    public ConversionSettings withHonorLabels(boolean v) {
        return new ConversionSettings(v, honorTimestamps, sampleLimit, labelLimit, labelNameLengthLimit, labelValueLengthLimit,
                recordsPerPack, helpResendInterval);
    }

    public ConversionSettings withHonorTimestamps(boolean v) {
        return new ConversionSettings(honorLabels, v, sampleLimit, labelLimit, labelNameLengthLimit, labelValueLengthLimit,
                recordsPerPack, helpResendInterval);
    }

    public ConversionSettings withLimits(int samples, int labels, int nameLength, int valueLength) {
        return new ConversionSettings(honorLabels, honorTimestamps, samples, labels, nameLength, valueLength, recordsPerPack,
                helpResendInterval);
    }

    public ConversionSettings withRecordsPerPack(int n) {
        return new ConversionSettings(honorLabels, honorTimestamps, sampleLimit, labelLimit, labelNameLengthLimit,
                labelValueLengthLimit, n, helpResendInterval);
    }
}
