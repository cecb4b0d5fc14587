package io.openagent.openmx;

import io.openagent.exposition.ExpositionException;
import io.openagent.exposition.ExpositionFormat;
import io.openagent.exposition.ExpositionHandler;
import io.openagent.exposition.ExpositionReader;
import io.openagent.exposition.MetricFamily;
import io.openagent.exposition.NativeHistogram;
import io.openagent.exposition.Sample;
import io.openagent.wire.FastDeflate;
import io.openagent.wire.Pack;
import io.openagent.wire.PackBody;
import io.openagent.wire.PackCodec;
import io.openagent.wire.RecordBodyWriter;
import io.openagent.wire.Value;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one target's exposition into OpenMx packs, streaming: each sample is written straight into
 * the pack body as it is parsed, with the target's labels merged by Prometheus {@code honor_labels}
 * rules (a conflicting scraped label becomes {@code exported_<name>} unless honor_labels), so no
 * record ever carries a duplicate key. NaN and ±Inf values are dropped and counted. One instance
 * per target: it keeps the target's help-resend state and filter cache between scrapes, and is
 * not used by two scrapes at once.
 */
public final class OpenMxConverter {
    private static final byte[] EXPORTED = "exported_".getBytes(StandardCharsets.US_ASCII);

    private final TargetLabels target;
    private final ConversionSettings settings;
    private final MetricFilter filter;
    private final HelpTracker helpTracker;
    private final String endpoint;
    /** The scrape thread's writer while {@link #convert} runs (see {@link #THREAD_WRITERS}), else null. */
    private RecordBodyWriter writer;
    /**
     * Pack writers belong to scrape threads, one per gzip level, not to targets: a target needs its
     * 64 KB + 32 KB of buffers only while it converts, and idle ones cost memory and cache.
     */
    private static final ThreadLocal<RecordBodyWriter[]> THREAD_WRITERS = ThreadLocal.withInitial(() -> new RecordBodyWriter[11]);
    /** This target's compression codes (gzip level 2): its packs resemble its previous ones, not other exporters'. */
    private final FastDeflate.Codebook codebook = new FastDeflate.Codebook();
    private final SeriesMemory series = new SeriesMemory();
    /** The records' heads by lead: a series written before under the same stamp is written again as one copy. */
    private final RecordHeads heads = new RecordHeads();
    private final ExpositionReader reader;
    private byte[] renamed = new byte[128];
    private int[] outputSlot = new int[16];

    public OpenMxConverter(TargetLabels target, ConversionSettings settings, MetricFilter filter, String endpoint,
                           long bodySizeLimit) {
        this.target = target;
        this.settings = settings;
        this.filter = filter.copy();
        this.helpTracker = new HelpTracker(settings.helpResendInterval());
        this.endpoint = endpoint == null ? "" : endpoint;
        this.reader = new ExpositionReader(64 * 1024, bodySizeLimit, ExpositionReader.DEFAULT_MAX_LINE);
    }

    public TargetLabels target() {
        return target;
    }

    /** Forgets which help records were sent (after a reconnect the collector may have lost them). */
    public void resendHelp() {
        helpTracker.reset();
    }

    /**
     * Parses and converts a whole body. Any parse error or broken limit fails the scrape as a whole:
     * the exception propagates and nothing is returned, so no partial data is ever sent.
     */
    public ConversionResult convert(InputStream body, ExpositionFormat format, long scrapeTimeMs) throws IOException {
        return convert(body, format, scrapeTimeMs, null);
    }

    /**
     * Records written after a scrape's samples, into its last pack (a pack of their own when that
     * one is full): the agent's per-scrape series ({@code up}, {@code scrape_duration_seconds}, …),
     * which would otherwise cost a second pack per scrape.
     */
    public interface Trailer {
        /** How many records {@link #write} writes. */
        int records();

        void write(RecordBodyWriter w, long samplesScraped, long samplesKept, long seriesAdded);
    }

