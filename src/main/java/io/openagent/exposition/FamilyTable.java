package io.openagent.exposition;

import java.util.Arrays;

/**
 * A reader's metric families by the UTF-8 bytes of their names: a lookup straight from the line
 * buffer, without making a String or touching a second map. Open addressing with the hashes kept
 * beside the entries, so a probe that misses does not load the family. Not thread-safe.
 */
final class FamilyTable {
    private int[] hashes = new int[512];
    private MetricFamily[] entries = new MetricFamily[512];
    private int size;

    /** The family named by {@code b[off, off+len)}, or null. */
    MetricFamily get(byte[] b, int off, int len) {
        int h = hash(b, off, len);
        int mask = entries.length - 1;
        for (int i = h & mask;; i = (i + 1) & mask) {
            MetricFamily f = entries[i];
            if (f == null) {
                return null;
            }
            if (hashes[i] == h) {
                byte[] name = f.nameUtf8();
                if (name.length == len && Arrays.equals(name, 0, len, b, off, off + len)) {
                    return f;
                }
            }
        }
    }

    /** Adds a family whose name is not in the table yet. */
    void add(MetricFamily f) {
        if ((size + 1) * 2 > entries.length) {
            grow();
        }
        insert(f);
        size++;
    }

    int size() {
        return size;
    }

    void clear() {
        Arrays.fill(entries, null);
        size = 0;
    }

    private void insert(MetricFamily f) {
        byte[] name = f.nameUtf8();
        int h = hash(name, 0, name.length);
        int mask = entries.length - 1;
        int i = h & mask;
        while (entries[i] != null) {
            i = (i + 1) & mask;
        }
        entries[i] = f;
        hashes[i] = h;
    }

    private void grow() {
        MetricFamily[] old = entries;
        entries = new MetricFamily[old.length * 2];
        hashes = new int[old.length * 2];
        for (MetricFamily f : old) {
            if (f != null) {
                insert(f);
            }
        }
    }

    private static int hash(byte[] b, int off, int len) {
        long h = ByteHash.hash(b, off, len, 0);
        return (int) (h ^ (h >>> 32));
    }
}
