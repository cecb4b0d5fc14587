package io.openagent.scrape;

import io.openagent.config.AgentConfig;
import io.openagent.config.ConfigException;
import io.openagent.config.ControlCommands;
import io.openagent.config.JobConfig;
import io.openagent.config.KubernetesSdConfig;
import io.openagent.config.ScrapeConfigLoader;
import io.openagent.config.WhatapConf;
import io.openagent.discovery.KubernetesTargets;
import io.openagent.discovery.KubernetesWatch;
import io.openagent.discovery.ScrapeTarget;
import io.openagent.discovery.TargetBuilder;
import io.openagent.openmx.ConversionSettings;
import io.openagent.openmx.MetricFilter;
import io.openagent.openmx.OpenMxConverter;
import io.openagent.openmx.TargetLabels;
import io.openagent.wire.ObjectIdentity;
import io.openagent.wire.SessionClient;
import io.openagent.wire.SessionSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;

/**
 * The agent's state behind the routes: configuration (whatap.conf and scrape_config.yaml, reloaded
 * by the config-watch route), the WhaTap session, and the set of targets — one route from the
 * {@code scrape-target} template per target, added, replaced and removed as the set changes.
 * A configuration that does not load keeps the last good one running and is reported.
 */
public final class AgentRuntime implements CamelContextAware, org.apache.camel.Service {
    private static final Logger LOG = Logger.getLogger(AgentRuntime.class.getName());
    public static final String TEMPLATE = "scrape-target";
    public static final String VERSION = "0.1.0";

    private CamelContext camelContext;
    private final Path home;
    private final WhatapConf conf;
    private Delivery delivery;
    private final Map<String, TargetState> targets = new ConcurrentHashMap<>();
    private final Map<String, TargetState> byRoute = new ConcurrentHashMap<>();
    private volatile List<TargetBuilder.Result> droppedTargets = List.of();
    private volatile AgentConfig config;
    private volatile FileTime scrapeConfigMtime;
    private volatile String configError;
    private volatile boolean debug;
    private SessionClient session;
    private AgentMetrics metrics;
    private final Object lifecycle = new Object();
    private static final int MAX_DROPPED_SHOWN = 5000;
    /** The seda queue the informers' change notifications go to (see routes/kubernetes-watch.yaml). */
    static final String KUBERNETES_CHANGES = "seda:openagent-kubernetes-changes?discardWhenFull=true";
    private volatile KubernetesWatch kubernetes;
    private volatile String kubernetesProblem;
    private volatile int droppedTotal;
    private org.apache.camel.ProducerTemplate changes;
    /** Stopped routes of retired targets, still to be removed from Camel (see applyTargets). Guarded by this. */
    private final java.util.ArrayDeque<TargetState> retiredRoutes = new java.util.ArrayDeque<>();
    /** retiredRoutes.size(), for readers that must not wait for a reload in progress (the metrics). */
    private volatile int retiredRoutesCount;
    /** How long one call may spend removing retired routes from Camel. */
    volatile long disposeBudgetMs = 500;
    /** Adds scrape routes without a walk over every existing route per add (see ScrapeRouteAdder). */
    private ScrapeRouteAdder routeAdder;

    public final AtomicLong configReloadsOk = new AtomicLong();
    public final AtomicLong configReloadsFailed = new AtomicLong();

    public AgentRuntime() {
        this(AgentEnvironment.home(), null);
    }

