package io.openagent.scrape;

import io.openagent.discovery.ScrapeTarget;
import io.openagent.openmx.OpenMxConverter;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** A scraped target with its converter (help-resend state, series memory) and its health. */
public final class TargetState {
    public enum Health { UNKNOWN, UP, DOWN }

    volatile ScrapeTarget target;
    volatile OpenMxConverter converter;
    final String routeId;
    final AtomicBoolean running = new AtomicBoolean();
    final AtomicLong scrapesOk = new AtomicLong();
    final AtomicLong scrapesFailed = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    volatile long startedNanos;
    volatile long lastScrapeMs;
    volatile long lastDurationMs;
    volatile long lastSamples;
    volatile String lastError;
    volatile Health health = Health.UNKNOWN;

    final AdaptiveTimeout timeout;
    /** Whether the endpoint URI holds the target's path (see HttpEndpoints#pathInUri): then the request sets none. */
    final boolean pathInEndpoint;

    TargetState(ScrapeTarget target, OpenMxConverter converter, String routeId) {
        this.target = target;
        this.converter = converter;
        this.routeId = routeId;
        this.timeout = AdaptiveTimeout.of(target.timeout(), target.interval());
        this.pathInEndpoint = HttpEndpoints.pathInUri(target);
    }

    /**
     * The same target (same id, so the same job name, URL and labels) with new settings on the same
     * route (same interval, timeout, TLS): the next scrape uses them; counters, health and timeout
     * carry on. A scrape in flight finishes with what it has read already.
     */
    void retarget(ScrapeTarget next, OpenMxConverter nextConverter) {
        converter = nextConverter;
        target = next;
    }

    /** The timeout the next scrape gets (grows after consecutive timeouts, back to base on success). */
    public long currentTimeoutMs() {
        return timeout.currentMs();
    }

    public ScrapeTarget target() {
        return target;
    }

    public String routeId() {
        return routeId;
    }

    public Health health() {
        return health;
    }

    public String lastError() {
        return lastError;
    }

    public long lastScrapeMs() {
        return lastScrapeMs;
    }

    public long lastDurationMs() {
        return lastDurationMs;
    }

    public long lastSamples() {
        return lastSamples;
    }

    public long scrapesOk() {
        return scrapesOk.get();
    }

    public long scrapesFailed() {
        return scrapesFailed.get();
    }

    public long skipped() {
        return skipped.get();
    }
}
