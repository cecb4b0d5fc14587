package io.openagent.exposition;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Line parser for the Prometheus text format 0.0.4 and OpenMetrics 1.0. It is fed one line at a
 * time (without its newline) by {@link ExpositionReader}, never the whole body, and reports every
 * problem with its line and column. The per-sample path does not allocate.
 *
 * <p>Differences between the two formats follow their specifications: OpenMetrics has UNIT, EOF,
 * exemplars, float-second timestamps, the info/stateset/gaugehistogram types and forbids blank
 * lines, other comments and interleaved families; the text format has integer millisecond
 * timestamps and free-form comments.
 */
public final class TextParser {
    private final boolean openMetrics;
    private final ExpositionHandler handler;
    private final Sample s;
    /**
     * Every family this reader has met, kept across parses (a target's next scrape finds its families
     * again instead of building 283 objects and map entries for a node_exporter body); a family
     * belongs to this parse when its generation is this parse's.
     */
    private final FamilyTable known;
    /** The previous parse's metadata lines: repeated ones skip the lookup and decoding. */
    private final MetadataMemo memo;
    /** The previous parse's leads (metadata lines and series before each value): a repeated one is taken whole. Null when not worth it (see ExpositionReader). */
    private final LeadMemo leads;
    /** Sample lines whose lead the memo keeps (or would keep). */
    private int memoWorthy;
    /** Sample lines taken with their whole lead by {@link #repeatedSample}. */
    private int leadsTaken;
    /** The metadata line being parsed the long way, for the memo. */
    private int metaFrom;
    private int metaTo;
    private final int generation;
    private final List<MetricFamily> order;

    /** The family the last metadata line named; samples with its name (plus a suffix) belong to it. */
    private MetricFamily current;
    private byte[] currentName = new byte[0];
    /** The family of the previous sample, to resolve runs of samples without a map lookup. */
    private MetricFamily lastFamily;
    private byte[] lastName = new byte[64];
    private int lastNameLen;
    /** When not -1, {@link #lastName} is out of date: the name is this lead's in the LeadMemo (see {@link #lastName()}). */
    private int lastNameOfLead = -1;
    /** Whether the previous sample wrote its name bare: only then may the next line's bare name be matched against it. */
    private boolean lastNameBare;
    /** The previous sample line's lead in the LeadMemo when it was taken from there, else -1. */
    private int lastLead = -1;
    /** Of the series the long way read last: whether its family was the last metadata line's, by prefix (see LeadMemo#resolvedVia). */
    private boolean resolvedViaCurrent;

    private int lineNo;
    private int lineStart;
    /** Where the current line ends (its line feed, or the end of the body), before any carriage return is dropped. */
    private int lineEnd;
    private boolean eof;
    private long samples;
    private long exemplars;

    public TextParser(boolean openMetrics, ExpositionHandler handler) {
        this(openMetrics, handler, new FamilyTable(), new MetadataMemo(), null, 1, new ArrayList<>(), new Sample());
        memo.begin(openMetrics);
    }

    /**
     * @param known      families of earlier parses by the same reader (reset when met again)
     * @param generation this parse's number, different from every earlier parse with the same {@code known}
     * @param order      where this parse lists its families (emptied first): the reader's, reused
     * @param sample     the sample handed to the handler, line after line: the reader's, reused
     */
    TextParser(boolean openMetrics, ExpositionHandler handler, FamilyTable known, MetadataMemo memo, LeadMemo leads,
            int generation, List<MetricFamily> order, Sample sample) {
        this.openMetrics = openMetrics;
        this.handler = handler;
        this.memo = memo;
        this.leads = leads;
        this.known = known;
        this.generation = generation;
        this.order = order;
        order.clear();
        this.s = sample;
        sample.clear();
    }

    /** The family named {@code b[off, off+len)} met in this parse, or null. */
    private MetricFamily family(byte[] b, int off, int len) {
        MetricFamily f = known.get(b, off, len);
        return f != null && f.generation() == generation ? f : null;
    }

    /** A family met for the first time in this parse: an earlier parse's object, reset, or a new one. */
    private MetricFamily newFamily(byte[] b, int off, int len) {
        MetricFamily f = known.get(b, off, len);
        if (f == null) {
            f = new MetricFamily(new String(b, off, len, StandardCharsets.UTF_8));
            f.outlivesParse(true);
            known.add(f);
        }
        f.begin(generation);
        order.add(f);
        return f;
    }

    public List<MetricFamily> families() {
        return order;
    }

    public long samples() {
        return samples;
    }

    /** How many sample lines had a lead the memo keeps: the reader uses the memo when most do. */
    int memoWorthy() {
        return memoWorthy;
    }

    /** How many sample lines were taken with their whole lead, only their values parsed. */
    int leadsTaken() {
        return leadsTaken;
    }

    public long exemplars() {
        return exemplars;
    }

    public int lines() {
        return lineNo;
    }

    private ExpositionException error(int at, String reason) {
        return new ExpositionException(lineNo, at - lineStart + 1, reason);
    }

    /** Parses one line: {@code b[start, end)} without the line feed. */
    public void line(byte[] b, int start, int end) throws ExpositionException {
        lineNo++;
        lineStart = start;
        lineEnd = end;
        if (eof) {
            throw error(start, "content after # EOF");
        }
        if (!openMetrics) {
            if (end > start && b[end - 1] == '\r') {
                end--;
            }
            int p = skipBlanks(b, start, end);
            if (p == end) {
                otherLine();
                return;
            }
            if (b[p] == '#') {
                if (!repeatedMetadata(b, p, end)) {
                    metaFrom = p;
                    metaTo = end;
                    textComment(b, p, end);
                }
                return;
            }
            sample(b, p, end);
            return;
        }
        if (start == end) {
            throw error(start, "empty line (OpenMetrics allows none)");
        }
        if (b[start] == '#') {
            if (!repeatedMetadata(b, start, end)) {
                metaFrom = start;
                metaTo = end;
                openMetricsComment(b, start, end);
            }
        } else {
            sample(b, start, end);
        }
    }

