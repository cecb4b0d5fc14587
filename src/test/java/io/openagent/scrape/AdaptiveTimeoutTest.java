package io.openagent.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdaptiveTimeoutTest {
    private static final SocketTimeoutException TIMEOUT = new SocketTimeoutException("Read timed out");

    @Test
    void growsAfterConsecutiveTimeoutsUpToTheCapAndResetsOnSuccess() {
        AdaptiveTimeout t = new AdaptiveTimeout(Duration.ofSeconds(10), Duration.ofSeconds(30), 2, 2.0);
        assertEquals(25_000, t.capMs(), "min(5 × 10 s, 30 s − 5 s)");
        t.failure(TIMEOUT);
        assertEquals(10_000, t.currentMs(), "one timeout is below the threshold");
        t.failure(TIMEOUT);
        assertEquals(20_000, t.currentMs());
        t.failure(TIMEOUT);
        t.failure(TIMEOUT);
        assertEquals(25_000, t.currentMs(), "capped");
        t.success();
        assertEquals(10_000, t.currentMs());
    }

    @Test
    void otherFailuresDoNotCount() {
        AdaptiveTimeout t = new AdaptiveTimeout(Duration.ofSeconds(10), Duration.ofSeconds(120), 1, 3.0);
        t.failure(new IOException("Connection refused"));
        t.failure(new ScrapeFailure("server returned HTTP status 500"));
        assertEquals(10_000, t.currentMs());
        t.failure(new IOException("wrapped", TIMEOUT));
        assertEquals(30_000, t.currentMs());
    }

    @Test
    void capsFromTheReferenceExamples() {
        assertEquals(100_000, new AdaptiveTimeout(Duration.ofSeconds(20), Duration.ofSeconds(120), 2, 2).capMs());
        assertEquals(5_000, new AdaptiveTimeout(Duration.ofSeconds(1), Duration.ofSeconds(5), 2, 2).capMs(), "interval − 5 s ≤ 0: 5 × base");
        assertEquals(2_000, new AdaptiveTimeout(Duration.ofSeconds(1), Duration.ofSeconds(2), 2, 2).capMs(), "never beyond the interval");
        assertEquals(10_000, new AdaptiveTimeout(Duration.ofSeconds(10), Duration.ofSeconds(12), 2, 2).capMs(), "never below base");
    }
}
