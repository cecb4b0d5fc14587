package io.openagent.exposition;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streams an exposition body through the right parser: reads the InputStream in chunks, hands
 * complete lines (or delimited protobuf messages) to the parser and never holds the whole body.
 * Enforces the body size limit on the bytes read (after any decompression the caller applied).
 */
public final class ExpositionReader {
    /** Default longest line (or protobuf message) accepted. */
    public static final int DEFAULT_MAX_LINE = 16 * 1024 * 1024;

    private final int chunkSize;
    private final long maxBodyBytes;
    private final int maxLineBytes;
    /**
     * The line buffer is the scrape thread's, not the target's: a target needs it only while it is
     * read, and 200 targets × 64 KB of buffers that are idle between scrapes cost memory and push
     * each other out of the caches. A read takes the thread's buffer and gives it back after.
     */
    private static final ThreadLocal<byte[]> THREAD_BUFFER = new ThreadLocal<>();
    /** A buffer grown past this for one long line is not kept for the thread's next read. */
    private static final int KEEP_AT_MOST = 1 << 20;
    private byte[] buf;
    /** The text parser's families of earlier reads, met again by the next one (see TextParser). */
    private final FamilyTable families = new FamilyTable();
    /** The metadata lines of the last successful text parse (see MetadataMemo). */
    private final MetadataMemo memo = new MetadataMemo();
    /** What led to each value in the last successful text parse (see LeadMemo). */
    private final LeadMemo leads = new LeadMemo(memo);
    /**
     * Whether most samples of the last parse had a lead of the kind the memo keeps: only then is
     * it kept and consulted (a body whose label values are mostly escaped would pay for a memo it
     * cannot use).
     */
    private boolean leadMemoPays;
    private int generation;
    private int lastFamilyCount;
    /**
     * The families of the last parse, in order, as its {@link Result} lists them, and the sample
     * its parser handed over line after line: kept for the next parse, which then allocates
     * next to nothing (the families themselves are kept across parses too, see TextParser).
     */
    private final List<MetricFamily> order = new ArrayList<>();
    private final Sample sample = new Sample();
    /** Of the last text parse: sample lines taken with their whole lead (see LeadMemo), for tests. */
    private int lastLeadsTaken;

    /**
     * What a parse found. Its families are this reader's: they hold what this parse found until
     * the reader's next read, which reuses them and the list.
     */
    public record Result(ExpositionFormat format, List<MetricFamily> families, long samples, long exemplars, long bytes) {
    }

    public ExpositionReader() {
        this(64 * 1024, 0, DEFAULT_MAX_LINE);
    }

    /**
     * @param maxBodyBytes 0 for unlimited, else the largest body accepted
     */
    public ExpositionReader(int chunkSize, long maxBodyBytes, int maxLineBytes) {
        this.chunkSize = chunkSize;
        this.maxBodyBytes = maxBodyBytes;
        this.maxLineBytes = maxLineBytes;
    }

    public Result read(InputStream in, ExpositionFormat format, ExpositionHandler handler) throws IOException {
        byte[] b = THREAD_BUFFER.get();
        THREAD_BUFFER.set(null); // a read inside a read (none today) gets a buffer of its own
        buf = b != null && b.length >= chunkSize ? b : new byte[Math.max(chunkSize, 1024)];
        try {
            return format == ExpositionFormat.PROTOBUF ? readProtobuf(in, handler) : readText(in, format, handler);
        } finally {
            if (buf.length <= KEEP_AT_MOST) {
                THREAD_BUFFER.set(buf);
            }
            buf = null;
        }
    }