    /**
     * Takes the line at {@code b[start]} as {@link #line} would when it is the previous parse's
     * next metadata line repeated exactly, followed by a line feed before {@code limit}: its length
     * is known, so its end need not be searched. Returns the index of that line feed, or -1 (then
     * nothing happened and the caller reads the line the usual way).
     */
    int repeatedLine(byte[] b, int start, int limit) {
        if (eof || start >= limit || b[start] != '#') {
            return -1; // remembered metadata lines start with '#' (blanks before it go the usual way)
        }
        int len = memo.nextLength();
        int lf = start + len;
        if (len <= 0 || lf >= limit || b[lf] != '\n') {
            return -1;
        }
        lineStart = start;
        lineEnd = lf;
        if (!repeatedMetadata(b, start, lf)) {
            return -1;
        }
        lineNo++;
        return lf;
    }

    /**
     * Takes the metadata lines and the sample line at {@code b[start]} at once when the previous
     * parse's lead at this position repeats there exactly (see {@link LeadMemo}) and the sample
     * line's line feed comes before {@code limit}: only the value is parsed. Returns the index of
     * the last line feed taken, or -1 (then nothing happened and the caller reads the next line
     * the usual way).
     */
    int repeatedSample(byte[] b, int start, int limit) throws ExpositionException {
        LeadMemo m = leads;
        if (m == null || eof || !m.atLeadStart()) {
            return -1;
        }
        int len = m.match(b, start, limit); // the metadata lines compared with the memo's, then the series
        if (len < 0 || !valueFollows(b, start + len)) {
            return -1;
        }
        int metas = m.metaCount();
        int first = m.metaFirst();
        if (metas > 0 && first != memo.cursor()) {
            return -1; // this parse's metadata lines are not where the lead's were
        }
        int valueStart = start + len;
        int lf = ByteScan.indexOfLineFeed(b, valueStart, limit);
        if (lf < 0) {
            return -1;
        }
        // Most values are a plain decimal that ends the line (no timestamp, no exemplar, no '\r'): parsed at once.
        double plain = NumberParser.plainDecimal(b, valueStart, lf);
        boolean plainValue = plain == plain;
        int q = start;
        for (int k = 0; k < metas; k++) {
            if (!repeatedMetadata(first + k)) {
                // This parse disagrees with what the line meant then: the lines before it were
                // taken and belong to the lead now being read; the caller reads on from this one.
                for (int j = 0, at = start; j < k; j++) {
                    int l = memo.length(first + j);
                    m.metadataLine(b, at, at + l, true, first + j);
                    at += l + 1;
                }
                return k == 0 ? -1 : q - 1;
            }
            lineNo++;
            q += memo.length(first + k) + 1;
        }
        lineNo++;
        lineStart = q;
        lineEnd = lf;
        int end = lf;
        if (!openMetrics && end > q && b[end - 1] == '\r') {
            end--;
        }
        if (openMetrics && !plainValue && ByteScan.indexOf(b, valueStart, end, (byte) '#') >= 0) {
            copyLine(b, q, end); // an exemplar's labels are read into the scratch area
            m.fill(s, q + delta);
        } else {
            s.clear();
            s.view(b); // every name and value of a kept lead is a slice of the line
            m.fill(s, q);
        }
        s.value = plain;
        s.line = lineNo;
        leadsTaken++;
        repeatedSeries(b, q, valueStart, end, plainValue);
        return lf;
    }

    /**
     * The rest of a sample line whose series (from {@code seriesStart}, at the line's start) is the
     * remembered lead's, its name and labels already in the sample: family, checks, value — or,
     * with {@code plainValue}, only the family and checks: the sample holds the value, which is
     * all that follows the series.
     */
    private void repeatedSeries(byte[] b, int seriesStart, int valueStart, int end, boolean plainValue) throws ExpositionException {
        boolean bareName = leads.bareName();
        int lead = leads.cursor();
        // The sample before was the lead before, taken the same way, and the two had one name
        // then: the name is the previous sample's, and so is the family (no bytes compared).
        boolean afterPreviousLead = lastLead >= 0 && lastLead == lead - 1 && lastFamily != null;
        memoWorthy++;
        if (afterPreviousLead && leads.sameNameAsBefore()) {
            s.family = lastFamily;
            lastNameBare = bareName;
        } else if (afterPreviousLead && current != null && leads.resolvedVia(current)) {
            // Not the previous sample's name (the lead before is the one before it then too), and
            // the family of the last metadata line took this name then with the type it has now:
            // resolveFamily would take it again.
            settle(current, seriesStart, bareName, lead);
        } else {
            resolveFamily(seriesStart, bareName);
        }
        s.lead = lead;
        s.leadStamp = leads.stamp();
        leads.repeated();
        lastLead = lead;
        s.seriesText = b;
        s.seriesTextOff = seriesStart;
        s.seriesTextLen = seriesEnd(b, seriesStart, valueStart) - seriesStart;
        checkSpecialLabels(seriesStart);
        if (plainValue) {
            emit(); // the sample holds the value, the whole rest of the line
        } else {
            value(b, valueStart, end);
        }
    }

