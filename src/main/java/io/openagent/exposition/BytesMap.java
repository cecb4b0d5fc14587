package io.openagent.exposition;

import java.util.Arrays;

/**
 * An open-addressing map keyed by byte ranges, so a lookup from a parser buffer allocates nothing.
 * Keys are copied on insertion. Bounded: when {@code maxEntries} is reached it starts over.
 * Not thread-safe.
 */
public final class BytesMap<V> {
    private final int maxEntries;
    private byte[][] keys = new byte[256][];
    private Object[] values = new Object[256];
    private int size;

    public BytesMap(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** The value for the key, or null. */
    @SuppressWarnings("unchecked")
    public V get(byte[] b, int off, int len) {
        int mask = keys.length - 1;
        for (int i = hash(b, off, len) & mask;; i = (i + 1) & mask) {
            byte[] k = keys[i];
            if (k == null) {
                return null;
            }
            if (k.length == len && Arrays.equals(k, 0, len, b, off, off + len)) {
                return (V) values[i];
            }
        }
    }

    public void put(byte[] b, int off, int len, V value) {
        if (size >= maxEntries) {
            Arrays.fill(keys, null);
            Arrays.fill(values, null);
            size = 0;
        }
        insert(Arrays.copyOfRange(b, off, off + len), value);
    }

    private void insert(byte[] key, Object value) {
        if ((size + 1) * 2 > keys.length) {
            byte[][] oldKeys = keys;
            Object[] oldValues = values;
            keys = new byte[oldKeys.length * 2][];
            values = new Object[oldKeys.length * 2];
            size = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != null) {
                    insert(oldKeys[i], oldValues[i]);
                }
            }
        }
        int mask = keys.length - 1;
        int i = hash(key, 0, key.length) & mask;
        while (keys[i] != null) {
            if (Arrays.equals(keys[i], key)) {
                values[i] = value;
                return;
            }
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
