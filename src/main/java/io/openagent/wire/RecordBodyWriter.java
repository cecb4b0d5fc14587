package io.openagent.wire;

/**
 * Builds the inner body shared by OpenMx, OpenMxHelp and OpenMxHistogram packs
 * ({@code 00 ‖ short count ‖ records}) and wraps it into pack bytes with the zip rule of spec §3.4.
 * Reusable and allocation-free per record, so the scrape hot path writes samples straight into it.
 * Not thread-safe.
 */
public final class RecordBodyWriter {
    /** Inner bodies longer than this are gzip-compressed. */
    public static final int ZIP_THRESHOLD = 100;

    private final WireOutput body = new WireOutput(64 * 1024);
    private final WireOutput zipped = new WireOutput(16 * 1024);
    private final Gzip gzip;
    private int count;
    private int labelCountAt = -1;
    private int labelsDeclared;
    private int labelsWritten;

    public RecordBodyWriter() {
        this(new Gzip());
    }

    public RecordBodyWriter(Gzip gzip) {
        this.gzip = gzip;
        reset();
    }

    public RecordBodyWriter reset() {
        body.reset();
        body.writeByte(0).writeShort(0);
        count = 0;
        labelCountAt = -1;
        return this;
    }

    public int count() {
        return count;
    }

    /** Bytes of the uncompressed inner body so far. */
    public int size() {
        return body.size();
    }

    /** The raw output for callers that append record fields themselves (help and histogram records). */
    public WireOutput body() {
        return body;
    }

    /** Starts a record: version byte and metric name. Call {@link #labels(int)} next. */
    public RecordBodyWriter beginRecord(String metric) {
        checkRoom();
        body.writeByte(0).writeText(metric);
        return this;
    }

    public RecordBodyWriter beginRecord(byte[] metricUtf8, int off, int len) {
        checkRoom();
        body.writeByte(0).writeBlob(metricUtf8, off, len);
        return this;
    }

    /**
     * Starts a record with its head as an earlier record wrote it — version byte, name, label
     * count and labels ({@code b[off, off + len)}, taken from {@link #body()}). Call {@link #endSample} next.
     */
    public RecordBodyWriter recordHead(byte[] b, int off, int len) {
        checkRoom();
        labelCountAt = -1;
        body.writeRaw(b, off, len);
        return this;
    }

    /** A record more must fit in the pack's 16-bit count. */
    private void checkRoom() {
        if (count >= Pack.MAX_RECORDS) {
            throw new WireFormatException("a pack holds at most " + Pack.MAX_RECORDS + " records; split the batch");
        }
    }

    /** Declares how many labels follow. More than 255 cannot be encoded and is refused, never wrapped. */
    public RecordBodyWriter labels(int n) {
        if (n < 0 || n > Pack.MAX_LABELS) {
            throw new WireFormatException("a record carries at most " + Pack.MAX_LABELS + " labels, got " + n);
        }
        labelCountAt = body.size();
        labelsDeclared = n;
        labelsWritten = 0;
        body.writeByte(n);
        return this;
    }

    public RecordBodyWriter label(String key, String value) {
        labelsWritten++;
        body.writeText(key).writeText(value);
        return this;
    }

    public RecordBodyWriter labelKey(byte[] b, int off, int len) {
        labelsWritten++;
        body.writeBlob(b, off, len);
        return this;
    }

    /** {@code count} labels already encoded as {@link #labelKey} and {@link #labelValue} would write them. */
    public RecordBodyWriter encodedLabels(byte[] encoded, int count) {
        labelsWritten += count;
        body.writeRaw(encoded, 0, encoded.length);
        return this;
    }

    public RecordBodyWriter labelValue(byte[] b, int off, int len) {
        body.writeBlob(b, off, len);
        return this;
    }

    /** Ends an OpenMx sample record. */
    public RecordBodyWriter endSample(long timestamp, double value) {
        checkLabels();
        body.writeLong(timestamp).writeDouble(value);
        count++;
        return this;
    }

    /** Ends a record whose remaining fields the caller wrote through {@link #body()}. */
    public RecordBodyWriter endRecord() {
        count++;
        return this;
    }

    private void checkLabels() {
        if (labelCountAt >= 0 && labelsWritten != labelsDeclared) {
            throw new IllegalStateException("declared " + labelsDeclared + " labels, wrote " + labelsWritten);
        }
        labelCountAt = -1;
    }

    /**
     * Appends {@code short type ‖ header ‖ zip ‖ blob(inner)} and, for OpenMx packs with an endpoint,
     * the endpoint text. The body writer is left as it was; call {@link #reset()} for the next pack.
     */
    public void writePack(int packType, PackHeader header, String endpoint, WireOutput out) {
        out.writeShort(packType);
        header.write(out);
        writeTail(endpoint, out);
    }

    public byte[] toPack(int packType, PackHeader header, String endpoint) {
        WireOutput out = new WireOutput(body.size() + 64);
        writePack(packType, header, endpoint, out);
        return out.toByteArray();
    }

    /**
     * Seals what was written into a {@link PackBody}: everything after the header, compressed by the
     * zip rule, so the header (identity and send time) can be stamped when the pack is sent.
     */
    public PackBody seal(int packType, String endpoint) {
        sealed.reset();
        writeTail(endpoint, sealed);
        return new PackBody(packType, count, sealed.toByteArray());
    }

    /** The compression codes of whoever writes packs alike through this writer now (null: the encoder's own). */
    private FastDeflate.Codebook codebook;

    /** Packs sealed from now on are compressed with (and refit) these codes; a target's, while its scrape is converted. */
    public RecordBodyWriter codebook(FastDeflate.Codebook codes) {
        this.codebook = codes;
        return this;
    }

    /** Scratch for {@link #seal}: only the final array is allocated per pack. */
    private final WireOutput sealed = new WireOutput(16 * 1024);

    private void writeTail(String endpoint, WireOutput out) {
        body.patchShort(1, count);
        if (body.size() > ZIP_THRESHOLD) {
            zipped.reset();
            gzip.compress(body.buffer(), 0, body.size(), zipped, codebook);
            out.writeByte(1).writeBlob(zipped.buffer(), 0, zipped.size());
        } else {
            out.writeByte(0).writeBlob(body.buffer(), 0, body.size());
        }
        if (endpoint != null && !endpoint.isEmpty()) {
            out.writeText(endpoint);
        }
    }
}