    /**
     * Whether what follows a remembered lead in this line may be its value: a '{' after a lead
     * that ends in blanks means the bytes only looked like the lead (the text format allows blanks
     * between a metric name and its labels).
     */
    private static boolean valueFollows(byte[] b, int afterLead) {
        return b[afterLead] != '{';
    }

    /** The end of a series that the blanks before its value follow. */
    private static int seriesEnd(byte[] b, int seriesStart, int valueStart) {
        int e = valueStart;
        while (e > seriesStart && (b[e - 1] == ' ' || b[e - 1] == '\t')) {
            e--;
        }
        return e;
    }

    private void otherLine() {
        if (leads != null) {
            leads.otherLine();
        }
    }

    /**
     * A HELP, TYPE or UNIT line identical to the previous parse's at this position means what it
     * meant then. Anything this parse would reject (a second HELP, metadata after samples) goes the
     * long way, which reports it.
     */
    private boolean repeatedMetadata(byte[] b, int from, int to) {
        int i = memo.match(b, from, to);
        if (i < 0 || !repeatedMetadata(i)) {
            return false;
        }
        if (leads != null) {
            leads.metadataLine(b, from, to, from == lineStart && to == lineEnd, i);
        }
        return true;
    }

    /** The memo's metadata line {@code i}, met again: what it meant then, unless this parse's state forbids it. */
    private boolean repeatedMetadata(int i) {
        MetricFamily f = memo.family(i);
        int kind = memo.kind(i);
        if (f.generation() == generation) {
            if ((openMetrics && f.samples() > 0)
                    || (kind == HELP ? f.help() != null : kind == TYPE ? f.typeDeclared() : f.unit() != null)) {
                return false;
            }
        } else {
            f.begin(generation);
            order.add(f);
        }
        if (kind == HELP) {
            f.help(memo.text(i));
        } else if (kind == TYPE) {
            f.type(memo.type(i));
        } else {
            f.unit(memo.text(i));
        }
        memo.repeated(i);
        current = f;
        currentName = f.nameUtf8();
        return true;
    }

    /** Called after the last line. OpenMetrics requires {@code # EOF}. */
    public void finish() throws ExpositionException {
        if (openMetrics && !eof) {
            throw new ExpositionException(lineNo + 1, 0, "missing # EOF at the end of an OpenMetrics exposition");
        }
    }

    private static int skipBlanks(byte[] b, int p, int end) {
        while (p < end && (b[p] == ' ' || b[p] == '\t')) {
            p++;
        }
        return p;
    }

    private void textComment(byte[] b, int p, int end) throws ExpositionException {
        int q = skipBlanks(b, p + 1, end);
        if (q == p + 1) {
            otherLine();
            return; // "#HELP" without a blank is an ordinary comment
        }
        int wordEnd = q;
        while (wordEnd < end && b[wordEnd] != ' ' && b[wordEnd] != '\t') {
            wordEnd++;
        }
        int kind = keyword(b, q, wordEnd);
        if (kind != HELP && kind != TYPE) {
            otherLine();
            return; // any other comment, including UNIT and EOF, is just a comment in this format
        }
        int nameStart = skipBlanks(b, wordEnd, end);
        if (nameStart == wordEnd || nameStart == end) {
            throw error(nameStart, "expected a metric name after # " + (kind == HELP ? "HELP" : "TYPE"));
        }
        metadata(kind, b, nameStart, end);
    }

    private void openMetricsComment(byte[] b, int p, int end) throws ExpositionException {
        if (end - p == 5 && b[p + 1] == ' ' && b[p + 2] == 'E' && b[p + 3] == 'O' && b[p + 4] == 'F') {
            eof = true;
            otherLine();
            return;
        }
        if (p + 1 >= end || b[p + 1] != ' ') {
            throw error(p, "OpenMetrics comments must be # HELP, # TYPE, # UNIT or # EOF");
        }
        int q = p + 2;
        int wordEnd = q;
        while (wordEnd < end && b[wordEnd] != ' ') {
            wordEnd++;
        }
        int kind = keyword(b, q, wordEnd);
        if (kind < 0) {
            throw error(q, "unknown OpenMetrics comment \"" + ascii(b, q, wordEnd) + "\" (HELP, TYPE, UNIT or EOF expected)");
        }
        if (kind == EOF) {
            throw error(wordEnd, "# EOF takes nothing after it");
        }
        if (wordEnd >= end || wordEnd + 1 >= end) {
            throw error(wordEnd, "expected a metric name after # " + ascii(b, q, wordEnd));
        }
        metadata(kind, b, wordEnd + 1, end);
    }

    private static final int HELP = MetadataMemo.HELP, TYPE = MetadataMemo.TYPE, UNIT = MetadataMemo.UNIT, EOF = 3;

    private static int keyword(byte[] b, int from, int to) {
        int len = to - from;
        if (len == 4 && b[from] == 'H' && b[from + 1] == 'E' && b[from + 2] == 'L' && b[from + 3] == 'P') {
            return HELP;
        } else if (len == 4 && b[from] == 'T' && b[from + 1] == 'Y' && b[from + 2] == 'P' && b[from + 3] == 'E') {
            return TYPE;
        } else if (len == 4 && b[from] == 'U' && b[from + 1] == 'N' && b[from + 2] == 'I' && b[from + 3] == 'T') {
            return UNIT;
        } else if (len == 3 && b[from] == 'E' && b[from + 1] == 'O' && b[from + 2] == 'F') {
            return EOF;
        }
        return -1;
    }

