package io.openagent.exposition;

import java.util.Arrays;

/**
 * What led up to each sample value in a reader's previous parse, in order: the metadata lines
 * since the sample before, then the sample's series up to its value — and what those bytes meant
 * (which metadata lines they were, where the metric name and labels lay). Exporters write the same
 * body scrape after scrape with only the values changed, so a body is mostly such leads repeated
 * byte for byte: a lead equal to the previous parse's lead at the same position is taken whole
 * after one sequential comparison — no line feeds searched, no name scanned, no label checked —
 * and only the value is parsed. This is the idea of Prometheus' scrape cache (series keyed by their
 * bytes), carried over the metadata lines between them.
 *
 * <p>A lead's metadata lines are the {@link MetadataMemo}'s (it holds them anyway); here are only
 * which of its lines they are and the series after them, so a target's metadata is kept once.
 *
 * <p>Only leads made of whole HELP, TYPE and UNIT lines (no other comments or blank lines, no
 * blanks at line starts, no carriage returns) and a series whose names and values the line holds
 * as they are (no escapes, ASCII only) are kept. A parse that diverges builds a new memo from that
 * point; a parse that fails leaves the previous memo in place.
 */
final class LeadMemo {
    /** Series bytes kept per reader at most; a larger body's further samples are parsed the long way. */
    static final int MAX_BYTES = 16 << 20;
    /** Ints per label in {@link Leads#spans}: name offset and length, value offset and length (relative to the series start). */
    private static final int SPAN = 4;

    /** One generation of leads: the previous parse's (read) or the one being built (write). */
    private static final class Leads {
        /** Ints per lead in {@link #leads}, and where each field is among them. */
        private static final int STRIDE = 8;
        private static final int END = 0;
        private static final int SERIES_AT = 1;
        private static final int META_FIRST = 2;
        private static final int META_COUNT = 3;
        private static final int NAME_OFF = 4;
        private static final int NAME_LEN = 5;
        private static final int SPAN_END = 6;
        private static final int FLAGS = 7;
        private static final int BARE = 1;
        private static final int SAME_NAME = 2;
        /** In FLAGS above these bits: the ordinal + 1 of the type {@link #via}'s family had then, 0 for none. */
        private static final int VIA_TYPE_SHIFT = 8;
        private static final MetricType[] TYPES = MetricType.values();

        /** The series of each lead, up to its value. */
        byte[] bytes = new byte[4096];
        int used;
        /**
         * Per lead, side by side (a parse reads them lead after lead, so one lead is one or two
         * cache lines, not one line in each of a dozen arrays — what a target's cold memo costs):
         * <ul>
         *   <li>END: end of the lead's series in {@link #bytes}; a lead that may not be reused has none (start == end);
         *   <li>SERIES_AT: the length of its metadata lines with their line feeds: where its series starts in the lead;
         *   <li>META_FIRST, META_COUNT: the MetadataMemo index of its first metadata line, and how many it has;
         *   <li>NAME_OFF, NAME_LEN: the metric name relative to the series start;
         *   <li>SPAN_END: end of its label spans in {@link #spans};
         *   <li>FLAGS: written with a bare name; the same name bytes as the lead before it (both kept); the type of {@link #via}.
         * </ul>
         */
        int[] leads = new int[64 * STRIDE];
        /**
         * The family of the metadata line before the sample that took the lead's name when it was
         * parsed (its name a prefix, the rest a suffix its type accepts), else null.
         */
        MetricFamily[] via = new MetricFamily[64];
        /** The stamp of each lead (see {@link Sample#leadStamp()}): given when its series was read, kept while it is kept; 0 for none. */
        long[] stamps = new long[64];
        int[] spans = new int[256];
        int spanUsed;
        int count;

        /** Field {@code f} (END, SERIES_AT, ...) of lead {@code i}. */
        private int field(int i, int f) {
            return leads[i * STRIDE + f];
        }

        int start(int i) {
            return i == 0 ? 0 : field(i - 1, END);
        }

        int end(int i) {
            return field(i, END);
        }

        int seriesAt(int i) {
            return field(i, SERIES_AT);
        }

        int metaFirst(int i) {
            return field(i, META_FIRST);
        }

        int metaCount(int i) {
            return field(i, META_COUNT);
        }

        int nameOff(int i) {
            return field(i, NAME_OFF);
        }

        int nameLen(int i) {
            return field(i, NAME_LEN);
        }

        int spanStart(int i) {
            return i == 0 ? 0 : field(i - 1, SPAN_END);
        }

