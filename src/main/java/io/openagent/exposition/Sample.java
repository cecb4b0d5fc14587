package io.openagent.exposition;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One parsed sample, as a reusable view: the parser overwrites it for every line, so a handler
 * must copy what it keeps. Names and (unescaped) label values are UTF-8 slices of {@link #bytes()}.
 */
public final class Sample {
    /** The sample's own bytes: a copy of its line, and unescaped strings after it. */
    private byte[] scratch = new byte[512];
    /** Where the names and values are: the scratch area, or the parser's buffer when the line holds them all as they are. */
    byte[] bytes = scratch;
    /** Bytes of the scratch area in use. */
    int used;
    int nameOff;
    int nameLen;
    int labelCount;
    int[] labelNameOff = new int[16];
    int[] labelNameLen = new int[16];
    int[] labelValueOff = new int[16];
    int[] labelValueLen = new int[16];
    double value;
    boolean hasTimestamp;
    long timestampMs;
    boolean hasExemplar;
    double exemplarValue;
    MetricFamily family;
    int line;
    /** The series as its line wrote it (the parser's buffer), or null. */
    byte[] seriesText;
    int seriesTextOff;
    int seriesTextLen;
    /** The sample line's position among the parse's sample lines when its series is a kept lead (see LeadMemo), else -1. */
    int lead = -1;
    /** That lead's stamp: the same stamp always means the same series bytes, within one reader. 0 when none. */
    long leadStamp;
    /** When not null, the labels are still the lead memo's lead {@link #labelsLead} (series at {@link #labelsBase}): written on first use. */
    private LeadMemo labelsFrom;
    private int labelsLead;
    private int labelsBase;

    void clear() {
        bytes = scratch;
        seriesText = null;
        lead = -1;
        leadStamp = 0;
        labelsFrom = null;
        used = 0;
        labelCount = 0;
        hasTimestamp = false;
        hasExemplar = false;
    }

    /** Appends bytes to the scratch area and returns their offset. */
    int append(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, scratch, used, len);
        int at = used;
        used += len;
        return at;
    }

    void ensure(int extra) {
        if (used + extra > scratch.length) {
            scratch = Arrays.copyOf(scratch, Math.max(scratch.length * 2, used + extra));
            bytes = scratch;
        }
    }

    /** The labels are those of lead {@code lead} of {@code memo}'s previous parse, its series at {@code base}: written when first asked for. */
    void labelsLater(LeadMemo memo, int lead, int base) {
        labelsFrom = memo;
        labelsLead = lead;
        labelsBase = base;
    }

    /** Writes the labels a lead holds for this sample, if they are not written yet; every use of the label fields comes after. */
    void labelsNow() {
        LeadMemo m = labelsFrom;
        if (m != null) {
            labelsFrom = null;
            m.fillLabels(this, labelsLead, labelsBase);
        }
    }

    /** Names and values are slices of {@code line} (the parser's buffer), not copied: valid until the next line. */
    void view(byte[] line) {
        bytes = line;
    }

    void appendByte(byte b) {
        ensure(1);
        scratch[used++] = b;
    }

    int addLabel(int nOff, int nLen) {
        if (labelCount == labelNameOff.length) {
            int n = labelCount * 2;
            labelNameOff = Arrays.copyOf(labelNameOff, n);
            labelNameLen = Arrays.copyOf(labelNameLen, n);
            labelValueOff = Arrays.copyOf(labelValueOff, n);
            labelValueLen = Arrays.copyOf(labelValueLen, n);
        }
        labelNameOff[labelCount] = nOff;
        labelNameLen[labelCount] = nLen;
        return labelCount++;
    }

    public byte[] bytes() {
        return bytes;
    }

    public int nameOffset() {
        return nameOff;
    }

    public int nameLength() {
        return nameLen;
    }

    public int labelCount() {
        labelsNow();
        return labelCount;
    }

    public int labelNameOffset(int i) {
        labelsNow();
        return labelNameOff[i];
    }

    public int labelNameLength(int i) {
        labelsNow();
        return labelNameLen[i];
    }

    public int labelValueOffset(int i) {
        labelsNow();
        return labelValueOff[i];
    }

    public int labelValueLength(int i) {
        labelsNow();
        return labelValueLen[i];
    }

    public double value() {
        return value;
    }

    public boolean hasTimestamp() {
        return hasTimestamp;
    }

    /** The exposed timestamp in epoch milliseconds (OpenMetrics seconds are converted). */
    public long timestampMs() {
        return timestampMs;
    }

    public boolean hasExemplar() {
        return hasExemplar;
    }

    public double exemplarValue() {
        return exemplarValue;
    }

    public MetricFamily family() {
        return family;
    }

    /**
     * The series exactly as the line wrote it — the name and the label set up to its closing brace,
     * before unescaping — or null when the format has no text (protobuf). A slice of the parser's
     * buffer, valid only during the callback: the same series written the same way in the next
     * scrape has the same bytes, which is how Prometheus' scrape cache recognises series too.
     */
    public byte[] seriesText() {
        return seriesText;
    }

    public int seriesTextOffset() {
        return seriesTextOff;
    }

    public int seriesTextLength() {
        return seriesTextLen;
    }

    /**
     * When the sample's series is one the reader keeps between parses (see {@link #leadStamp()}):
     * the position of its line among the parse's sample lines, else -1.
     */
    public int lead() {
        return lead;
    }

    /**
     * A number for the sample's series as the reader keeps it between parses, or 0: two samples
     * from one reader with the same stamp have byte-for-byte the same series (name and labels as
     * written), whichever parse they came from. A stamp is never given to other bytes later, so
     * whatever a handler derived from the series once (an encoded record head, a series hash) it
     * may keep under this stamp and take again while the stamp comes back.
     */
    public long leadStamp() {
        return leadStamp;
    }

    /** The 1-based line of the sample (0 for protobuf input). */
    public int line() {
        return line;
    }

    // Convenience accessors that allocate; for tools and tests, not the hot path.

    public String name() {
        return new String(bytes, nameOff, nameLen, StandardCharsets.UTF_8);
    }

    public String labelName(int i) {
        labelsNow();
        return new String(bytes, labelNameOff[i], labelNameLen[i], StandardCharsets.UTF_8);
    }

    public String labelValue(int i) {
        labelsNow();
        return new String(bytes, labelValueOff[i], labelValueLen[i], StandardCharsets.UTF_8);
    }

    /** The value of the label called {@code name}, or null. */
    public String label(String name) {
        labelsNow();
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < labelCount; i++) {
            if (Arrays.equals(bytes, labelNameOff[i], labelNameOff[i] + labelNameLen[i], n, 0, n.length)) {
                return labelValue(i);
            }
        }
        return null;
    }

    public Map<String, String> labels() {
        labelsNow();
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < labelCount; i++) {
            m.put(labelName(i), labelValue(i));
        }
        return m;
    }

    @Override
    public String toString() {
        return name() + labels() + " " + value + (hasTimestamp ? " @" + timestampMs : "");
    }
}