    /** HELP, TYPE or UNIT: {@code name} then the rest of the line. */
    private void metadata(int kind, byte[] b, int p, int end) throws ExpositionException {
        int memoIndex = memo.cursor();
        copyLine(b, p, end);
        int nameEnd;
        int nameOff;
        int nameLen;
        if (b[p] == '"') {
            nameEnd = quoted(b, p, end);
            nameOff = quotedOff;
            nameLen = quotedLen;
        } else {
            nameEnd = metricName(b, p, end);
            if (nameEnd == p) {
                throw error(p, "invalid metric name");
            }
            nameOff = p + delta;
            nameLen = nameEnd - p;
        }
        int restStart;
        if (nameEnd == end) {
            restStart = end;
        } else if (b[nameEnd] == ' ' || (!openMetrics && b[nameEnd] == '\t')) {
            restStart = openMetrics ? nameEnd + 1 : skipBlanks(b, nameEnd, end);
        } else {
            throw error(nameEnd, "expected a blank after the metric name");
        }
        MetricFamily f = family(s.bytes, nameOff, nameLen);
        if (f == null) {
            f = newFamily(s.bytes, nameOff, nameLen);
        } else if (openMetrics && f.samples() > 0) {
            throw error(p, "metadata for " + f.name() + " after its samples (OpenMetrics puts metadata first)");
        }
        String name = f.name();
        switch (kind) {
            case HELP:
                if (f.help() != null) {
                    throw error(p, "second HELP line for " + name);
                }
                String help = unescapeHelp(b, restStart, end);
                f.help(help);
                memo.parsed(b, metaFrom, metaTo, HELP, f, null, help);
                break;
            case TYPE: {
                if (f.typeDeclared()) {
                    throw error(p, "second TYPE line for " + name);
                }
                if (openMetrics && f.samples() > 0) {
                    throw error(p, "TYPE for " + name + " after its samples");
                }
                int typeEnd = openMetrics ? end : trimEnd(b, restStart, end);
                MetricType t = MetricType.parse(b, restStart, typeEnd, openMetrics);
                if (t == null) {
                    throw error(restStart, "invalid metric type \"" + ascii(b, restStart, typeEnd) + "\"");
                }
                f.type(t);
                memo.parsed(b, metaFrom, metaTo, TYPE, f, t, null);
                break;
            }
            default: {
                if (f.unit() != null) {
                    throw error(p, "second UNIT line for " + name);
                }
                // the whole text (ascii() shortens long texts for messages)
                String unit = SharedText.of(new String(b, restStart, end - restStart, StandardCharsets.UTF_8));
                if (!unit.isEmpty() && !name.endsWith("_" + unit)) {
                    throw error(restStart, "unit \"" + unit + "\" is not a suffix of the metric name " + name);
                }
                f.unit(unit);
                memo.parsed(b, metaFrom, metaTo, UNIT, f, null, unit);
                break;
            }
        }
        current = f;
        currentName = f.nameUtf8();
        if (leads != null) {
            leads.metadataLine(b, metaFrom, metaTo, metaFrom == lineStart && metaTo == lineEnd, memoIndex);
        }
    }

    private static int trimEnd(byte[] b, int start, int end) {
        while (end > start && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
            end--;
        }
        return end;
    }

    private String unescapeHelp(byte[] b, int p, int end) throws ExpositionException {
        byte[] out = null;
        int n = 0;
        for (int i = p; i < end; i++) {
            if (b[i] == '\\' && i + 1 < end) {
                byte next = b[i + 1];
                byte replacement;
                if (next == '\\') {
                    replacement = '\\';
                } else if (next == 'n') {
                    replacement = '\n';
                } else if (next == '"' && openMetrics) {
                    replacement = '"';
                } else if (openMetrics) {
                    throw error(i, "invalid escape \\" + (char) next + " in HELP");
                } else {
                    continue; // the text format keeps unknown escapes literally
                }
                if (out == null) {
                    out = new byte[end - p];
                    System.arraycopy(b, p, out, 0, i - p);
                    n = i - p;
                }
                out[n++] = replacement;
                i++;
            } else if (out != null) {
                out[n++] = b[i];
            }
        }
        checkUtf8(b, p, end, p);
        return SharedText.of(out == null ? new String(b, p, end - p, StandardCharsets.UTF_8) : new String(out, 0, n, StandardCharsets.UTF_8));
    }

    /** Character classes by byte: bit 1 label start, 2 label char, 4 name start, 8 name char. */
    private static final byte[] CLASS = new byte[256];

    static {
        for (int c = 0; c < 128; c++) {
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            boolean digit = c >= '0' && c <= '9';
            CLASS[c] = (byte) ((letter ? 1 | 2 | 4 | 8 : 0) | (digit ? 2 | 8 : 0) | (c == ':' ? 4 | 8 : 0));
        }
    }

    private static boolean isNameStart(byte c) {
        return (CLASS[c & 0xff] & 4) != 0;
    }

    private static boolean isNameChar(byte c) {
        return (CLASS[c & 0xff] & 8) != 0;
    }

    private static boolean isLabelStart(byte c) {
        return (CLASS[c & 0xff] & 1) != 0;
    }

    private static boolean isLabelChar(byte c) {
        return (CLASS[c & 0xff] & 2) != 0;
    }

    private static int metricName(byte[] b, int p, int end) {
        if (p >= end || !isNameStart(b[p])) {
            return p;
        }
        p++;
        while (p < end && isNameChar(b[p])) {
            p++;
        }
        return p;
    }