    private Result readText(InputStream in, ExpositionFormat format, ExpositionHandler handler) throws IOException {
        if (families.size() > 2 * lastFamilyCount + 4096) {
            families.clear(); // names that come and go must not pile up
            memo.clear();
            leads.clear();
        }
        if (generation == Integer.MAX_VALUE) {
            families.clear(); // a generation number must never come back while an old family carries it
            memo.clear();
            leads.clear();
            generation = 0;
        }
        generation++;
        memo.begin(format == ExpositionFormat.OPENMETRICS);
        LeadMemo leadMemo = leadMemoPays ? leads : null;
        if (leadMemo != null) {
            leadMemo.begin(format == ExpositionFormat.OPENMETRICS);
        }
        TextParser parser = new TextParser(format == ExpositionFormat.OPENMETRICS, handler, families, memo, leadMemo, generation, order, sample);
        int filled = 0;
        int start = 0;
        long total = 0;
        while (true) {
            if (filled == buf.length) {
                if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, filled - start);
                    filled -= start;
                    start = 0;
                } else {
                    if (buf.length >= maxLineBytes) {
                        throw new ExpositionException(parser.lines() + 1, 0, "line longer than " + maxLineBytes + " bytes");
                    }
                    buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, maxLineBytes));
                }
            }
            int n = in.read(buf, filled, buf.length - filled);
            if (n < 0) {
                break;
            }
            total += n;
            if (maxBodyBytes > 0 && total > maxBodyBytes) {
                throw new ExpositionException(0, 0, "body exceeds the size limit of " + maxBodyBytes + " bytes");
            }
            int scanFrom = filled; // the bytes before were searched for line feeds already
            filled += n;
            while (true) {
                // What the previous parse had at this position has a known end: a whole lead
                // (metadata lines and a series) up to a value, or one metadata line.
                int lf = parser.repeatedSample(buf, start, filled);
                if (lf < 0) {
                    lf = parser.repeatedLine(buf, start, filled);
                }
                if (lf < 0) {
                    lf = ByteScan.indexOfLineFeed(buf, Math.max(start, scanFrom), filled);
                    if (lf < 0) {
                        break;
                    }
                    parser.line(buf, start, lf);
                }
                start = lf + 1;
            }
        }
        if (start < filled) {
            parser.line(buf, start, filled);
        }
        parser.finish();
        memo.finish();
        if (leadMemo != null) {
            leadMemo.finish();
        } else {
            leads.clear(); // what it held is out of date; the next parse that uses it starts afresh
        }
        leadMemoPays = parser.samples() > 0 && parser.memoWorthy() * 2L >= parser.samples();
        lastFamilyCount = parser.families().size();
        sample.clear(); // it points into the thread's buffer, which goes back now
        lastLeadsTaken = parser.leadsTaken();
        return new Result(format, parser.families(), parser.samples(), parser.exemplars(), total);
    }

    /** Sample lines of the last successful text parse that were taken with their whole lead, only their values parsed. */
    int lastLeadsTaken() {
        return lastLeadsTaken;
    }

    /** Bytes of text the memos keep for the next parse (for tests). */
    int rememberedTextBytes() {
        return memo.textBytes() + leads.textBytes();
    }

    private Result readProtobuf(InputStream in, ExpositionHandler handler) throws IOException {
        ProtobufParser parser = new ProtobufParser(handler);
        long total = 0;
        while (true) {
            long len = 0;
            int shift = 0;
            int first = in.read();
            if (first < 0) {
                break;
            }
            int c = first;
            total++;
            while (true) {
                len |= (long) (c & 0x7f) << shift;
                if ((c & 0x80) == 0) {
                    break;
                }
                shift += 7;
                if (shift > 35) {
                    throw new ExpositionException(0, 0, "protobuf: bad message length prefix");
                }
                c = in.read();
                if (c < 0) {
                    throw new ExpositionException(0, 0, "protobuf: truncated message length prefix");
                }
                total++;
            }
            if (len > maxLineBytes) {
                throw new ExpositionException(0, 0, "protobuf message of " + len + " bytes exceeds " + maxLineBytes);
            }
            int size = (int) len;
            if (buf.length < size) {
                buf = new byte[Math.max(size, buf.length * 2)];
            }
            int got = in.readNBytes(buf, 0, size);
            if (got < size) {
                throw new ExpositionException(0, 0, "protobuf: truncated message (" + got + " of " + size + " bytes)");
            }
            total += size;
            if (maxBodyBytes > 0 && total > maxBodyBytes) {
                throw new ExpositionException(0, 0, "body exceeds the size limit of " + maxBodyBytes + " bytes");
            }
            parser.message(buf, 0, size);
        }
        return new Result(ExpositionFormat.PROTOBUF, parser.families(), parser.samples(), 0, total);
    }
}
