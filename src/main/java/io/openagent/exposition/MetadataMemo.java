package io.openagent.exposition;

import java.util.Arrays;

/**
 * The HELP, TYPE and UNIT lines of a reader's previous parse, in order, with what each meant
 * (family, kind, type, text). Exporters write their metadata identically scrape after scrape: a
 * line equal to the previous parse's line at the same position is taken from here after one
 * sequential byte comparison, without looking its family up by name or decoding its text.
 *
 * <p>A parse that diverges (a family comes, goes or changes its help) builds a new memo from that
 * point; a parse that fails leaves the previous memo in place.
 */
final class MetadataMemo {
    static final int HELP = 0, TYPE = 1, UNIT = 2;

    /** One generation of lines: the previous parse's (read) or the one being built (write). */
    private static final class Lines {
        /**
         * The lines, each followed by a line feed as in the body: a remembered lead's metadata
         * lines are then one range here, compared with the body's bytes at once.
         */
        byte[] bytes = new byte[4096];
        int used;
        /** End of each line, before its line feed. */
        int[] ends = new int[64];
        MetricFamily[] families = new MetricFamily[64];
        byte[] kinds = new byte[64];
        MetricType[] types = new MetricType[64];
        String[] texts = new String[64];
        int count;

        void clear() {
            Arrays.fill(families, 0, count, null);
            Arrays.fill(texts, 0, count, null);
            used = 0;
            count = 0;
        }

        void add(byte[] b, int from, int to, int kind, MetricFamily f, MetricType type, String text) {
            int len = to - from;
            if (used + len + 1 > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + len + 1));
            }
            System.arraycopy(b, from, bytes, used, len);
            used += len;
            if (count == ends.length) {
                int n = Math.max(64, count * 2);
                ends = Arrays.copyOf(ends, n);
                families = Arrays.copyOf(families, n);
                kinds = Arrays.copyOf(kinds, n);
                types = Arrays.copyOf(types, n);
                texts = Arrays.copyOf(texts, n);
            }
            ends[count] = used;
            bytes[used++] = '\n';
            families[count] = f;
            kinds[count] = (byte) kind;
            types[count] = type;
            texts[count] = text;
            count++;
        }

        int start(int i) {
            return i == 0 ? 0 : ends[i - 1] + 1;
        }

        /** The same lines in arrays of their size (a memo is kept per target; doubling leaves up to half unused). */
        Lines trimmed() {
            bytes = Arrays.copyOf(bytes, used);
            ends = Arrays.copyOf(ends, count);
            families = Arrays.copyOf(families, count);
            kinds = Arrays.copyOf(kinds, count);
            types = Arrays.copyOf(types, count);
            texts = Arrays.copyOf(texts, count);
            return this;
        }
    }

    private Lines previous = new Lines();
    /** Made when a parse diverges, dropped when it becomes {@link #previous}: no second copy kept idle per target. */
    private Lines next;
    private boolean openMetrics;
    /** Metadata lines met so far in this parse. */
    private int cursor;
    /** Whether this parse's metadata stopped repeating the previous parse's (then {@link #next} holds it). */
    private boolean diverged;

    void begin(boolean openMetrics) {
        if (openMetrics != this.openMetrics) {
            previous.clear(); // the same bytes may mean something else in the other format
            this.openMetrics = openMetrics;
        }
        cursor = 0;
        diverged = false;
        next = null;
    }

    /** Forgets everything (the reader dropped the families the memo points at). */
    void clear() {
        previous = new Lines();
        next = null;
        cursor = 0;
        diverged = false;
    }

    /** The previous parse's metadata line at this position if it read exactly {@code b[from, to)}, else -1. */
    int match(byte[] b, int from, int to) {
        Lines p = previous;
        int i = cursor;
        if (i >= p.count) {
            return -1;
        }
        int start = p.start(i);
        int end = p.ends[i];
        return end - start == to - from && Arrays.equals(p.bytes, start, end, b, from, to) ? i : -1;
    }

    /** This parse's metadata lines so far: the index the next one gets, and the previous parse's line {@link #match} compares it with. */
    int cursor() {
        return cursor;
    }

    /**
     * Whether {@code b} at {@code from} holds the previous parse's lines {@code first} to
     * {@code first + count - 1}, each followed by a line feed, {@code bytes} bytes in all (the
     * caller knows {@code b} has that many): a remembered lead's metadata lines, kept here only.
     */
    boolean heldAt(int first, int count, int bytes, byte[] b, int from) {
        Lines p = previous;
        if (count == 0 || first + count > p.count) {
            return count == 0 && bytes == 0;
        }
        int start = p.start(first);
        return p.ends[first + count - 1] + 1 - start == bytes && Arrays.equals(p.bytes, start, start + bytes, b, from, from + bytes);
    }

    /** Bytes of the previous parse's lines (for tests). */
    int textBytes() {
        return previous.used;
    }

    /** The length of the previous parse's metadata line {@code i}. */
    int length(int i) {
        return previous.ends[i] - previous.start(i);
    }

    /** The length of the previous parse's metadata line at this position, or -1 when it had no more. */
    int nextLength() {
        Lines p = previous;
        int i = cursor;
        return i < p.count ? p.ends[i] - p.start(i) : -1;
    }

    MetricFamily family(int i) {
        return previous.families[i];
    }

    int kind(int i) {
        return previous.kinds[i];
    }

    MetricType type(int i) {
        return previous.types[i];
    }

    /** The help text (HELP) or unit (UNIT) of line {@code i}. */
    String text(int i) {
        return previous.texts[i];
    }

    /** The line {@link #match} found was used as it was. */
    void repeated(int i) {
        if (diverged) {
            keepPrevious(i);
        }
        cursor++;
    }

    /** A metadata line parsed the long way: {@code b[from, to)} meant this. */
    void parsed(byte[] b, int from, int to, int kind, MetricFamily f, MetricType type, String text) {
        if (!diverged) {
            diverged = true;
            next = new Lines();
            for (int i = 0; i < cursor; i++) {
                keepPrevious(i);
            }
        }
        next.add(b, from, to, kind, f, type, text);
        cursor++;
    }

    /** Line {@code i} of the previous parse goes into the memo being built. */
    private void keepPrevious(int i) {
        Lines p = previous;
        next.add(p.bytes, p.start(i), p.ends[i], p.kinds[i], p.families[i], p.types[i], p.texts[i]);
    }

    /** The parse succeeded: its metadata lines are what the next parse is compared with. */
    void finish() {
        if (diverged) {
            previous = next.trimmed();
            next = null;
        } else if (cursor < previous.count) {
            // the same lines as before, fewer of them
            Arrays.fill(previous.families, cursor, previous.count, null);
            Arrays.fill(previous.texts, cursor, previous.count, null);
            previous.used = previous.start(cursor);
            previous.count = cursor;
        }
    }
}