    /** Whether the series {@link #seriesTheLongWay} read had braces (the value may then follow '}' without a blank). */
    private boolean labelsRead;
    /** Whether the series {@link #seriesTheLongWay} read wrote its metric name bare (not quoted in the braces). */
    private boolean seriesBare;

    /**
     * The metric name and labels of a sample line not seen in the previous parse: scanned,
     * validated and resolved to a family. Returns the position after them.
     */
    private int seriesTheLongWay(byte[] b, int p, int end) throws ExpositionException {
        int seriesStart = p;
        s.nameLen = -1;
        boolean sameName = false;
        boolean bareName = false;
        if (lastNameBare && startsWithLastName(b, p, end)) {
            // Samples come in runs of one name: the previous sample's (already checked) name,
            // compared a word at a time, ends the name and finds the family at once.
            sameName = true;
            bareName = true;
            s.nameOff = p + delta;
            s.nameLen = lastNameLen;
            p += lastNameLen;
        } else if (isNameStart(b[p])) {
            int nameEnd = metricName(b, p, end);
            s.nameOff = p + delta;
            s.nameLen = nameEnd - p;
            p = nameEnd;
            bareName = true;
        } else if (b[p] != '{') {
            throw error(p, "expected a metric name, found '" + printable(b[p]) + "'");
        }
        if (!openMetrics) {
            int q = skipBlanks(b, p, end);
            if (q < end && b[q] == '{') {
                p = q; // the text format tolerates blanks between the name and its labels
            }
        }
        boolean afterBrace = false;
        copiedString = false;
        if (p < end && b[p] == '{') {
            p = labels(b, p + 1, end, true);
            afterBrace = true;
        }
        labelsRead = afterBrace;
        if (s.nameLen < 0) {
            throw error(p, "sample without a metric name");
        }
        seriesBare = bareName;
        if (sameName) {
            s.family = lastFamily;
            resolvedViaCurrent = false;
        } else {
            resolveFamily(lineStart, bareName);
        }
        return p;
    }

    /**
     * Copies the rest of the line into the sample's scratch area at once: names and plain label
     * values are then slices of that copy ({@link #delta}), and only a value with escapes or
     * non-ASCII bytes is written again, unescaped, after it.
     */
    private void copyLine(byte[] b, int p, int end) {
        s.clear();
        delta = s.used - p;
        s.append(b, p, end - p);
    }

    private void sample(byte[] b, int p, int end) throws ExpositionException {
        copyLine(b, p, end);
        s.line = lineNo;
        int seriesStart = p;
        int repeated = leads == null || p != lineStart ? -1 : leads.reuse(b, p, end);
        if (repeated > 0 && valueFollows(b, p + repeated)) {
            leads.fill(s, p + delta);
            repeatedSeries(b, p, p + repeated, end, false);
            return;
        }
        lastLead = -1;
        p = seriesTheLongWay(b, p, end);
        boolean afterBrace = labelsRead;
        s.seriesText = b;
        s.seriesTextOff = seriesStart;
        s.seriesTextLen = p - seriesStart;
        checkSpecialLabels(lineStart);
        if (p >= end) {
            throw error(p, "expected a value after the metric name and labels");
        }
        if (openMetrics) {
            if (b[p] != ' ') {
                throw error(p, "expected a blank before the value, found '" + printable(b[p]) + "'");
            }
            p++;
        } else {
            if (b[p] != ' ' && b[p] != '\t' && !afterBrace) {
                throw error(p, "expected a blank before the value, found '" + printable(b[p]) + "'");
            }
            p = skipBlanks(b, p, end);
        }
        // Kept for the next parse only when every name and value is a slice of the line, which
        // starts with the series.
        boolean worthy = !copiedString && seriesStart == lineStart;
        if (worthy) {
            memoWorthy++;
        }
        if (leads != null) {
            int lead = leads.cursor();
            long stamp = leads.parsed(b, seriesStart, p, s, seriesStart + delta, seriesBare, worthy, resolvedViaCurrent);
            if (stamp != 0) {
                s.lead = lead;
                s.leadStamp = stamp;
            }
        }
        value(b, p, end);
    }

    /** The sample value {@code b[p, valueEnd)}. */
    private void parseValue(byte[] b, int p, int valueEnd) throws ExpositionException {
        try {
            s.value = NumberParser.parseDouble(b, p, valueEnd);
        } catch (NumberParser.Invalid e) {
            throw error(p, "invalid value \"" + ascii(b, p, valueEnd) + "\"");
        }
    }

    /** The sample is complete: counted, and handed over. */
    private void emit() throws ExpositionException {
        samples++;
        s.family.countSample();
        handler.sample(s);
    }

    /** The value and what may follow it, from {@code b[p]} (after the blanks that separate it from the series). */
    private void value(byte[] b, int p, int end) throws ExpositionException {
        if (!openMetrics) {
            p = skipBlanks(b, p, end); // the text format allows any number of blanks (a remembered lead holds some)
        }
        int valueEnd = token(b, p, end);
        if (valueEnd == p) {
            throw error(p, "expected a value");
        }
        parseValue(b, p, valueEnd);
        p = valueEnd;
        if (openMetrics) {
            p = openMetricsTail(b, p, end);
        } else {
            p = skipBlanks(b, p, end);
            if (p < end) {
                int tsEnd = token(b, p, end);
                try {
                    s.timestampMs = NumberParser.parseLong(b, p, tsEnd);
                    s.hasTimestamp = true;
                } catch (NumberParser.Invalid e) {
                    throw error(p, "invalid timestamp \"" + ascii(b, p, tsEnd)
                            + "\" (the text format wants integer milliseconds)");
                }
                p = skipBlanks(b, tsEnd, end);
                if (p < end) {
                    throw error(p, "unexpected \"" + ascii(b, p, end) + "\" after the timestamp");
                }
            }
        }
        emit();
    }

