package io.openagent.exposition;

import java.util.Arrays;

/**
 * The series of a reader's previous parse, in order: for each sample line the bytes from its
 * metric name to the brace that closes its labels, and where its name and labels lay in them.
 * An exporter writes the same series in the same order scrape after scrape, only the values
 * change; a sample line whose series repeats the previous parse's at the same position byte for
 * byte has the same name and labels, so it takes them from here after one sequential comparison
 * instead of scanning, validating and checking its labels for duplicates again. This is the
 * reason Prometheus' scrape cache is keyed by the series' bytes.
 *
 * <p>Only series whose labels the line holds as they are (no escapes, ASCII only) are kept: their
 * names and values are slices of the line. A parse that diverges builds a new memo from that
 * point; a parse that fails leaves the previous memo in place.
 */
final class LabelSetMemo {
    /**
     * Series with fewer labels are not kept: one or two labels are scanned faster than their
     * remembered copy is fetched, for an agent with many targets whose memos are cold in the caches
     * (measured: keeping every series cost the agent ~8 % more CPU at 200 node_exporter targets,
     * where nearly every series has one or two labels; it halves the parse time of a body whose
     * series carry four).
     */
    static final int MIN_LABELS = 3;
    /** Series text kept per reader at most; a larger body's further series are parsed the long way. */
    static final int MAX_BYTES = 16 << 20;
    /** Ints per label in {@link Sets#spans}: name offset and length, value offset and length (relative to the series start). */
    private static final int SPAN = 4;

    /** One generation of series: the previous parse's (read) or the one being built (write). */
    private static final class Sets {
        byte[] bytes = new byte[4096];
        int used;
        /** End of each series' bytes; a series that may not be reused has none (start == end). */
        int[] ends = new int[64];
        /** Metric name offset and length relative to the series start, and whether it was written bare. */
        int[] nameOffs = new int[64];
        int[] nameLens = new int[64];
        boolean[] bare = new boolean[64];
        /** End of each series' label spans in {@link #spans}. */
        int[] spanEnds = new int[64];
        int[] spans = new int[256];
        int spanUsed;
        int count;

        int start(int i) {
            return i == 0 ? 0 : ends[i - 1];
        }

        int spanStart(int i) {
            return i == 0 ? 0 : spanEnds[i - 1];
        }

        void grow() {
            int n = count * 2;
            ends = Arrays.copyOf(ends, n);
            nameOffs = Arrays.copyOf(nameOffs, n);
            nameLens = Arrays.copyOf(nameLens, n);
            bare = Arrays.copyOf(bare, n);
            spanEnds = Arrays.copyOf(spanEnds, n);
        }

