package io.openagent.openmx;

import java.util.Arrays;

/** An open-addressing set of 64-bit series hashes, reused between scrapes without allocating. */
final class SeriesSet {
    private static final long EMPTY = 0;
    private long[] slots = new long[1024];
    private int size;
    private boolean hasZero;

    boolean contains(long h) {
        if (h == EMPTY) {
            return hasZero;
        }
        int mask = slots.length - 1;
        for (int i = mix(h) & mask;; i = (i + 1) & mask) {
            long v = slots[i];
            if (v == h) {
                return true;
            }
            if (v == EMPTY) {
                return false;
            }
        }
    }

    void add(long h) {
        if (h == EMPTY) {
            hasZero = true;
            return;
        }
        if ((size + 1) * 2 > slots.length) {
            long[] old = slots;
            slots = new long[old.length * 2];
            size = 0;
            for (long v : old) {
                if (v != EMPTY) {
                    add(v);
                }
            }
        }
        int mask = slots.length - 1;
        for (int i = mix(h) & mask;; i = (i + 1) & mask) {
            long v = slots[i];
            if (v == h) {
                return;
            }
            if (v == EMPTY) {
                slots[i] = h;
                size++;
                return;
            }
        }
    }

    int size() {
        return size + (hasZero ? 1 : 0);
    }

    void clear() {
        if (size > 0) {
            Arrays.fill(slots, EMPTY);
        }
        size = 0;
        hasZero = false;
    }

    private static int mix(long h) {
        long x = h * 0x9E3779B97F4A7C15L;
        return (int) (x ^ (x >>> 32));
    }
}
