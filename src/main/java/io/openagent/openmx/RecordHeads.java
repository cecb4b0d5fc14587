package io.openagent.openmx;

import java.util.Arrays;

/**
 * The head of each OpenMx record a converter wrote — version byte, metric name, label count and
 * the scraped labels (the target's too with honor_labels; without, they are the same bytes for
 * every record and follow from the target) — kept by the sample's lead (see
 * {@link io.openagent.exposition.Sample#leadStamp()}) with the series hash. A sample whose lead
 * comes back with the same stamp has the same series bytes, and a converter's target labels and
 * label rules do not change while it lives, so its head is these bytes again: one copy instead of
 * counting, renaming and writing every label.
 *
 * <p>Heads are appended to one array; a head replaced or of a lead the body no longer has is
 * waste, and the array is rewritten without it after a parse once the waste is a fifth of it.
 */
final class RecordHeads {
    /** Bytes of heads kept at most; further heads are written the long way each time. */
    static final int MAX_BYTES = 32 << 20;

    /** Per lead: the stamp its head was written under (0: none), where the head is, its length, the series hash. */
    private long[] stamps = new long[0];
    private int[] offsets = new int[0];
    private int[] lengths = new int[0];
    private long[] hashes = new long[0];
    private byte[] bytes = new byte[0];
    private int used;
    /** Bytes of {@link #bytes} that belong to a kept head. */
    private int live;

    /** Whether the head of lead {@code lead} is kept under {@code stamp}. */
    boolean has(int lead, long stamp) {
        return stamp != 0 && lead < stamps.length && stamps[lead] == stamp;
    }

    byte[] bytes() {
        return bytes;
    }

    int offset(int lead) {
        return offsets[lead];
    }

    int length(int lead) {
        return lengths[lead];
    }

    long hash(int lead) {
        return hashes[lead];
    }

    /** Keeps {@code src[off, off + len)} as the head of lead {@code lead} under {@code stamp}. */
    void put(int lead, long stamp, byte[] src, int off, int len, long hash) {
        if (lead >= stamps.length) {
            int n = Math.max(lead + 1, Math.max(64, stamps.length * 2));
            stamps = Arrays.copyOf(stamps, n);
            offsets = Arrays.copyOf(offsets, n);
            lengths = Arrays.copyOf(lengths, n);
            hashes = Arrays.copyOf(hashes, n);
        }
        forget(lead);
        if (used + len > bytes.length) {
            if (used + len > MAX_BYTES) {
                return;
            }
            bytes = Arrays.copyOf(bytes, Math.min(MAX_BYTES, Math.max(used + len, Math.max(4096, bytes.length * 2))));
        }
        System.arraycopy(src, off, bytes, used, len);
        stamps[lead] = stamp;
        offsets[lead] = used;
        lengths[lead] = len;
        hashes[lead] = hash;
        used += len;
        live += len;
    }

    private void forget(int lead) {
        if (stamps[lead] != 0) {
            stamps[lead] = 0;
            live -= lengths[lead];
        }
    }

    /**
     * After a parse with {@code leads} sample lines: heads of later leads are forgotten, and the
     * bytes are rewritten without waste once it is a fifth of them, or the array cut to what is
     * used when a fifth is free (kept for as long as the body keeps its series: the headroom of
     * growing is not).
     */
    void endParse(int leads) {
        for (int i = leads; i < stamps.length; i++) {
            forget(i);
        }
        int slack = live / 8 + 1024;
        if (used - live <= live / 4 + 4096) {
            if (bytes.length - used > used / 4 + 4096) {
                bytes = Arrays.copyOf(bytes, used + slack);
            }
            return;
        }
        byte[] packed = new byte[live + slack];
        int at = 0;
        for (int i = 0; i < stamps.length; i++) {
            if (stamps[i] != 0) {
                System.arraycopy(bytes, offsets[i], packed, at, lengths[i]);
                offsets[i] = at;
                at += lengths[i];
            }
        }
        bytes = packed;
        used = at;
    }

    /** Bytes held, waste included (for tests and memory accounting). */
    int bytesHeld() {
        return bytes.length;
    }

    /** Bytes of the heads kept. */
    int liveBytes() {
        return live;
    }
}