    /** As {@link #convert(InputStream, ExpositionFormat, long)}, with {@code trailer} (may be null) after the samples. */
    public ConversionResult convert(InputStream body, ExpositionFormat format, long scrapeTimeMs, Trailer trailer) throws IOException {
        RecordBodyWriter[] writers = THREAD_WRITERS.get();
        int level = settings.gzipLevel() + 1;
        writer = writers[level] != null ? writers[level] : new RecordBodyWriter(new io.openagent.wire.Gzip(settings.gzipLevel()));
        writers[level] = null; // a conversion inside a conversion (none today) gets a writer of its own
        Run run = new Run(scrapeTimeMs, trailer);
        writer.reset().codebook(codebook);
        try {
            ExpositionReader.Result r = reader.read(body, format, run);
            return run.finish(r.families(), r.samples(), scrapeTimeMs, r.bytes());
        } finally {
            writer.reset().codebook(null);
            writers[level] = writer;
            writer = null;
            series.discard(); // a no-op after finish() committed; a failed scrape's series are forgotten
        }
    }

    /** The per-scrape state; the sample callback is the hot path. */
    private final class Run implements ExpositionHandler {
        final long scrapeTime;
        final List<PackBody> metricPacks = new ArrayList<>();
        final List<Pack.HistogramRecord> histograms = new ArrayList<>();
        long kept;
        long nonFinite;
        long filtered;
        long droppedByRelabel;
        long seriesAdded;
        /** Sample lines with a lead up to the last one seen: how many leads the body has. */
        int leads;
        final Trailer trailer;

        Run(long scrapeTime, Trailer trailer) {
            this.scrapeTime = scrapeTime;
            this.trailer = trailer;
        }

        @Override
        public void sample(Sample s) throws ExpositionException {
            int lead = s.lead();
            leads = Math.max(leads, lead + 1);
            byte[] b = s.bytes();
            if (!filter.acceptsAll() && !filter.accepts(b, s.nameOffset(), s.nameLength())) {
                filtered++;
                return;
            }
            double v = s.value();
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                nonFinite++;
                return;
            }
            if (settings.sampleLimit() > 0 && kept >= settings.sampleLimit()) {
                throw new ScrapeLimitException(s.line(), "sample_limit of " + settings.sampleLimit() + " exceeded");
            }
            if (!settings.metricRelabelConfigs().isEmpty()) {
                relabeledSample(s, v);
                return;
            }
            long ts = settings.honorTimestamps() && s.hasTimestamp() ? s.timestampMs() : scrapeTime;
            if (lead >= 0 && heads.has(lead, s.leadStamp())) {
                writer.recordHead(heads.bytes(), heads.offset(lead), heads.length(lead));
                if (!headsHoldTargetLabels()) {
                    writeTargetLabels(s);
                }
                writer.endSample(ts, v);
                kept(heads.hash(lead));
                return;
            }
            int n = countLabels(s);
            if (n > Pack.MAX_LABELS || (settings.labelLimit() > 0 && n > settings.labelLimit())) {
                int limit = settings.labelLimit() > 0 ? Math.min(settings.labelLimit(), Pack.MAX_LABELS) : Pack.MAX_LABELS;
                throw new ScrapeLimitException(s.line(), s.name() + " has " + n + " labels, more than the limit of " + limit);
            }
            int head = writer.size();
            writer.beginRecord(b, s.nameOffset(), s.nameLength()).labels(n);
            writeScrapedLabels(s);
            int headEnd = writer.size();
            writeTargetLabels(s);
            if (headsHoldTargetLabels()) {
                headEnd = writer.size();
            }
            long hash = seriesHash(s);
            if (lead >= 0) {
                heads.put(lead, s.leadStamp(), writer.body().buffer(), head, headEnd - head, hash);
            }
            writer.endSample(ts, v);
            kept(hash);
        }

        private void kept(long seriesHash) {
            if (!series.record(seriesHash)) {
                seriesAdded++;
            }
            kept++;
            rollPack();
        }

        private void rollPack() {
            if (writer.count() >= settings.recordsPerPack()) {
                metricPacks.add(writer.seal(Pack.OPENMX, endpoint));
                writer.reset();
            }
        }

