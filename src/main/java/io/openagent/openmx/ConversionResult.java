package io.openagent.openmx;

import io.openagent.exposition.MetricFamily;
import io.openagent.wire.PackBody;
import java.util.List;

/**
 * What one scrape produced: help packs first (they must precede the metrics), then OpenMx and
 * native-histogram packs, and the counts Prometheus reports per scrape.
 *
 * @param families          the exposition's families: the converter's reader reuses them (and this
 *                          list) for the target's next scrape, so they hold until then
 * @param samplesScraped    samples in the exposition (before the filter)
 * @param samplesKept       records produced (after the filter, without dropped non-finite values)
 * @param droppedNonFinite  NaN and ±Inf values dropped (counted, never sent)
 * @param droppedFiltered   samples the metric filter removed
 * @param droppedByRelabel  samples metric_relabel_configs dropped
 * @param seriesAdded       series not present in the target's previous successful scrape
 * @param bodyBytes         bytes of the (decompressed) exposition
 */
public record ConversionResult(List<PackBody> helpPacks, List<PackBody> metricPacks, List<PackBody> histogramPacks,
                               List<MetricFamily> families, long samplesScraped, long samplesKept,
                               long droppedNonFinite, long droppedFiltered, long nativeHistograms, long droppedByRelabel,
                               long seriesAdded, long bodyBytes) {

    /** Every pack in the order it must be sent. */
    public List<PackBody> packsInSendOrder() {
        java.util.ArrayList<PackBody> all = new java.util.ArrayList<>(helpPacks.size() + metricPacks.size() + histogramPacks.size());
        all.addAll(helpPacks);
        all.addAll(metricPacks);
        all.addAll(histogramPacks);
        return all;
    }
}
