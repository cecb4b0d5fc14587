package io.openagent.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import java.util.zip.CRC32;

/**
 * A bounded on-disk queue of packs: every pack handed to the session is appended here first, the
 * sender reads them in order and commits what reached the socket. It survives a restart, even a
 * {@code kill -9} (a torn last record is cut off at start-up); after a lost session the reader
 * rewinds to the last commit, so nothing that was not written is skipped. When the byte cap is
 * reached the oldest segment is deleted and its packs are counted as dropped.
 *
 * <p>Record: {@code int length ‖ int crc32(body) ‖ body}, body = {@code short type ‖ int records ‖ tail}.
 * Segments are files named by their first sequence number; {@code cursor} holds the commit point.
 */
public final class Spool implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Spool.class.getName());
    static final int SEGMENT_BYTES = 8 * 1024 * 1024;
    private static final int MAX_RECORD = 256 * 1024 * 1024;

    /** A pack read from the spool, with the position just after it. */
    public record Entry(PackBody pack, long segment, long nextOffset) {
    }

    private final Path dir;
    private final long capBytes;
    /** segment id → packs in it (for counting drops) */
    private final TreeMap<Long, Long> segmentPacks = new TreeMap<>();
    private final TreeMap<Long, Long> segmentBytes = new TreeMap<>();
    private FileChannel writer;
    private long writeSegment;
    private long readSegment;
    private long readOffset;
    private long commitSegment;
    private long commitOffset;
    private long pending;
    private long nextSegmentId;
    /** How often at most the commit point is written to disk while packs flow. */
    static final long CURSOR_EVERY_MS = 1000;
    private long cursorWrittenAt = System.nanoTime() - CURSOR_EVERY_MS * 1_000_000L;
    public final AtomicLong droppedPacks = new AtomicLong();
    /**
     * The fast path: packs appended and not yet committed, by position, so the sender of a session
     * that keeps up reads them from memory (a rewound one too); the disk copy is what survives a
     * restart. A commit takes its packs out: held on for longer they outlived the young generation
     * and left the old one to a full collection every few seconds.
     */
    private final java.util.LinkedHashMap<Long, Entry> recent = new java.util.LinkedHashMap<>(256, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Long, Entry> eldest) {
            return size() > 1024;
        }
    };

    private static long key(long segment, long offset) {
        return segment * (1L << 32) + offset;
    }
    public final AtomicLong appendedPacks = new AtomicLong();
    /** The head of the record being appended: length, crc, type and record count. */
    private final ByteBuffer head = ByteBuffer.allocate(14);
    private final CRC32 writeCrc = new CRC32();

    public Spool(Path dir, long capBytes) throws IOException {
        this.dir = dir;
        this.capBytes = Math.max(capBytes, 2L * SEGMENT_BYTES);
        Files.createDirectories(dir);
        recover();
    }

    private static String name(long id) {
        return String.format("%016d.seg", id);
    }

    private Path segment(long id) {
        return dir.resolve(name(id));
    }

    private synchronized void recover() throws IOException {
        List<Long> ids = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.seg")) {
            for (Path p : ds) {
                ids.add(Long.parseLong(p.getFileName().toString().replace(".seg", "")));
            }
        }
        ids.sort(null);
        long[] cursor = readCursor();
        for (long id : ids) {
            long[] scan = scan(id); // packs, valid length
            segmentPacks.put(id, scan[0]);
            segmentBytes.put(id, scan[1]);
        }
        nextSegmentId = ids.isEmpty() ? 1 : ids.get(ids.size() - 1) + 1;
        if (cursor != null && segmentPacks.containsKey(cursor[0])) {
            commitSegment = cursor[0];
            commitOffset = Math.min(cursor[1], segmentBytes.get(cursor[0]));
        } else {
            commitSegment = ids.isEmpty() ? nextSegmentId : ids.get(0);
            commitOffset = 0;
        }
        // Segments entirely before the commit point were delivered.
        for (long id : new ArrayList<>(segmentPacks.headMap(commitSegment).keySet())) {
            deleteSegment(id);
        }
        readSegment = commitSegment;
        readOffset = commitOffset;
        pending = countFrom(commitSegment, commitOffset);
        openWriter();
        if (pending > 0) {
            LOG.info("spool " + dir + ": " + pending + " packs from before the restart will be sent");
        }
    }

    /** Packs and valid bytes of a segment; a torn tail (kill -9 mid-write) is cut off. */
    private long[] scan(long id) throws IOException {
        Path p = segment(id);
        long packs = 0;
        long valid = 0;
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            long len = f.length();
            while (valid + 8 <= len) {
                f.seek(valid);
                int n = f.readInt();
                int crc = f.readInt();
                if (n < 6 || n > MAX_RECORD || valid + 8 + n > len) {
                    break;
                }
                byte[] body = new byte[n];
                f.readFully(body);
                if (crc(body) != crc) {
                    break;
                }
                valid += 8 + n;
                packs++;
            }
            if (valid < len) {
                LOG.warning("spool segment " + p + ": cut " + (len - valid) + " bytes of an incomplete record");
                f.setLength(valid);
            }
        }
        return new long[] {packs, valid};
    }

    private long countFrom(long segment, long offset) throws IOException {
        long n = 0;
        for (var e : segmentPacks.tailMap(segment, true).entrySet()) {
            if (e.getKey() == segment && offset > 0) {
                n += countAfter(segment, offset);
            } else {
                n += e.getValue();
            }
        }
        return n;
    }

    private long countAfter(long id, long offset) throws IOException {
        long n = 0;
        try (RandomAccessFile f = new RandomAccessFile(segment(id).toFile(), "r")) {
            long pos = offset;
            while (pos + 8 <= f.length()) {
                f.seek(pos);
                int len = f.readInt();
                pos += 8 + len;
                n++;
            }
        }
        return n;
    }

    private void openWriter() throws IOException {
        if (segmentPacks.isEmpty() || segmentBytes.lastEntry().getValue() >= SEGMENT_BYTES) {
            writeSegment = nextSegmentId++;
            segmentPacks.put(writeSegment, 0L);
            segmentBytes.put(writeSegment, 0L);
        } else {
            writeSegment = segmentPacks.lastKey();
        }
        writer = FileChannel.open(segment(writeSegment), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private static int crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return (int) c.getValue();
    }

    /** Appends a pack; the oldest segment goes (counted) when the cap would be exceeded. */
    public synchronized void append(PackBody pack) throws IOException {
        // length ‖ crc ‖ type ‖ records, then the pack's own tail: written together, never copied into one array
        byte[] tail = pack.tail();
        int bodyLength = 6 + tail.length;
        head.clear();
        head.putShort(8, (short) pack.type()).putInt(10, pack.records());
        writeCrc.reset();
        writeCrc.update(head.array(), 8, 6);
        writeCrc.update(tail);
        head.putInt(0, bodyLength).putInt(4, (int) writeCrc.getValue());
        ByteBuffer[] record = {head, ByteBuffer.wrap(tail)};
        if (segmentBytes.get(writeSegment) + 8 + bodyLength > SEGMENT_BYTES && segmentBytes.get(writeSegment) > 0) {
            writer.close();
            writeSegment = nextSegmentId++;
            segmentPacks.put(writeSegment, 0L);
            segmentBytes.put(writeSegment, 0L);
            writer = FileChannel.open(segment(writeSegment), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        while (head.hasRemaining() || record[1].hasRemaining()) {
            writer.write(record);
        }
        long at = segmentBytes.get(writeSegment);
        recent.put(key(writeSegment, at), new Entry(pack, writeSegment, at + 8 + bodyLength));
        segmentBytes.merge(writeSegment, 8L + bodyLength, Long::sum);
        segmentPacks.merge(writeSegment, 1L, Long::sum);
        pending++;
        appendedPacks.incrementAndGet();
        enforceCap();
    }

    private void enforceCap() throws IOException {
        while (totalBytes() > capBytes && segmentPacks.size() > 1) {
            long oldest = segmentPacks.firstKey();
            long lost = oldest == commitSegment ? countAfter(oldest, commitOffset) : segmentPacks.get(oldest);
            droppedPacks.addAndGet(lost);
            pending -= lost;
            LOG.warning("spool full (" + capBytes + " bytes): dropped the " + lost + " oldest packs");
            deleteSegment(oldest);
            long next = segmentPacks.firstKey();
            if (commitSegment <= oldest) {
                commitSegment = next;
                commitOffset = 0;
            }
            if (readSegment <= oldest) {
                readSegment = next;
                readOffset = 0;
            }
            writeCursor();
        }
    }

    private void deleteSegment(long id) throws IOException {
        recent.keySet().removeIf(k -> k >>> 32 == id);
        segmentPacks.remove(id);
        segmentBytes.remove(id);
        Files.deleteIfExists(segment(id));
    }

    public synchronized long totalBytes() {
        return segmentBytes.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Packs appended and not yet committed. */
    public synchronized long pending() {
        return pending;
    }

    /** The next pack after the read position, or null when the reader is at the end. */
    public synchronized Entry next() throws IOException {
        while (true) {
            Long bytes = segmentBytes.get(readSegment);
            if (bytes == null) {
                Long later = segmentBytes.higherKey(readSegment);
                if (later == null) {
                    return null;
                }
                readSegment = later;
                readOffset = 0;
                continue;
            }
            Entry cached = recent.get(key(readSegment, readOffset));
            if (cached != null) {
                readOffset = cached.nextOffset();
                return cached;
            }
            if (readOffset + 8 <= bytes) {
                try (FileChannel ch = FileChannel.open(segment(readSegment), StandardOpenOption.READ)) {
                    ByteBuffer head = ByteBuffer.allocate(8);
                    readFully(ch, head, readOffset);
                    head.flip();
                    int n = head.getInt();
                    head.getInt();
                    ByteBuffer body = ByteBuffer.allocate(n);
                    readFully(ch, body, readOffset + 8);
                    body.flip();
                    int type = body.getShort() & 0xffff;
                    int records = body.getInt();
                    byte[] tail = new byte[body.remaining()];
                    body.get(tail);
                    readOffset += 8 + n;
                    return new Entry(new PackBody(type, records, tail), readSegment, readOffset);
                }
            }
            Long later = segmentBytes.higherKey(readSegment);
            if (later == null) {
                return null;
            }
            readSegment = later;
            readOffset = 0;
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, at + b.position());
            if (n < 0) {
                throw new EOFException("spool segment ended early");
            }
        }
    }

    /** Marks {@code e} (the entry after the previous commit) as delivered. */
    public synchronized void commit(Entry e) throws IOException {
        if (delivered(e)) {
            return;
        }
        commitSegment = e.segment();
        commitOffset = e.nextOffset();
        pending = Math.max(0, pending - 1);
        forgetDelivered();
        for (long id : new ArrayList<>(segmentPacks.headMap(commitSegment).keySet())) {
            deleteSegment(id);
        }
        // The cursor file is rewritten at most once per CURSOR_EVERY_MS (and on close): after a kill -9
        // the packs delivered in that last stretch are sent again — duplicates, never losses. Rewriting
        // it on every commit cost three file system calls per pack on the session's event loop.
        long now = System.nanoTime();
        if (now - cursorWrittenAt >= CURSOR_EVERY_MS * 1_000_000L) {
            writeCursor();
            cursorWrittenAt = now;
        }
    }

    /** Drops the delivered packs from the head of {@link #recent} (appended, hence committed, in order). */
    private void forgetDelivered() {
        var it = recent.values().iterator();
        while (it.hasNext()) {
            Entry oldest = it.next();
            if (!delivered(oldest)) {
                return;
            }
            it.remove();
        }
    }

    /** Whether {@code e} lies at or before the commit point. */
    private boolean delivered(Entry e) {
        return e.segment() < commitSegment || (e.segment() == commitSegment && e.nextOffset() <= commitOffset);
    }

    /** Packs held in memory besides the disk copy (for tests). */
    synchronized int inMemory() {
        return recent.size();
    }

    /** After a lost session: read again from the last commit. */
    public synchronized void rewind() {
        readSegment = commitSegment;
        readOffset = commitOffset;
    }

    private void writeCursor() throws IOException {
        Path tmp = dir.resolve("cursor.tmp");
        Files.writeString(tmp, commitSegment + " " + commitOffset + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, dir.resolve("cursor"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private long[] readCursor() {
        try {
            String[] parts = Files.readString(dir.resolve("cursor"), StandardCharsets.US_ASCII).trim().split(" ");
            return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        writeCursor();
        writer.close();
    }
}