        /** metric_relabel_configs: the merged labels plus __name__ go through the rules; allocates, so only when configured. */
        private void relabeledSample(Sample s, double v) throws ScrapeLimitException {
            Map<String, String> scraped = new LinkedHashMap<>();
            for (int i = 0; i < s.labelCount(); i++) {
                checkLengths(s, i);
                scraped.put(s.labelName(i), s.labelValue(i));
            }
            Map<String, String> merged = mergeLabels(scraped);
            merged.put("__name__", s.name());
            Map<String, String> out = io.openagent.discovery.Relabeler.process(merged, settings.metricRelabelConfigs());
            if (out == null || out.getOrDefault("__name__", "").isEmpty()) {
                droppedByRelabel++;
                return;
            }
            String name = out.remove("__name__");
            int n = out.size();
            if (n > Pack.MAX_LABELS || (settings.labelLimit() > 0 && n > settings.labelLimit())) {
                throw new ScrapeLimitException(s.line(), name + " has " + n + " labels after metric relabeling, more than the limit");
            }
            writer.beginRecord(name).labels(n);
            out.forEach(writer::label);
            writer.endSample(settings.honorTimestamps() && s.hasTimestamp() ? s.timestampMs() : scrapeTime, v);
            long h = (name + out).hashCode() * 0x9E3779B97F4A7C15L;
            if (!series.record(h)) {
                seriesAdded++;
            }
            kept++;
            rollPack();
        }

        @Override
        public void nativeHistogram(NativeHistogram h) throws ExpositionException {
            byte[] nb = h.name().getBytes(StandardCharsets.UTF_8);
            if (!filter.acceptsAll() && !filter.accepts(nb, 0, nb.length)) {
                filtered++;
                return;
            }
            if (h.isFloat()) {
                // OpenMxHistogram carries integer (delta) buckets; float histograms have no faithful encoding.
                nonFinite++;
                return;
            }
            Map<String, String> labels = mergeLabels(h.labels());
            if (labels.size() > Pack.MAX_LABELS) {
                throw new ScrapeLimitException(0, h.name() + " has " + labels.size() + " labels");
            }
            histograms.add(new Pack.HistogramRecord(h.name(), labels,
                    settings.honorTimestamps() && h.hasTimestamp() ? h.timestampMs() : scrapeTime, h.schema(),
                    h.zeroThreshold(), (long) h.zeroCount(), (long) h.count(), h.sum(), h.positiveSpans(),
                    h.positiveDeltas(), h.negativeSpans(), h.negativeDeltas()));
            kept++;
        }