    public AgentRuntime(Path home, Delivery delivery) {
        this.home = home;
        this.conf = AgentEnvironment.whatapConf(home);
        this.delivery = delivery;
        this.debug = conf.getBoolean("debug", false);
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        // once every notifier is in place: those that decline exchange events stop being offered them
        try {
            camelContext.addStartupListener(new org.apache.camel.StartupListener() {
                @Override
                public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                }

                @Override
                public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                    EventNotifiers.quiet(context);
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the startup listener", e);
        }
    }

    public Delivery delivery() {
        return delivery;
    }

    public WhatapConf conf() {
        return conf;
    }

    public Path home() {
        return home;
    }

    public Path scrapeConfigPath() {
        String override = AgentEnvironment.lookup("OPENAGENT_SCRAPE_CONFIG");
        return override != null ? Path.of(override) : home.resolve("scrape_config.yaml");
    }

    public boolean debug() {
        return debug;
    }

    public AgentConfig config() {
        return config;
    }

    /** Null when the configuration in use is the file's current content; else why the file was refused. */
    public String configError() {
        return configError;
    }

    public Collection<TargetState> targets() {
        return targets.values();
    }

    public List<TargetBuilder.Result> droppedTargets() {
        return droppedTargets;
    }

    TargetState target(String id) {
        return targets.get(id);
    }

    TargetState targetByRoute(String routeId) {
        return byRoute.get(routeId);
    }

    public SessionClient session() {
        return session;
    }

    /**
     * The config-watch route calls this every second (the first call at start-up): applies
     * whatap.conf changes (debug on and off) and reloads scrape_config.yaml when it changed.
     */
    public void reload(org.apache.camel.Exchange exchange) throws Exception {
        if (camelContext == null) {
            camelContext = exchange.getContext();
        }
        reload();
    }

    public void reload() throws Exception {
        if (!camelContext.getStatus().isStarted()) {
            return; // routes added while the context is still starting would not be started (seen under Camel JBang)
        }
        synchronized (lifecycle) {
            if (session == null) {
                if (delivery == null) {
                    Delivery bound = camelContext.getRegistry().lookupByNameAndType("delivery", Delivery.class);
                    delivery = bound != null ? bound : new Delivery();
                }
                startSession();
                camelContext.addService(this, true, true);
                org.apache.camel.health.HealthCheckRegistry health = org.apache.camel.health.HealthCheckRegistry.get(camelContext);
                if (health != null) {
                    health.register(new AgentHealthCheck(this));
                }
                io.micrometer.core.instrument.MeterRegistry meters = camelContext.getRegistry()
                        .findSingleByType(io.micrometer.core.instrument.MeterRegistry.class);
                ScrapeService scrapes = camelContext.getRegistry().lookupByNameAndType("scrapes", ScrapeService.class);
                if (meters != null && scrapes != null) {
                    metrics = new AgentMetrics(meters, this, scrapes);
                    targets.values().forEach(metrics::targetAdded);
                }
            }
            if (conf.reloadIfChanged()) {
                boolean d = conf.getBoolean("debug", false);
                if (d != debug) {
                    LOG.info("whatap.conf: debug=" + d + (d ? ": every converted record is printed to stdout" : ""));
                }
                debug = d;
            }
            if (retiredRoutesLeft() > 0) {
                disposeRetired();
            }
            Path file = scrapeConfigPath();
            FileTime mtime;
            try {
                mtime = Files.exists(file) ? Files.getLastModifiedTime(file) : FileTime.fromMillis(0);
            } catch (IOException e) {
                mtime = FileTime.fromMillis(0);
            }
            if (config != null && mtime.equals(scrapeConfigMtime)) {
                return;
            }
            scrapeConfigMtime = mtime;
            try {
                AgentConfig next = Files.exists(file) ? ScrapeConfigLoader.load(file) : AgentConfig.empty();
                if (!Files.exists(file)) {
                    LOG.warning(file + " does not exist: no targets to scrape");
                }
                configError = null;
                config = next;
                configReloadsOk.incrementAndGet();
                applyConfig(next);
            } catch (ConfigException e) {
                configReloadsFailed.incrementAndGet();
                configError = e.getMessage();
                LOG.severe("configuration refused, " + (config == null ? "no targets until it is fixed" : "the previous one stays in use")
                        + ":\n  " + String.join("\n  ", e.problems()));
            }
        }
    }

    private void startSession() {
        SessionSettings settings = SessionSettings.from(conf);
        if (!settings.license().isUsable() || settings.hosts().isEmpty()) {
            throw new IllegalStateException("WHATAP_LICENSE and WHATAP_HOST must be set (environment or " + conf.file() + ")");
        }
        ControlCommands control = new ControlCommands(conf, Path.of(conf.get("log_dir", home.resolve("logs").toString())), System::getenv,
                VERSION);
        int outbox = conf.getInt("net_send_queue1_size", 0) > 0 ? Math.max(conf.getInt("net_send_queue1_size", 0), 1000) : 100_000;
        io.openagent.wire.Spool spool = null;
        if (conf.getBoolean("spool_enabled", true)) {
            Path dir = Path.of(conf.get("spool_dir", home.resolve("spool").toString()));
            try {
                spool = new io.openagent.wire.Spool(dir, conf.getLong("spool_max_bytes", 512L * 1024 * 1024));
            } catch (IOException e) {
                LOG.severe("cannot use the spool folder " + dir + " (" + e.getMessage() + "); packs are queued in memory only");
            }
        }
        session = new SessionClient(settings, control, outbox, null, ObjectIdentity.HostFacts.detect(), spool);
        session.start();
        delivery.attach(session);
        LOG.info("WhaTap session to " + settings.hosts() + " (pcode " + settings.license().pcode() + ")");
    }

    /** Builds the target set from a configuration and makes the routes match it. */
    void applyConfig(AgentConfig next) {
        Map<String, ScrapeTarget> wanted = new LinkedHashMap<>();
        List<TargetBuilder.Result> dropped = new ArrayList<>();
        io.openagent.discovery.Sharding shard = io.openagent.discovery.Sharding.from(conf::get, AgentEnvironment::lookup);
        for (var job : next.jobs()) {
            for (TargetBuilder.Result r : TargetBuilder.staticTargets(job)) {
                admit(r, shard, wanted, dropped);
            }
        }
        discoverKubernetesTargets(next, shard, wanted, dropped);
        droppedTargets = dropped.size() > MAX_DROPPED_SHOWN ? List.copyOf(dropped.subList(0, MAX_DROPPED_SHOWN)) : dropped;
        droppedTotal = dropped.size();
        applyTargets(wanted);
    }

    /** A built target is scraped here, or listed as dropped: by relabeling, or because another shard owns it. */
    private static void admit(TargetBuilder.Result r, io.openagent.discovery.Sharding shard, Map<String, ScrapeTarget> wanted,
                              List<TargetBuilder.Result> dropped) {
        if (!r.kept()) {
            dropped.add(r);
        } else if (!shard.owns(r.target().url().getRawAuthority())) {
            dropped.add(new TargetBuilder.Result(null, r.discovered(),
                    "scraped by another shard (this is shard " + shard.index() + " of " + shard.count() + ")"));
        } else {
            wanted.putIfAbsent(r.target().id(), r.target());
        }
    }

    /**
     * Targets of the jobs with Kubernetes discovery, from the informers' current view. A job whose
     * informers have not finished their first list keeps the targets it had (last good state); one
     * whose Secrets cannot be read drops its targets with the reason.
     */
    private void discoverKubernetesTargets(AgentConfig next, io.openagent.discovery.Sharding shard, Map<String, ScrapeTarget> wanted,
                                           List<TargetBuilder.Result> dropped) {
        List<JobConfig> jobs = next.jobs().stream().filter(j -> !j.kubernetesSd().isEmpty()).toList();
        if (jobs.isEmpty() && kubernetes == null) {
            return;
        }
        if (kubernetes == null) {
            kubernetes = new KubernetesWatch(AgentEnvironment::lookup);
            kubernetes.onChange(this::kubernetesChanged);
        }
        List<String> problems = kubernetes.watchFor(jobs);
        String p = String.join("; ", problems);
        if (!problems.isEmpty() && !p.equals(kubernetesProblem)) {
            LOG.severe(p + " — the " + jobs.size() + " jobs with Kubernetes discovery have no targets until it can");
        }
        kubernetesProblem = problems.isEmpty() ? null : p;
        for (JobConfig job : jobs) {
            JobConfig effective = job;
            if (job.secretAuth() != null) {
                try {
                    effective = job.withAuth(kubernetes.resolve(job));
                } catch (RuntimeException e) {
                    dropped.add(new TargetBuilder.Result(null, Map.of("job", job.name()), "credentials: " + e.getMessage()));
                    continue;
                }
            }
            for (KubernetesSdConfig sd : job.kubernetesSd()) {
                io.openagent.discovery.ClusterSnapshot snapshot = kubernetes.snapshot(sd);
                if (snapshot == null) {
                    for (TargetState s : targets.values()) {
                        if (s.target.jobName().equals(job.name())) {
                            wanted.putIfAbsent(s.target.id(), s.target);
                        }
                    }
                    continue;
                }
                for (Map<String, String> labels : KubernetesTargets.discover(sd, snapshot, kubernetes.ownNamespace(sd))) {
                    admit(TargetBuilder.build(effective, labels), shard, wanted, dropped);
                }
            }
        }
    }

    /** An informer saw a change: the kubernetes-watch route debounces these and calls {@link #rebuildKubernetesTargets()}. */
    private void kubernetesChanged() {
        CamelContext c = camelContext;
        if (c == null || !c.getStatus().isStarted()) {
            return;
        }
        if (changes == null) {
            changes = c.createProducerTemplate();
        }
        try {
            changes.sendBody(KUBERNETES_CHANGES, "changed");
        } catch (RuntimeException e) {
            // the queue is full of changes already: the rebuild they trigger reads the whole current view
        }
    }

    /** Rebuilds the target set from the current configuration and the informers' current view. */
    public void rebuildKubernetesTargets() {
        synchronized (lifecycle) {
            if (config != null && kubernetes != null) {
                applyConfig(config);
            }
        }
    }

    /** Why Kubernetes discovery cannot run (null when it can or is not configured). */
    public String kubernetesProblem() {
        return kubernetesProblem;
    }

    public int droppedTotal() {
        return droppedTotal;
    }

    /**
     * Adds routes for new targets and removes the routes of vanished ones (in-flight scrapes finish
     * first). A changed target keeps its route unless the route itself changes (interval, timeout,
     * TLS): adding one target to a static job of 1000 changes the job of all 1000.
     *
     * <p>Routes leave in two steps: stopped at once, so a vanished target is not scraped again, and
     * removed from Camel after the new routes are added. Camel's removal looks at every route (about
     * 70 ms per removal at 1000 routes), so each call removes what fits in {@link #disposeBudgetMs}
     * and the config-watch tick removes the rest a budget at a time: a thousand targets leaving do
     * not hold up the changes that follow for a minute.
     */
    public synchronized void applyTargets(Map<String, ScrapeTarget> wanted) {
        int added = 0;
        int removed = 0;
        int changed = 0;
        int rebuilt = 0;
        List<TargetState> retired = new ArrayList<>();
        for (TargetState old : new ArrayList<>(targets.values())) {
            ScrapeTarget next = wanted.get(old.target.id());
            if (next == null) {
                retire(old);
                retired.add(old);
                removed++;
            } else if (!next.equals(old.target)) {
                if (sameRoute(old.target, next)) {
                    update(old, next); // job settings or discovered labels changed: the route stays
                } else {
                    retire(old); // interval, timeout or TLS changed: the route is rebuilt
                    retired.add(old);
                    rebuilt++;
                }
                changed++;
            }
        }
        for (ScrapeTarget t : wanted.values()) {
            if (!targets.containsKey(t.id())) {
                addRoute(t);
                added++;
            }
        }
        retiredRoutes.addAll(retired);
        disposeRetired();
        LOG.info("targets: " + targets.size() + " (" + (added - rebuilt) + " added, " + changed + " changed (" + rebuilt + " routes rebuilt), "
                + removed + " removed, " + droppedTargets.size() + " dropped)"
                + (retiredRoutes.isEmpty() ? "" : "; " + retiredRoutes.size() + " stopped routes left to remove"));
    }

    /** Removes stopped routes of retired targets from Camel for at most {@link #disposeBudgetMs} (at least one). */
    synchronized void disposeRetired() {
        boolean leftByEarlierCalls = retiredRoutesCount > 0; // not yet counting what applyTargets just queued
        long deadline = System.nanoTime() + disposeBudgetMs * 1_000_000L;
        while (!retiredRoutes.isEmpty()) {
            dispose(retiredRoutes.poll());
            if (System.nanoTime() - deadline > 0) {
                break;
            }
        }
        retiredRoutesCount = retiredRoutes.size();
        if (retiredRoutes.isEmpty() && leftByEarlierCalls) {
            LOG.info("targets: the last stopped routes are removed");
        }
    }

    /** Stopped routes not yet removed from Camel. */
    public int retiredRoutesLeft() {
        return retiredRoutesCount;
    }

    private OpenMxConverter newConverter(ScrapeTarget t) {
        var job = t.job();
        ConversionSettings settings = ConversionSettings.defaults().withHonorLabels(job.honorLabels())
                .withHonorTimestamps(job.honorTimestamps())
                .withLimits((int) job.sampleLimit(), (int) job.labelLimit(), (int) job.labelNameLengthLimit(),
                        (int) job.labelValueLengthLimit())
                .withMetricRelabelConfigs(job.metricRelabelConfigs())
                .withGzipLevel(conf.getInt("gzip_level", ConversionSettings.DEFAULT_GZIP_LEVEL))
                .withHelpResendInterval(Duration.ofMillis(conf.getLong("help_resend_interval_ms", 600_000)));
        String endpoint = conf.getBoolean("endpoint_metering_enabled", false) ? t.url().toString() : "";
        return new OpenMxConverter(new TargetLabels(t.labels()), settings, new MetricFilter(job.metricFilter()), endpoint,
                job.bodySizeLimit());
    }

    /**
     * Whether a changed target's route can stay: the route is built from the URL (the same, since
     * the target's id holds it), the interval, the timeout and the TLS settings. Everything else a
     * scrape uses (credentials, parameters, labels, limits, relabeling) is read from its state.
     */
    private static boolean sameRoute(ScrapeTarget a, ScrapeTarget b) {
        return a.url().equals(b.url()) && a.interval().equals(b.interval()) && a.timeout().equals(b.timeout())
                && java.util.Objects.equals(a.job().tls(), b.job().tls());
    }

    /** Whether the converter of {@code a} converts exactly as one made for {@code b} would (then it keeps its help-resend state and series). */
    private static boolean sameConversion(ScrapeTarget a, ScrapeTarget b) {
        JobConfig x = a.job();
        JobConfig y = b.job();
        return a.labels().equals(b.labels()) && x.honorLabels() == y.honorLabels() && x.honorTimestamps() == y.honorTimestamps()
                && x.sampleLimit() == y.sampleLimit() && x.labelLimit() == y.labelLimit()
                && x.labelNameLengthLimit() == y.labelNameLengthLimit() && x.labelValueLengthLimit() == y.labelValueLengthLimit()
                && x.bodySizeLimit() == y.bodySizeLimit() && x.metricRelabelConfigs().equals(y.metricRelabelConfigs())
                && x.metricFilter().equals(y.metricFilter());
    }

    /** A changed target whose route stays: the route's next tick scrapes with the new settings (same metrics: same job and instance). */
    private void update(TargetState state, ScrapeTarget next) {
        state.retarget(next, sameConversion(state.target, next) ? state.converter : newConverter(next));
    }

    private void addRoute(ScrapeTarget t) {
        String routeId = "scrape-" + Integer.toHexString(t.id().hashCode() & 0x7fffffff) + "-" + targets.size();
        while (byRoute.containsKey(routeId) || camelContext.getRoute(routeId) != null) {
            routeId += "x";
        }
        TargetState state = new TargetState(t, newConverter(t), routeId);
        try {
            String httpEndpoint = HttpEndpoints.uri(camelContext, routeId, t);
            long period = t.interval().toMillis();
            // A stable offset within the interval so targets do not all fire at once.
            long delay = Math.floorMod((long) t.id().hashCode() * 2654435761L, Math.max(1, period));
            targets.put(t.id(), state);
            byRoute.put(routeId, state);
            if (metrics != null) {
                metrics.targetAdded(state);
            }
            if (routeAdder == null) {
                routeAdder = ScrapeRouteAdder.install(camelContext);
            }
            routeAdder.add(TEMPLATE, Map.of("targetId", routeId, "period", Long.toString(period),
                    "delay", Long.toString(Math.max(1, delay)), "httpEndpoint", httpEndpoint));
        } catch (Exception e) {
            targets.remove(t.id());
            byRoute.remove(routeId);
            state.health = TargetState.Health.DOWN;
            state.lastError = "cannot create the scrape route: " + e.getMessage();
            LOG.severe("target " + t.url() + " of job " + t.jobName() + ": " + state.lastError);
        }
    }

    /** The target leaves the agent: its route stops (a scrape in flight finishes first) and its state is forgotten. */
    private void retire(TargetState s) {
        try {
            camelContext.getRouteController().stopRoute(s.routeId, 30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warning("cannot stop route " + s.routeId + ": " + e.getMessage());
        }
        if (metrics != null) {
            metrics.targetRemoved(s);
        }
        targets.remove(s.target.id());
        byRoute.remove(s.routeId);
    }

    /** A retired target's route leaves Camel, with the TLS beans its endpoint referred to. */
    private void dispose(TargetState s) {
        try {
            camelContext.removeRoute(s.routeId);
        } catch (Exception e) {
            LOG.warning("cannot remove route " + s.routeId + ": " + e.getMessage());
        }
        HttpEndpoints.unbind(camelContext, s.routeId);
    }

    @Override
    public void start() {
    }

    /** Stops the session after the routes have stopped (graceful shutdown flushes what is queued). */
    @Override
    public void stop() {
        ScrapePool pool = camelContext == null ? null : camelContext.getRegistry().lookupByNameAndType("scrapePool", ScrapePool.class);
        if (pool != null) {
            pool.shutdown();
        }
        if (kubernetes != null) {
            kubernetes.close();
        }
        SessionClient s = session;
        if (s != null) {
            try {
                if (!s.flush(10_000)) {
                    LOG.warning(s.outboxSize() + " packs were still queued at shutdown");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            s.close();
        }
    }

    static String readSecretFile(String file) throws IOException {
        return Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
    }
}