        int spanEnd(int i) {
            return field(i, SPAN_END);
        }

        boolean bare(int i) {
            return (field(i, FLAGS) & BARE) != 0;
        }

        boolean sameName(int i) {
            return (field(i, FLAGS) & SAME_NAME) != 0;
        }

        /** The type {@link #via}'s family had when lead {@code i} took its name, or null. */
        MetricType viaType(int i) {
            int t = field(i, FLAGS) >>> VIA_TYPE_SHIFT;
            return t == 0 ? null : TYPES[t - 1];
        }

        private void append(byte[] text, int from, int len) {
            if (used + len > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + len));
            }
            System.arraycopy(text, from, bytes, used, len);
            used += len;
        }

        /** Room for {@code labels} label spans at {@link #spanUsed}, which the caller fills. */
        private int spans(int labels) {
            int n = labels * SPAN;
            if (spanUsed + n > spans.length) {
                spans = Arrays.copyOf(spans, Math.max(spans.length * 2, spanUsed + n));
            }
            int at = spanUsed;
            spanUsed += n;
            return at;
        }

        private void close(int seriesStart, int firstMeta, int metas, int nameOff, int nameLen, boolean bareName,
                MetricFamily viaFamily, MetricType viaFamilyType, long stamp) {
            if (count == via.length) {
                int n = Math.max(64, count * 2);
                leads = Arrays.copyOf(leads, n * STRIDE);
                via = Arrays.copyOf(via, n);
                stamps = Arrays.copyOf(stamps, n);
            }
            boolean same = count > 0 && nameLen > 0 && sameNameAs(count - 1, start(count) + nameOff, nameLen);
            int at = count * STRIDE;
            leads[at + END] = used;
            leads[at + SERIES_AT] = seriesStart;
            leads[at + META_FIRST] = firstMeta;
            leads[at + META_COUNT] = metas;
            leads[at + NAME_OFF] = nameOff;
            leads[at + NAME_LEN] = nameLen;
            leads[at + SPAN_END] = spanUsed;
            leads[at + FLAGS] = (bareName ? BARE : 0) | (same ? SAME_NAME : 0)
                    | (viaFamily != null ? (viaFamilyType.ordinal() + 1) << VIA_TYPE_SHIFT : 0);
            via[count] = viaFamily;
            stamps[count] = stamp;
            count++;
        }

        /**
         * The same leads in arrays of their size: a memo is kept per target for as long as its
         * body keeps its shape, and doubling leaves up to half of each array unused.
         */
        Leads trimmed() {
            bytes = Arrays.copyOf(bytes, used);
            leads = Arrays.copyOf(leads, count * STRIDE);
            via = Arrays.copyOf(via, count);
            stamps = Arrays.copyOf(stamps, count);
            spans = Arrays.copyOf(spans, spanUsed);
            return this;
        }

        /** Whether kept lead {@code i} has the name at {@code bytes[off, off + len)}. */
        private boolean sameNameAs(int i, int off, int len) {
            int from = start(i);
            if (end(i) == from || nameLen(i) != len) {
                return false;
            }
            int at = from + nameOff(i);
            return Arrays.equals(bytes, at, at + len, bytes, off, off + len);
        }

        /** A sample whose lead is not kept: holds its position. */
        void addNone() {
            close(0, 0, 0, 0, 0, false, null, null, 0);
        }
    }

    /** Nothing remembered: shared, never written (only {@link #next} is added to). */
    private static final Leads NONE = new Leads();

    /** Where the metadata lines of the previous parse's leads are. */
    private final MetadataMemo metadata;
    private Leads previous = NONE;
    /** Made when a parse diverges, dropped when it becomes {@link #previous}. */
    private Leads next;
    private boolean openMetrics;
    /** Sample lines met so far in this parse. */
    private int cursor;
    private boolean diverged;
    /** The last stamp given (see {@link Sample#leadStamp()}): never reset, so a stamp is never given twice. */
    private long lastStamp;

    /** This parse's metadata lines since its last sample line, each with its line feed: the lead being read the long way. */
    private byte[] pending = new byte[1024];
    private int pendingLen;
    private int pendingFirst;
    private int pendingCount;
    /** Whether every line since the last sample line may be part of a kept lead. */
    private boolean pendingClean = true;

    LeadMemo(MetadataMemo metadata) {
        this.metadata = metadata;
    }

    void begin(boolean openMetrics) {
        if (openMetrics != this.openMetrics) {
            previous = NONE; // the two formats read some bytes differently
            this.openMetrics = openMetrics;
        }
        cursor = 0;
        diverged = false;
        next = null;
        resetPending();
    }

    void clear() {
        previous = NONE;
        next = null;
        cursor = 0;
        diverged = false;
        resetPending();
    }

    private void resetPending() {
        pendingLen = 0;
        pendingCount = 0;
        pendingClean = true;
    }

    /** Whether no line was read since the last sample line (or the start): only there may a whole lead be taken. */
    boolean atLeadStart() {
        return pendingCount == 0 && pendingClean;
    }

    /**
     * A metadata line was read the long way or matched alone: {@code b[from, to)}, which was the
     * whole line when {@code whole}, is the MetadataMemo's line {@code memoIndex} of this parse.
     */
    void metadataLine(byte[] b, int from, int to, boolean whole, int memoIndex) {
        if (!whole || (pendingCount > 0 && pendingFirst + pendingCount != memoIndex)) {
            pendingClean = false;
        }
        if (!pendingClean) {
            return;
        }
        int len = to - from;
        if (pendingLen + len + 1 > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLen + len + 1));
        }
        System.arraycopy(b, from, pending, pendingLen, len);
        pendingLen += len;
        pending[pendingLen++] = '\n';
        if (pendingCount == 0) {
            pendingFirst = memoIndex;
        }
        pendingCount++;
    }

    /** A comment, blank line or anything else that is not a metadata line: the lead it is in is not kept. */
    void otherLine() {
        pendingClean = false;
    }

    /**
     * The length of the previous parse's lead at this position if {@code b[from, limit)} starts
     * with it and has at least one byte more (the value), else -1. Only at a lead's start.
     */
    int match(byte[] b, int from, int limit) {
        Leads p = previous;
        int i = cursor;
        if (i >= p.count) {
            return -1;
        }
        int start = p.start(i);
        int seriesLen = p.end(i) - start;
        int metaLen = p.seriesAt(i);
        int len = metaLen + seriesLen;
        if (seriesLen == 0 || len >= limit - from
                || (metaLen > 0 && !metadata.heldAt(p.metaFirst(i), p.metaCount(i), metaLen, b, from))
                || !Arrays.equals(p.bytes, start, p.end(i), b, from + metaLen, from + len)) {
            return -1;
        }
        return len;
    }

    /** Of the lead {@link #match} found: its metadata lines' first MetadataMemo index, and their count. */
    int metaFirst() {
        return previous.metaFirst(cursor);
    }

    int metaCount() {
        return previous.metaCount(cursor);
    }

    /** The index of the lead at the cursor: the sample lines met so far in this parse. */
    int cursor() {
        return cursor;
    }

    /** Whether the lead at the cursor has the same metric name as the lead before it (bytes compared when it was kept). */
    boolean sameNameAsBefore() {
        return previous.sameName(cursor);
    }

    /**
     * Whether the lead at the cursor was parsed into {@code current}, the family of the metadata
     * line before it, as a name with its prefix and a suffix its type accepted — and that type is
     * {@code current}'s now.
     */
    boolean resolvedVia(MetricFamily current) {
        return previous.via[cursor] == current && previous.viaType(cursor) == current.type();
    }

    /** Copies the metric name of the previous parse's lead {@code i} to the start of {@code into}. */
    void copyName(int i, byte[] into) {
        Leads p = previous;
        System.arraycopy(p.bytes, p.start(i) + p.nameOff(i), into, 0, p.nameLen(i));
    }

    /** The stamp of the lead at the cursor. */
    long stamp() {
        return previous.stamps[cursor];
    }

    /** Whether the lead {@link #match} or {@link #reuse} found was written with a bare metric name. */
    boolean bareName() {
        return previous.bare(cursor);
    }

    /**
     * Writes the name of the lead at the cursor into {@code s}, its series at offset {@code base}
     * of the sample's bytes; its labels are written when the sample's labels are first asked for
     * (a handler that keeps what it derived from the series under its stamp may never ask).
     */
    void fill(Sample s, int base) {
        Leads p = previous;
        int i = cursor;
        s.nameOff = base + p.nameOff(i);
        s.nameLen = p.nameLen(i);
        s.labelsLater(this, i, base);
    }

    /** Writes the labels of the previous parse's lead {@code i} into {@code s}, its series at offset {@code base}. */
    void fillLabels(Sample s, int i, int base) {
        Leads p = previous;
        int spanFrom = p.spanStart(i);
        int labels = (p.spanEnd(i) - spanFrom) / SPAN;
        int[] spans = p.spans;
        for (int k = 0, at = spanFrom; k < labels; k++, at += SPAN) {
            int idx = s.addLabel(base + spans[at], spans[at + 1]);
            s.labelValueOff[idx] = base + spans[at + 2];
            s.labelValueLen[idx] = spans[at + 3];
        }
    }

    /**
     * For a sample line read the long way: if the metadata lines read since the last sample and
     * the start of {@code b[from, to)} are the previous parse's lead at this position, with at
     * least one byte more, the length of its series part (up to the value). Else -1.
     */
    int reuse(byte[] b, int from, int to) {
        Leads p = previous;
        int i = cursor;
        if (i >= p.count || !pendingClean) {
            return -1;
        }
        int start = p.start(i);
        int len = p.end(i) - start;
        if (len == 0 || p.metaCount(i) != pendingCount || (pendingCount > 0 && p.metaFirst(i) != pendingFirst)
                || p.seriesAt(i) != pendingLen || len >= to - from
                || (pendingLen > 0 && !metadata.heldAt(pendingFirst, pendingCount, pendingLen, pending, 0))
                || !Arrays.equals(p.bytes, start, p.end(i), b, from, from + len)) {
            return -1;
        }
        return len;
    }

    /** Bytes of the previous parse's leads (for tests). */
    int textBytes() {
        return previous.used;
    }

    /** The lead at the cursor ({@link #match} or {@link #reuse}) was used as it was. */
    void repeated() {
        if (diverged) {
            keepPrevious(cursor);
        }
        cursor++;
        resetPending();
    }

    /**
     * A sample line read the long way: its series and the blanks before its value are
     * {@code b[from, to)}, copied to the scratch area at {@code base}; {@code s} holds its name and
     * labels. With {@code keep} false the lead is not kept (its labels are not all slices of the line).
     * Returns the stamp of the lead kept, or 0.
     */
    long parsed(byte[] b, int from, int to, Sample s, int base, boolean bareName, boolean keep, boolean viaCurrent) {
        keep &= pendingClean;
        if (!keep && !diverged && cursor < previous.count && previous.end(cursor) == previous.start(cursor)) {
            cursor++; // not kept then either: the memo still holds
            resetPending();
            return 0;
        }
        if (!diverged) {
            diverged = true;
            next = new Leads();
            for (int i = 0; i < cursor; i++) {
                keepPrevious(i);
            }
        }
        cursor++;
        Leads n = next;
        if (!keep || n.used + (to - from) > MAX_BYTES) {
            n.addNone();
            resetPending();
            return 0;
        }
        n.append(b, from, to - from);
        int labels = s.labelCount;
        int at = n.spans(labels);
        int[] spans = n.spans;
        for (int k = 0; k < labels; k++, at += SPAN) {
            spans[at] = s.labelNameOff[k] - base;
            spans[at + 1] = s.labelNameLen[k];
            spans[at + 2] = s.labelValueOff[k] - base;
            spans[at + 3] = s.labelValueLen[k];
        }
        long stamp = ++lastStamp;
        n.close(pendingLen, pendingFirst, pendingCount, s.nameOff - base, s.nameLen, bareName,
                viaCurrent ? s.family : null, viaCurrent ? s.family.type() : null, stamp);
        resetPending();
        return stamp;
    }

    /** Lead {@code i} of the previous parse, kept or not, goes into the memo being built. */
    private void keepPrevious(int i) {
        Leads p = previous;
        Leads n = next;
        int start = p.start(i);
        if (p.end(i) == start) {
            n.addNone();
            return;
        }
        n.append(p.bytes, start, p.end(i) - start);
        int spanFrom = p.spanStart(i);
        int len = p.spanEnd(i) - spanFrom;
        int at = n.spans(len / SPAN);
        System.arraycopy(p.spans, spanFrom, n.spans, at, len);
        n.close(p.seriesAt(i), p.metaFirst(i), p.metaCount(i), p.nameOff(i), p.nameLen(i), p.bare(i), p.via[i], p.viaType(i), p.stamps[i]);
    }

    /** The parse succeeded: its leads are what the next parse is compared with. */
    void finish() {
        if (diverged) {
            previous = next.trimmed();
            next = null;
        } else if (cursor < previous.count) {
            previous.used = previous.start(cursor);
            previous.spanUsed = previous.spanStart(cursor);
            previous.count = cursor;
        }
        resetPending();
    }
}