        ConversionResult finish(List<MetricFamily> families, long scraped, long now, long bytes) {
            if (trailer != null) {
                if (writer.count() > 0 && writer.count() + trailer.records() > settings.recordsPerPack()) {
                    metricPacks.add(writer.seal(Pack.OPENMX, endpoint));
                    writer.reset();
                }
                trailer.write(writer, scraped, kept, seriesAdded);
            }
            if (writer.count() > 0) {
                metricPacks.add(writer.seal(Pack.OPENMX, endpoint));
            }
            List<PackBody> histogramPacks = new ArrayList<>();
            for (int i = 0; i < histograms.size(); i += settings.recordsPerPack()) {
                RecordBodyWriter hw = new RecordBodyWriter();
                for (Pack.HistogramRecord r : histograms.subList(i, Math.min(histograms.size(), i + settings.recordsPerPack()))) {
                    PackCodec.encodeHistogramRecord(hw, r);
                }
                histogramPacks.add(hw.seal(Pack.OPENMX_HISTOGRAM, null));
            }
            List<MetricFamily> described = new ArrayList<>();
            for (MetricFamily f : families) {
                if (filter.acceptsAll() || familyAccepted(f)) {
                    described.add(f);
                }
            }
            List<PackBody> helpPacks = helpPacks(helpTracker.due(described, now));
            series.commit();
            heads.endParse(leads);
            return new ConversionResult(helpPacks, metricPacks, histogramPacks, families, scraped, kept, nonFinite, filtered,
                    histograms.size(), droppedByRelabel, seriesAdded, bytes);
        }
    }

    /**
     * A 64-bit hash of the sample's series, its identity within the target: a text line's series as
     * written, in one pass; for protobuf (no text) the name and each scraped label.
     */
    private static long seriesHash(Sample s) {
        if (s.seriesText() != null) {
            return io.openagent.exposition.ByteHash.hash(s.seriesText(), s.seriesTextOffset(), s.seriesTextLength(), 0);
        }
        byte[] b = s.bytes();
        long h = io.openagent.exposition.ByteHash.hash(b, s.nameOffset(), s.nameLength(), 0);
        for (int l = 0; l < s.labelCount(); l++) {
            h = io.openagent.exposition.ByteHash.hash(b, s.labelNameOffset(l), s.labelNameLength(l), h);
            h = io.openagent.exposition.ByteHash.hash(b, s.labelValueOffset(l), s.labelValueLength(l), h * 31 + 7);
        }
        return h;
    }

    private boolean familyAccepted(MetricFamily f) {
        if (filter.accepts(f.name())) {
            return true;
        }
        for (String suffix : new String[] {"_total", "_bucket", "_count", "_sum", "_created", "_info", "_gcount", "_gsum"}) {
            if (filter.accepts(f.name() + suffix)) {
                return true;
            }
        }
        return false;
    }

    /** OpenMxHelp records (help, type, unit) in packs of at most {@code recordsPerPack}. */
    private List<PackBody> helpPacks(List<MetricFamily> due) {
        if (due.isEmpty()) {
            return List.of(); // the steady state: help went out on an earlier scrape
        }
        List<PackBody> packs = new ArrayList<>();
        RecordBodyWriter hw = new RecordBodyWriter();
        for (MetricFamily f : due) {
            hw.beginRecord(f.name());
            io.openagent.wire.Values.write(hw.body(), helpProperties(f));
            hw.endRecord();
            if (hw.count() >= settings.recordsPerPack()) {
                packs.add(hw.seal(Pack.OPENMX_HELP, null));
                hw.reset();
            }
        }
        if (hw.count() > 0) {
            packs.add(hw.seal(Pack.OPENMX_HELP, null));
        }
        return packs;
    }

    public static Value.MapValue helpProperties(MetricFamily f) {
        Map<String, Value> props = new LinkedHashMap<>();
        if (f.help() != null) {
            props.put("help", Value.text(f.help()));
        }
        if (f.typeDeclared()) {
            props.put("type", Value.text(f.type().textName()));
        }
        if (f.unit() != null && !f.unit().isEmpty()) {
            props.put("unit", Value.text(f.unit()));
        }
        return new Value.MapValue(props);
    }

    /**
     * Counts the labels the record will carry and decides, per scraped label, where it goes:
     * slot -1 skips it (empty value), 0 keeps its name, k > 0 renames it with k "exported_" prefixes.
     */
    private int countLabels(Sample s) throws ScrapeLimitException {
        int scraped = s.labelCount();
        if (outputSlot.length < scraped) {
            outputSlot = new int[Math.max(scraped, outputSlot.length * 2)];
        }
        byte[] b = s.bytes();
        int n = 0;
        int targetsShadowed = 0;
        for (int i = 0; i < scraped; i++) {
            int nameOff = s.labelNameOffset(i);
            int nameLen = s.labelNameLength(i);
            int valueLen = s.labelValueLength(i);
            if (valueLen == 0) {
                outputSlot[i] = -1;
                continue;
            }
            checkLengths(s, i);
            n++;
            int t = target.indexOf(b, nameOff, nameLen);
            if (t < 0) {
                outputSlot[i] = 0;
            } else if (settings.honorLabels()) {
                outputSlot[i] = 0;
                targetsShadowed++;
            } else {
                outputSlot[i] = exportedDepth(s, nameOff, nameLen);
            }
        }
        return n + target.size() - targetsShadowed;
    }

    private void checkLengths(Sample s, int i) throws ScrapeLimitException {
        if (settings.labelNameLengthLimit() > 0 && s.labelNameLength(i) > settings.labelNameLengthLimit()) {
            throw new ScrapeLimitException(s.line(), "label name " + s.labelName(i) + " longer than label_name_length_limit "
                    + settings.labelNameLengthLimit());
        }
        if (settings.labelValueLengthLimit() > 0 && s.labelValueLength(i) > settings.labelValueLengthLimit()) {
            throw new ScrapeLimitException(s.line(), "value of label " + s.labelName(i) + " longer than label_value_length_limit "
                    + settings.labelValueLengthLimit());
        }
    }

    /** How many "exported_" prefixes make the name collide with neither a target label nor a scraped one. */
    private int exportedDepth(Sample s, int nameOff, int nameLen) {
        byte[] b = s.bytes();
        for (int depth = 1;; depth++) {
            int len = depth * EXPORTED.length + nameLen;
            if (renamed.length < len) {
                renamed = Arrays.copyOf(renamed, len * 2);
            }
            for (int d = 0; d < depth; d++) {
                System.arraycopy(EXPORTED, 0, renamed, d * EXPORTED.length, EXPORTED.length);
            }
            System.arraycopy(b, nameOff, renamed, depth * EXPORTED.length, nameLen);
            if (target.indexOf(renamed, 0, len) >= 0) {
                continue;
            }
            boolean clash = false;
            for (int j = 0; j < s.labelCount(); j++) {
                if (s.labelNameLength(j) == len && Arrays.equals(b, s.labelNameOffset(j), s.labelNameOffset(j) + len, renamed, 0, len)) {
                    clash = true;
                    break;
                }
            }
            if (!clash) {
                return depth;
            }
        }
    }

    /**
     * Whether a kept record head holds the target labels too: with honor_labels which of them are
     * written depends on the scraped labels; without, every target label follows, the same bytes
     * every time, and a head stops before them.
     */
    private boolean headsHoldTargetLabels() {
        return settings.honorLabels();
    }

    /** The scraped labels of the record, renamed as {@link #countLabels} decided. */
    private void writeScrapedLabels(Sample s) {
        byte[] b = s.bytes();
        int scraped = s.labelCount();
        for (int i = 0; i < scraped; i++) {
            int slot = outputSlot[i];
            if (slot < 0) {
                continue;
            }
            int nameOff = s.labelNameOffset(i);
            int nameLen = s.labelNameLength(i);
            if (slot == 0) {
                writer.labelKey(b, nameOff, nameLen);
            } else {
                int len = slot * EXPORTED.length + nameLen;
                for (int d = 0; d < slot; d++) {
                    System.arraycopy(EXPORTED, 0, renamed, d * EXPORTED.length, EXPORTED.length);
                }
                System.arraycopy(b, nameOff, renamed, slot * EXPORTED.length, nameLen);
                writer.labelKey(renamed, 0, len);
            }
            writer.labelValue(b, s.labelValueOffset(i), s.labelValueLength(i));
        }
    }

    /** The target labels after the scraped ones: all of them, or with honor_labels those no scraped label has. */
    private void writeTargetLabels(Sample s) {
        if (!settings.honorLabels()) {
            writer.encodedLabels(target.encoded(), target.size()); // every target label, always
            return;
        }
        for (int t = 0; t < target.names.length; t++) {
            if (scrapedHas(s, target.names[t])) {
                continue;
            }
            writer.labelKey(target.names[t], 0, target.names[t].length);
            writer.labelValue(target.values[t], 0, target.values[t].length);
        }
    }

    private static boolean scrapedHas(Sample s, byte[] name) {
        byte[] b = s.bytes();
        for (int i = 0; i < s.labelCount(); i++) {
            if (s.labelValueLength(i) > 0 && s.labelNameLength(i) == name.length
                    && Arrays.equals(b, s.labelNameOffset(i), s.labelNameOffset(i) + name.length, name, 0, name.length)) {
                return true;
            }
        }
        return false;
    }

    /** Map-based merge for the rare native-histogram path; same rules as the byte path. */
    Map<String, String> mergeLabels(Map<String, String> scraped) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, String> t = target.asMap();
        scraped.forEach((k, v) -> {
            if (v.isEmpty()) {
                return;
            }
            String name = k;
            if (!settings.honorLabels()) {
                while (t.containsKey(name) || (!name.equals(k) && scraped.containsKey(name))) {
                    name = "exported_" + name;
                }
            }
            out.put(name, v);
        });
        t.forEach((k, v) -> {
            if (!settings.honorLabels() || !out.containsKey(k)) {
                out.put(k, v);
            }
        });
        return out;
    }
}
