package io.openagent.openmx;

import java.util.Arrays;

/**
 * Which series a target's previous scrape had, to count the series a scrape adds. Exporters write
 * their series in the same order scrape after scrape, so the previous scrape is kept as a list and
 * a sample is first compared with the series at its own position: one sequential read, no hashing
 * into a table that does not fit the cache. Only a scrape that strays from the old order builds
 * the set of the previous series, once, and asks it.
 */
final class SeriesMemory {
    private long[] previous = new long[0];
    private int previousCount;
    private long[] current = new long[1024];
    private int currentCount;
    private final SeriesSet previousSet = new SeriesSet();
    private boolean previousSetBuilt;

    /** Records series {@code h} for this scrape; whether the previous scrape had it. */
    boolean record(long h) {
        int at = currentCount;
        if (at == current.length) {
            current = Arrays.copyOf(current, at * 2);
        }
        current[at] = h;
        currentCount = at + 1;
        if (at < previousCount && previous[at] == h) {
            return true;
        }
        if (!previousSetBuilt) {
            previousSet.clear();
            for (int i = 0; i < previousCount; i++) {
                previousSet.add(previous[i]);
            }
            previousSetBuilt = true;
        }
        return previousSet.contains(h);
    }

    /** The scrape succeeded: its series are what the next scrape compares with. */
    void commit() {
        long[] t = previous;
        previous = current;
        previousCount = currentCount;
        current = t.length >= 1024 ? t : new long[1024];
        currentCount = 0;
        previousSetBuilt = false;
    }

    /** The scrape failed: forget its series, keep the previous scrape's. */
    void discard() {
        currentCount = 0;
    }
}