        /**
         * Adds a series: {@code text[from, to)} with its name and {@code labels} label spans taken
         * from {@code src} at {@code srcSpan}, or left for the caller to fill when {@code src} is null.
         */
        void add(byte[] text, int from, int to, int nameOff, int nameLen, boolean bareName, int[] src, int srcSpan, int labels) {
            int len = to - from;
            if (used + len > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + len));
            }
            System.arraycopy(text, from, bytes, used, len);
            used += len;
            int n = labels * SPAN;
            if (spanUsed + n > spans.length) {
                spans = Arrays.copyOf(spans, Math.max(spans.length * 2, spanUsed + n));
            }
            if (src != null) {
                System.arraycopy(src, srcSpan, spans, spanUsed, n);
            }
            spanUsed += n;
            if (count == ends.length) {
                grow();
            }
            ends[count] = used;
            nameOffs[count] = nameOff;
            nameLens[count] = nameLen;
            bare[count] = bareName;
            spanEnds[count] = spanUsed;
            count++;
        }

        /** A sample line whose series is not kept (no labels, escapes, non-ASCII): holds its position. */
        void addNone() {
            if (count == ends.length) {
                grow();
            }
            ends[count] = used;
            nameOffs[count] = 0;
            nameLens[count] = 0;
            bare[count] = false;
            spanEnds[count] = spanUsed;
            count++;
        }
    }

    /** Nothing remembered: shared, never written (only {@link #next} is added to). */
    private static final Sets NONE = new Sets();

    private Sets previous = NONE;
    /** Made when a parse diverges, dropped when it becomes {@link #previous}. */
    private Sets next;
    private boolean openMetrics;
    /** Sample lines met so far in this parse. */
    private int cursor;
    private boolean diverged;

    void begin(boolean openMetrics) {
        if (openMetrics != this.openMetrics) {
            previous = NONE; // the two formats read some bytes differently
            this.openMetrics = openMetrics;
        }
        cursor = 0;
        diverged = false;
        next = null;
    }

    void clear() {
        previous = NONE;
        next = null;
        cursor = 0;
        diverged = false;
    }

    /**
     * If the previous parse's series at this sample's position is exactly the start of
     * {@code b[from, to)}: its length, with the name and labels written into {@code s} as slices
     * at scratch offset {@code base} (where {@code b[from]} was copied). Else -1.
     */
    int reuse(byte[] b, int from, int to, Sample s, int base) {
        Sets p = previous;
        int i = cursor;
        if (i >= p.count) {
            return -1;
        }
        int start = p.start(i);
        int len = p.ends[i] - start;
        if (len == 0 || len > to - from || !Arrays.equals(p.bytes, start, p.ends[i], b, from, from + len)) {
            return -1;
        }
        s.nameOff = base + p.nameOffs[i];
        s.nameLen = p.nameLens[i];
        int spanFrom = p.spanStart(i);
        int labels = (p.spanEnds[i] - spanFrom) / SPAN;
        for (int k = 0, at = spanFrom; k < labels; k++, at += SPAN) {
            int idx = s.addLabel(base + p.spans[at], p.spans[at + 1]);
            s.labelValueOff[idx] = base + p.spans[at + 2];
            s.labelValueLen[idx] = p.spans[at + 3];
        }
        return len;
    }

    /** Whether the series {@link #reuse} just matched was written with a bare name. */
    boolean bareName() {
        return previous.bare[cursor];
    }

    /** The series {@link #reuse} matched was used as it was. */
    void repeated() {
        if (diverged) {
            keepPrevious(cursor);
        }
        cursor++;
    }

    /**
     * A sample line parsed the long way: its series is {@code b[from, to)}, copied to the scratch
     * area at {@code base}; {@code s} holds its name and labels. With {@code keep} false the
     * series is not kept (its labels are not all slices of the line).
     */
    void parsed(byte[] b, int from, int to, Sample s, int base, boolean bareName, boolean keep) {
        if (!keep && !diverged && cursor < previous.count && previous.ends[cursor] == previous.start(cursor)) {
            cursor++; // not kept then either: the memo still holds
            return;
        }
        if (!diverged) {
            diverged = true;
            next = new Sets();
            for (int i = 0; i < cursor; i++) {
                keepPrevious(i);
            }
        }
        cursor++;
        if (!keep || next.used + (to - from) > MAX_BYTES) {
            next.addNone();
            return;
        }
        int labels = s.labelCount;
        next.add(b, from, to, s.nameOff - base, s.nameLen, bareName, null, 0, labels);
        int[] spans = next.spans;
        for (int k = 0, at = next.spanStart(next.count - 1); k < labels; k++, at += SPAN) {
            spans[at] = s.labelNameOff[k] - base;
            spans[at + 1] = s.labelNameLen[k];
            spans[at + 2] = s.labelValueOff[k] - base;
            spans[at + 3] = s.labelValueLen[k];
        }
    }

    /** Series {@code i} of the previous parse, kept or not, goes into the memo being built. */
    private void keepPrevious(int i) {
        Sets p = previous;
        if (p.ends[i] == p.start(i)) {
            next.addNone();
        } else {
            int spanFrom = p.spanStart(i);
            next.add(p.bytes, p.start(i), p.ends[i], p.nameOffs[i], p.nameLens[i], p.bare[i], p.spans, spanFrom, (p.spanEnds[i] - spanFrom) / SPAN);
        }
    }

    /** The parse succeeded: its series are what the next parse is compared with. */
    void finish() {
        if (diverged) {
            previous = next;
            next = null;
        } else if (cursor < previous.count) {
            previous.used = previous.start(cursor);
            previous.spanUsed = previous.spanStart(cursor);
            previous.count = cursor;
        }
    }
}
