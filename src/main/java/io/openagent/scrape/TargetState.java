package io.openagent.scrape;

import io.openagent.discovery.ScrapeTarget;
import io.openagent.openmx.OpenMxConverter;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** A scraped target with its converter (help-resend state, series memory) and its health. */
public final class TargetState {
    public enum Health { UNKNOWN, UP, DOWN }

    final ScrapeTarget target;
    final OpenMxConverter converter;
    final String routeId;
    final AtomicBoolean running;
    final AtomicLong scrapesOk;
    final AtomicLong scrapesFailed;
    final AtomicLong skipped;
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
        this.running = new AtomicBoolean();
        this.scrapesOk = new AtomicLong();
        this.scrapesFailed = new AtomicLong();
        this.skipped = new AtomicLong();
        this.timeout = AdaptiveTimeout.of(target.timeout(), target.interval());
        this.pathInEndpoint = HttpEndpoints.pathInUri(target);
    }

    /**
     * The same target with new settings on the same route (same URL, interval, timeout): it carries
     * on with the previous state's counters, health, timeout and in-flight flag, so a scrape running
     * under the previous state still ends this one's.
     */
    TargetState(ScrapeTarget target, OpenMxConverter converter, TargetState previous) {
        this.target = target;
        this.converter = converter;
        this.routeId = previous.routeId;
        this.running = previous.running;
        this.scrapesOk = previous.scrapesOk;
        this.scrapesFailed = previous.scrapesFailed;
        this.skipped = previous.skipped;
        this.timeout = previous.timeout;
        this.pathInEndpoint = previous.pathInEndpoint;
        this.startedNanos = previous.startedNanos;
        this.lastScrapeMs = previous.lastScrapeMs;
        this.lastDurationMs = previous.lastDurationMs;
        this.lastSamples = previous.lastSamples;
        this.lastError = previous.lastError;
        this.health = previous.health;
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