    private int openMetricsTail(byte[] b, int p, int end) throws ExpositionException {
        if (p == end) {
            return p;
        }
        if (b[p] != ' ' || p + 1 >= end) {
            throw error(p, "expected a single blank then a timestamp or exemplar");
        }
        p++;
        if (b[p] != '#') {
            int tsEnd = token(b, p, end);
            try {
                s.timestampMs = NumberParser.parseSecondsToMillis(b, p, tsEnd);
                s.hasTimestamp = true;
            } catch (NumberParser.Invalid e) {
                throw error(p, "invalid timestamp \"" + ascii(b, p, tsEnd) + "\"");
            }
            p = tsEnd;
            if (p == end) {
                return p;
            }
            if (b[p] != ' ' || p + 1 >= end || b[p + 1] != '#') {
                throw error(p, "unexpected \"" + ascii(b, p, end) + "\" after the timestamp");
            }
            p++;
        }
        return exemplar(b, p, end);
    }

    /** {@code # {labels} value [timestamp]} — parsed and validated, then discarded from the view. */
    private int exemplar(byte[] b, int p, int end) throws ExpositionException {
        if (p + 2 >= end || b[p + 1] != ' ' || b[p + 2] != '{') {
            throw error(p, "expected \" # {\" to start an exemplar");
        }
        s.labelsNow(); // the sample's own labels before the exemplar's
        int savedLabels = s.labelCount;
        int savedUsed = s.used;
        int labelsStart = p + 3;
        p = labels(b, labelsStart, end, false);
        int runes = 0;
        for (int i = savedLabels; i < s.labelCount; i++) {
            runes += runeCount(s.bytes, s.labelNameOff[i], s.labelNameLen[i]) + runeCount(s.bytes, s.labelValueOff[i], s.labelValueLen[i]);
        }
        s.labelCount = savedLabels;
        s.used = savedUsed;
        if (runes > 128) {
            throw error(labelsStart, "exemplar labels are " + runes + " characters long (at most 128)");
        }
        if (p >= end || b[p] != ' ') {
            throw error(p, "expected a blank then the exemplar value");
        }
        p++;
        int valueEnd = token(b, p, end);
        try {
            s.exemplarValue = NumberParser.parseDouble(b, p, valueEnd);
        } catch (NumberParser.Invalid e) {
            throw error(p, "invalid exemplar value \"" + ascii(b, p, valueEnd) + "\"");
        }
        p = valueEnd;
        if (p < end) {
            if (b[p] != ' ' || p + 1 >= end) {
                throw error(p, "expected a blank then the exemplar timestamp");
            }
            int tsEnd = token(b, p + 1, end);
            try {
                NumberParser.parseSecondsToMillis(b, p + 1, tsEnd);
            } catch (NumberParser.Invalid e) {
                throw error(p + 1, "invalid exemplar timestamp \"" + ascii(b, p + 1, tsEnd) + "\"");
            }
            p = tsEnd;
            if (p < end) {
                throw error(p, "unexpected \"" + ascii(b, p, end) + "\" after the exemplar");
            }
        }
        s.hasExemplar = true;
        exemplars++;
        return p;
    }

    private static int runeCount(byte[] b, int off, int len) {
        int n = 0;
        for (int i = off; i < off + len; i++) {
            if ((b[i] & 0xc0) != 0x80) {
                n++;
            }
        }
        return n;
    }

    private static int token(byte[] b, int p, int end) {
        while (p < end && b[p] != ' ' && b[p] != '\t') {
            p++;
        }
        return p;
    }

    /**
     * Parses labels after '{' up to and including '}'. With {@code allowName} the first item may be
     * a quoted metric name ({@code {"my.metric", ...}}). Returns the position after '}'.
     */
    private int labels(byte[] b, int p, int end, boolean allowName) throws ExpositionException {
        int first = s.labelCount;
        boolean firstItem = true;
        long fingerprints = 0;
        while (true) {
            p = skipBlanks(b, p, end);
            if (p >= end) {
                throw error(p, "unterminated label set");
            }
            if (b[p] == '}') {
                return p + 1;
            }
            int nameOff;
            int nameLen;
            int itemStart = p;
            if (b[p] == '"') {
                p = quoted(b, p, end);
                nameOff = quotedOff;
                nameLen = quotedLen;
                int q = skipBlanks(b, p, end);
                if (q < end && b[q] != '=') {
                    // A quoted string not followed by '=' is the metric name (UTF-8 names).
                    if (!allowName || !firstItem || s.nameLen >= 0) {
                        throw error(itemStart, s.nameLen >= 0 && allowName ? "metric name given twice"
                                : "a quoted metric name must be the first item in the braces");
                    }
                    if (nameLen == 0) {
                        throw error(itemStart, "empty metric name");
                    }
                    s.nameOff = nameOff;
                    s.nameLen = nameLen;
                    p = afterLabel(b, q, end);
                    firstItem = false;
                    continue;
                }
                p = q;
                if (nameLen == 0) {
                    throw error(itemStart, "empty label name");
                }
            } else if (isLabelStart(b[p])) {
                int nameEnd = p + 1;
                while (nameEnd < end && isLabelChar(b[nameEnd])) {
                    nameEnd++;
                }
                nameOff = p + delta;
                nameLen = nameEnd - p;
                p = skipBlanks(b, nameEnd, end);
            } else {
                throw error(p, "invalid label name starting with '" + printable(b[p]) + "'");
            }
            if (p >= end || b[p] != '=') {
                throw error(p, "expected '=' after the label name");
            }
            p = skipBlanks(b, p + 1, end);
            if (p >= end || b[p] != '"') {
                throw error(p, "expected '\"' to open the label value");
            }
            int idx = s.addLabel(nameOff, nameLen);
            p = quoted(b, p, end);
            s.labelValueOff[idx] = quotedOff;
            s.labelValueLen[idx] = quotedLen;
            // A label set's names mostly differ in length, first or last byte: one bit per such
            // fingerprint tells when the names must really be compared.
            long bit = 1L << ((s.bytes[nameOff] + 3 * s.bytes[nameOff + nameLen - 1] + 9 * nameLen) * 0x9E3779B9 >>> 26);
            if ((fingerprints & bit) != 0) {
                duplicateCheck(first, idx, nameOff, nameLen, itemStart);
            }
            fingerprints |= bit;
            p = afterLabel(b, p, end);
            firstItem = false;
        }
    }

