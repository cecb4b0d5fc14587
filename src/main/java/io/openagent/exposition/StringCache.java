package io.openagent.exposition;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Remembers the Strings made from byte sequences (family names, help texts), so that scraping the
 * same target again does not allocate them again. Bounded: when full it starts over.
 */
final class StringCache {
    private static final int MAX_ENTRIES = 1 << 16;
    private byte[][] keys = new byte[1024][];
    private String[] values = new String[1024];
    private int size;

    String get(byte[] b, int off, int len) {
        int h = hash(b, off, len);
        int mask = keys.length - 1;
        for (int i = h & mask;; i = (i + 1) & mask) {
            byte[] k = keys[i];
            if (k == null) {
                String s = new String(b, off, len, StandardCharsets.UTF_8);
                put(Arrays.copyOfRange(b, off, off + len), s, h);
                return s;
            }
            if (k.length == len && Arrays.equals(k, 0, len, b, off, off + len)) {
                return values[i];
            }
        }
    }

    private void put(byte[] key, String value, int h) {
        if (size >= MAX_ENTRIES) {
            Arrays.fill(keys, null);
            Arrays.fill(values, null);
            size = 0;
        } else if ((size + 1) * 2 > keys.length) {
            byte[][] ok = keys;
            String[] ov = values;
            keys = new byte[ok.length * 2][];
            values = new String[ok.length * 2];
            size = 0;
            for (int i = 0; i < ok.length; i++) {
                if (ok[i] != null) {
                    put(ok[i], ov[i], hash(ok[i], 0, ok[i].length));
                }
            }
        }
        int mask = keys.length - 1;
        int i = h & mask;
        while (keys[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        size++;
    }

    private static int hash(byte[] b, int off, int len) {
        long h = ByteHash.hash(b, off, len, 0);
        return (int) (h ^ (h >>> 32));
    }
}
