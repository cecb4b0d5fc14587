package io.openagent.scrape;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.openagent.wire.SessionClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The agent's own metrics on {@code /observe/metrics} (Camel's Micrometer registry): scrapes per
 * target and result, samples, drops by reason, packs and bytes sent, the outbox, the session,
 * reconnects and configuration reloads.
 */
final class AgentMetrics {
    private final MeterRegistry registry;
    private final Map<String, List<Meter>> perTarget = new ConcurrentHashMap<>();
    /** Micrometer keeps only weak references to what it measures: these keep the suppliers alive. */
    private final List<Object> strong = new ArrayList<>();

    AgentMetrics(MeterRegistry registry, AgentRuntime agent, ScrapeServiceCounters scrapes) {
        this.registry = registry;
        counter("openagent.config.reloads", "result", "ok", agent.configReloadsOk);
        counter("openagent.config.reloads", "result", "failed", agent.configReloadsFailed);
        counter("openagent.scrapes.skipped", null, null, scrapes.skipped());
        counter("openagent.samples.scraped", null, null, scrapes.samples());
        counter("openagent.body.bytes", null, null, scrapes.bodyBytes());
        counter("openagent.samples.dropped", "reason", "nan_or_inf", scrapes.nonFinite());
        counter("openagent.packs.dropped", "reason", "outbox_full", fromSession(agent, s -> s.outboxDrops));
        counter("openagent.packs.dropped", "reason", "no_session", agent.delivery().packsDropped);
        counter("openagent.packs.sent", null, null, fromSession(agent, s -> s.stats.packsSent));
        counter("openagent.bytes.sent", null, null, fromSession(agent, s -> s.stats.bytesSent));
        counter("openagent.session.connects", null, null, fromSession(agent, s -> s.stats.connects));
        counter("openagent.session.handshakes", null, null, fromSession(agent, s -> s.stats.handshakes));
        counter("openagent.session.connect.failures", null, null, fromSession(agent, s -> s.stats.connectFailures));
        gauge("openagent.outbox.packs", () -> agent.session() == null ? 0 : agent.session().outboxSize());
        gauge("openagent.spool.bytes", () -> agent.session() == null || agent.session().spool() == null ? 0
                : agent.session().spool().totalBytes());
        counter("openagent.packs.dropped", "reason", "spool_full", () -> agent.session() == null || agent.session().spool() == null ? 0
                : agent.session().spool().droppedPacks.get());
        gauge("openagent.session.established", () -> agent.session() != null && agent.session().isEstablished() ? 1 : 0);
        gauge("openagent.targets", () -> agent.targets().size());
        gauge("openagent.routes.stopped", agent::retiredRoutesLeft);
        gauge("openagent.config.valid", () -> agent.configError() == null ? 1 : 0);
    }

    /** The counters behind {@link ScrapeService} (an interface so the service stays a plain bean). */
    interface ScrapeServiceCounters {
        AtomicLong skipped();

        AtomicLong samples();

        AtomicLong bodyBytes();

        AtomicLong nonFinite();
    }

    private interface SessionCounter {
        AtomicLong of(SessionClient s);
    }

    private static Supplier<Number> fromSession(AgentRuntime agent, SessionCounter c) {
        return () -> agent.session() == null ? 0 : c.of(agent.session()).get();
    }

    private void counter(String name, String tag, String value, AtomicLong source) {
        counter(name, tag, value, (Supplier<Number>) source::get);
    }

    private void counter(String name, String tag, String value, Supplier<Number> source) {
        strong.add(source);
        FunctionCounter.Builder<Supplier<Number>> b = FunctionCounter.builder(name, source, s -> s.get().doubleValue());
        if (tag != null) {
            b.tag(tag, value);
        }
        b.register(registry);
    }

    private void gauge(String name, Supplier<Number> source) {
        strong.add(source);
        Gauge.builder(name, source, s -> s.get().doubleValue()).register(registry);
    }

    void targetAdded(TargetState t) {
        List<Meter> meters = new ArrayList<>();
        String job = t.target().jobName();
        String instance = t.target().instance();
        meters.add(FunctionCounter.builder("openagent.target.scrapes", t, x -> x.scrapesOk())
                .tags("job", job, "instance", instance, "result", "ok").register(registry));
        meters.add(FunctionCounter.builder("openagent.target.scrapes", t, x -> x.scrapesFailed())
                .tags("job", job, "instance", instance, "result", "failed").register(registry));
        meters.add(FunctionCounter.builder("openagent.target.scrapes.skipped", t, x -> x.skipped())
                .tags("job", job, "instance", instance).register(registry));
        meters.add(Gauge.builder("openagent.target.up", t, x -> x.health() == TargetState.Health.UP ? 1 : 0)
                .tags("job", job, "instance", instance).register(registry));
        meters.add(Gauge.builder("openagent.target.samples", t, x -> x.lastSamples())
                .tags("job", job, "instance", instance).register(registry));
        perTarget.put(t.routeId(), meters);
    }

    void targetRemoved(TargetState t) {
        List<Meter> meters = perTarget.remove(t.routeId());
        if (meters != null) {
            meters.forEach(registry::remove);
        }
    }
}