    private void duplicateCheck(int first, int idx, int nameOff, int nameLen, int itemStart) throws ExpositionException {
        for (int j = first; j < idx; j++) {
            if (s.labelNameLen[j] == nameLen && Arrays.equals(s.bytes, s.labelNameOff[j], s.labelNameOff[j] + nameLen,
                    s.bytes, nameOff, nameOff + nameLen)) {
                throw error(itemStart, "duplicate label name \"" + new String(s.bytes, nameOff, nameLen, StandardCharsets.UTF_8) + "\"");
            }
        }
    }

    /** After a label: blanks, then ',' (consumed) or '}' (left for the loop). */
    private int afterLabel(byte[] b, int p, int end) throws ExpositionException {
        p = skipBlanks(b, p, end);
        if (p < end && b[p] == ',') {
            return p + 1;
        }
        if (p < end && b[p] == '}') {
            return p;
        }
        throw error(p, p < end ? "expected ',' or '}' after a label, found '" + printable(b[p]) + "'" : "unterminated label set");
    }

    /** Scratch offset of a position in the current line: the line was copied by {@link #copyLine}. */
    private int delta;
    /** Where {@link #quoted} left the string it read (a slice of the scratch area). */
    private int quotedOff;
    private int quotedLen;
    /** Whether a string of the current series had to be copied (escapes, non-ASCII): then the series is not kept. */
    private boolean copiedString;

    /**
     * Reads a double-quoted string at {@code b[p]}, unescaped, into {@link #quotedOff} and
     * {@link #quotedLen}. Returns the position after the closing quote.
     */
    private int quoted(byte[] b, int p, int end) throws ExpositionException {
        int start = p;
        p++;
        int first = ByteScan.indexOfQuoteOrBackslash(b, p, end, true);
        if (first >= 0 && b[first] == '"') {
            // Plain ASCII without escapes, as nearly every value is: the line's copy already holds it.
            quotedOff = p + delta;
            quotedLen = first - p;
            return first + 1;
        }
        quotedOff = s.used;
        copiedString = true;
        while (true) {
            int stop = ByteScan.indexOfQuoteOrBackslash(b, p, end, true);
            boolean nonAscii = stop >= 0 && b[stop] < 0;
            if (nonAscii) {
                stop = ByteScan.indexOfQuoteOrBackslash(b, stop, end, false);
            }
            if (stop < 0) {
                throw error(start, "unterminated quoted string");
            }
            int copied = s.append(b, p, stop - p);
            if (nonAscii) {
                checkUtf8(s.bytes, copied, copied + (stop - p), start);
            }
            if (b[stop] == '"') {
                quotedLen = s.used - quotedOff;
                return stop + 1;
            }
            if (stop + 1 >= end) {
                throw error(start, "unterminated quoted string");
            }
            byte next = b[stop + 1];
            if (next == '\\' || next == '"') {
                s.appendByte(next);
            } else if (next == 'n') {
                s.appendByte((byte) '\n');
            } else if (openMetrics) {
                throw error(stop, "invalid escape \\" + printable(next) + " in a quoted string");
            } else {
                // Prometheus' text parser keeps unknown escapes as they are.
                s.appendByte((byte) '\\');
                s.appendByte(next);
            }
            p = stop + 2;
        }
    }

    private void checkUtf8(byte[] b, int from, int to, int reportAt) throws ExpositionException {
        int i = from;
        while (i < to) {
            int c = b[i] & 0xff;
            int n;
            if (c < 0x80) {
                i++;
                continue;
            } else if (c >= 0xc2 && c <= 0xdf) {
                n = 1;
            } else if (c >= 0xe0 && c <= 0xef) {
                n = 2;
            } else if (c >= 0xf0 && c <= 0xf4) {
                n = 3;
            } else {
                throw error(reportAt, "invalid UTF-8");
            }
            if (i + n >= to) {
                throw error(reportAt, "invalid UTF-8");
            }
            for (int k = 1; k <= n; k++) {
                if ((b[i + k] & 0xc0) != 0x80) {
                    throw error(reportAt, "invalid UTF-8");
                }
            }
            int second = b[i + 1] & 0xff;
            if ((c == 0xe0 && second < 0xa0) || (c == 0xed && second > 0x9f) || (c == 0xf0 && second < 0x90)
                    || (c == 0xf4 && second > 0x8f)) {
                throw error(reportAt, "invalid UTF-8");
            }
            i += n + 1;
        }
    }

