package io.openagent.scrape;

import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The reference agent's adaptive timeout: after {@code failureThreshold} consecutive timeouts the
 * target's timeout is multiplied (up to {@code min(5 × base, interval − 5 s)} and never beyond the
 * interval — a scrape may not outlive its interval here, unlike upstream — nor below base);
 * any successful scrape restores the base. Other failures (refused, HTTP status, TLS) do not count.
 */
public final class AdaptiveTimeout {
    /** The reference agent's defaults: two consecutive timeouts double the timeout. */
    static final int FAILURE_THRESHOLD = 2;
    static final double MULTIPLIER = 2.0;

    private final long baseMs;
    private final long capMs;
    private final int failureThreshold;
    private final double multiplier;
    private long currentMs;
    private int consecutive;

    public AdaptiveTimeout(Duration base, Duration interval, int failureThreshold, double multiplier) {
        this.baseMs = base.toMillis();
        long intervalCap = interval.toMillis() - 5000;
        long cap = Math.min(intervalCap > 0 ? Math.min(5 * baseMs, intervalCap) : 5 * baseMs, interval.toMillis());
        this.capMs = Math.max(baseMs, cap);
        this.failureThreshold = Math.max(1, failureThreshold);
        this.multiplier = Math.max(1.0, multiplier);
        this.currentMs = baseMs;
    }

    /** A target's adaptive timeout with the default threshold and multiplier. */
    public static AdaptiveTimeout of(Duration timeout, Duration interval) {
        return new AdaptiveTimeout(timeout, interval, FAILURE_THRESHOLD, MULTIPLIER);
    }

    public synchronized long currentMs() {
        return currentMs;
    }

    public long capMs() {
        return capMs;
    }

    public synchronized void success() {
        currentMs = baseMs;
        consecutive = 0;
    }

    /** Records a failure; only timeouts count. */
    public synchronized void failure(Throwable cause) {
        if (!isTimeout(cause)) {
            return;
        }
        if (++consecutive >= failureThreshold) {
            currentMs = Math.min((long) (currentMs * multiplier), capMs);
            consecutive = 0;
        }
    }

    static boolean isTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SocketTimeoutException || c.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
            String m = c.getMessage();
            if (m != null && (m.contains("timed out") || m.contains("timeout"))) {
                return true;
            }
        }
        return false;
    }
}
