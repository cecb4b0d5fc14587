package io.openagent.openmx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesMemoryTest {
    /** How many of {@code scrape}'s series the previous committed scrape did not have. */
    private static int added(SeriesMemory m, long... scrape) {
        int added = 0;
        for (long h : scrape) {
            if (!m.record(h)) {
                added++;
            }
        }
        m.commit();
        return added;
    }

    @Test
    void countsSeriesTheLastScrapeDidNotHaveWhateverTheOrder() {
        SeriesMemory m = new SeriesMemory();
        assertEquals(3, added(m, 1, 2, 3), "first scrape: everything is new");
        assertEquals(0, added(m, 1, 2, 3), "same order");
        assertEquals(0, added(m, 3, 1, 2), "reordered");
        assertEquals(1, added(m, 3, 9, 1, 2), "one inserted in the middle");
        assertEquals(0, added(m, 3, 1), "removed ones are not added ones");
        assertEquals(2, added(m, 2, 9), "a series that left and came back is added again");
        assertEquals(1, added(m, 0, 2), "hash 0 is a series like any other");
        assertEquals(0, added(m, 0, 2));
    }

    @Test
    void aFailedScrapeLeavesThePreviousOneInPlace() {
        SeriesMemory m = new SeriesMemory();
        added(m, 1, 2, 3);
        m.record(7);
        m.record(8);
        m.discard();
        assertEquals(0, added(m, 1, 2, 3), "compared with the last good scrape, not the failed one");
    }

    @Test
    void growsPastItsFirstCapacityAndMatchesBigScrapesPositionally() {
        SeriesMemory m = new SeriesMemory();
        List<Long> big = new ArrayList<>();
        for (long i = 1; i <= 5000; i++) {
            big.add(i * 0x9E3779B97F4A7C15L);
        }
        long[] a = big.stream().mapToLong(Long::longValue).toArray();
        assertEquals(5000, added(m, a));
        assertEquals(0, added(m, a));
        long[] shifted = new long[a.length];
        System.arraycopy(a, 1, shifted, 0, a.length - 1);
        shifted[a.length - 1] = 42;
        assertEquals(1, added(m, shifted), "every position off by one, only 42 is new");
    }
}