    /** Whether {@code b[p, end)} starts with the previous sample's metric name, followed by no other name character. */
    private boolean startsWithLastName(byte[] b, int p, int end) {
        int nameEnd = p + lastNameLen;
        return nameEnd <= end && Arrays.equals(b, p, nameEnd, lastName(), 0, lastNameLen) && (nameEnd == end || !isNameChar(b[nameEnd]));
    }

    /** @param bareName whether the name was written bare (not quoted in the braces) */
    private void resolveFamily(int at, boolean bareName) throws ExpositionException {
        byte[] nb = s.bytes;
        int off = s.nameOff;
        int len = s.nameLen;
        resolvedViaCurrent = false;
        if (lastFamily != null && lastNameLen == len && Arrays.equals(nb, off, off + len, lastName(), 0, len)) {
            s.family = lastFamily;
            lastNameBare = bareName;
            return;
        }
        MetricFamily f = null;
        if (current != null && len >= currentName.length
                && Arrays.equals(nb, off, off + currentName.length, currentName, 0, currentName.length)) {
            if (current.type().acceptsSuffix(MetricType.suffix(nb, off + currentName.length, len - currentName.length), openMetrics)) {
                f = current;
                resolvedViaCurrent = true;
            }
        }
        if (f == null) {
            f = family(nb, off, len);
            if (f != null && f.typeDeclared() && !f.type().acceptsSuffix(MetricType.NO_SUFFIX, openMetrics)) {
                throw error(at, "sample " + f.name() + " does not fit its " + f.type() + " family (a suffix such as "
                        + (f.type() == MetricType.COUNTER ? "_total" : f.type() == MetricType.INFO ? "_info" : "_bucket")
                        + " is required)");
            }
            if (f == null) {
                f = newFamily(nb, off, len);
            }
        }
        settle(f, at, bareName, -1);
    }

    /**
     * The sample's family is {@code f} (a new name's): checked against OpenMetrics' order, and
     * its name remembered for the next line — as the bytes of lead {@code lead} of the LeadMemo,
     * copied only if a later line asks for them, or (lead -1) copied now.
     */
    private void settle(MetricFamily f, int at, boolean bareName, int lead) throws ExpositionException {
        if (openMetrics && f != lastFamily && f.samples() > 0) {
            throw error(at, "samples of " + f.name() + " are not contiguous (OpenMetrics families must not interleave)");
        }
        lastFamily = f;
        lastNameLen = s.nameLen;
        lastNameOfLead = lead;
        if (lead < 0) {
            if (lastName.length < s.nameLen) {
                lastName = new byte[Math.max(64, s.nameLen)];
            }
            System.arraycopy(s.bytes, s.nameOff, lastName, 0, s.nameLen);
        }
        lastNameBare = bareName;
        s.family = f;
    }

    /** The previous sample's metric name, {@link #lastNameLen} bytes. */
    private byte[] lastName() {
        if (lastNameOfLead >= 0) {
            if (lastName.length < lastNameLen) {
                lastName = new byte[Math.max(64, lastNameLen)];
            }
            leads.copyName(lastNameOfLead, lastName);
            lastNameOfLead = -1;
        }
        return lastName;
    }

    /** Whether {@code b[off, off+len)} holds exactly the ASCII text {@code s}. */
    static boolean sameAscii(byte[] b, int off, int len, String s) {
        if (s.length() != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (b[off + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static final byte[] LE = {'l', 'e'};
    private static final byte[] QUANTILE = {'q', 'u', 'a', 'n', 't', 'i', 'l', 'e'};

    /** Histogram buckets need a numeric {@code le}, summary quantiles a numeric {@code quantile}. */
    private void checkSpecialLabels(int at) throws ExpositionException {
        MetricType t = s.family.type();
        byte[] required = null;
        if ((t == MetricType.HISTOGRAM || t == MetricType.GAUGE_HISTOGRAM) && s.nameLen == s.family.nameUtf8().length + 7
                && endsWith(s.bytes, s.nameOff, s.nameLen, "_bucket")) {
            required = LE;
        } else if (t == MetricType.SUMMARY && s.nameLen == s.family.nameUtf8().length) {
            required = QUANTILE;
        }
        if (required == null) {
            return;
        }
        s.labelsNow();
        for (int i = 0; i < s.labelCount; i++) {
            if (s.labelNameLen[i] == required.length
                    && Arrays.equals(s.bytes, s.labelNameOff[i], s.labelNameOff[i] + required.length, required, 0, required.length)) {
                try {
                    NumberParser.parseDouble(s.bytes, s.labelValueOff[i], s.labelValueOff[i] + s.labelValueLen[i]);
                } catch (NumberParser.Invalid e) {
                    throw error(at, "invalid " + new String(required, StandardCharsets.US_ASCII) + " label value \""
                            + s.labelValue(i) + "\"");
                }
                return;
            }
        }
        throw error(at, s.name() + " lacks the " + new String(required, StandardCharsets.US_ASCII) + " label its "
                + t + " family requires");
    }

    private static boolean endsWith(byte[] b, int off, int len, String suffix) {
        int n = suffix.length();
        if (len < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[off + len - n + i] != suffix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(byte[] b, int from, int to) {
        String str = new String(b, from, Math.max(0, Math.min(to, from + 64) - from), StandardCharsets.UTF_8);
        return to - from > 64 ? str + "…" : str;
    }

    private static String printable(byte c) {
        if (c >= 0x20 && c < 0x7f) {
            return String.valueOf((char) c);
        }
        return String.format("\\x%02x", c & 0xff);
    }
}
