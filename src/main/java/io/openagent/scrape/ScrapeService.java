package io.openagent.scrape;

import io.openagent.cli.Json;
import io.openagent.config.AuthSettings;
import io.openagent.exposition.ExpositionFormat;
import io.openagent.openmx.ConversionResult;
import io.openagent.wire.Pack;
import io.openagent.wire.PackBody;
import io.openagent.wire.PackCodec;
import io.openagent.wire.PackHeader;
import io.openagent.wire.RecordBodyWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The steps of the {@code scrape-target} route: {@link #tryBegin} (skip a tick while the previous
 * scrape still runs), {@link #prepareRequest} (path, query, Accept, credentials of this target
 * only), {@link #convert} (status check, streaming parse and OpenMx conversion, the per-scrape
 * series), {@link #failed} (up=0 with the reason) and {@link #end}.
 */
public final class ScrapeService implements org.apache.camel.CamelContextAware, AgentMetrics.ScrapeServiceCounters {
    private static final Logger LOG = Logger.getLogger(ScrapeService.class.getName());
    private static final String STATE = "openagent.state";
    private static final String ACCEPT = ExpositionFormat.acceptHeader(ExpositionFormat.NATIVE_HISTOGRAM_ORDER);

    private volatile AgentRuntime agent;
    private org.apache.camel.CamelContext camelContext;
    public final AtomicLong scrapesSkipped = new AtomicLong();
    public final AtomicLong samplesScraped = new AtomicLong();
    public final AtomicLong bodyBytes = new AtomicLong();
    public final AtomicLong droppedNonFinite = new AtomicLong();
    /** OpenMx records handed to delivery (samples and per-scrape series), for exact delivery accounting. */
    public final AtomicLong recordsProduced = new AtomicLong();

    public ScrapeService() {
    }

    public ScrapeService(AgentRuntime agent) {
        this.agent = agent;
    }

    @Override
    public AtomicLong skipped() {
        return scrapesSkipped;
    }

    @Override
    public AtomicLong samples() {
        return samplesScraped;
    }

    @Override
    public AtomicLong bodyBytes() {
        return bodyBytes;
    }

    @Override
    public AtomicLong nonFinite() {
        return droppedNonFinite;
    }

    @Override
    public org.apache.camel.CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(org.apache.camel.CamelContext context) {
        this.camelContext = context;
    }

    private AgentRuntime agent(Exchange exchange) {
        AgentRuntime a = agent;
        if (a == null) {
            a = exchange.getContext().getRegistry().lookupByNameAndType("agent", AgentRuntime.class);
            agent = a;
        }
        return a;
    }

    private static TargetState state(Exchange exchange) {
        return exchange.getProperty(STATE, TargetState.class);
    }

    /**
     * False (the tick is skipped and counted) when the target is gone or its previous scrape still
     * runs. The target is the one behind the exchange's route (its id is the template's targetId).
     */
    public boolean tryBegin(Exchange exchange) {
        String routeId = exchange.getFromRouteId();
        TargetState s = routeId == null ? null : agent(exchange).targetByRoute(routeId);
        if (s == null) {
            return false;
        }
        if (!s.running.compareAndSet(false, true)) {
            s.skipped.incrementAndGet();
            scrapesSkipped.incrementAndGet();
            LOG.warning("scrape of " + s.target.url() + " skipped: the previous one is still running");
            return false;
        }
        s.startedNanos = System.nanoTime();
        exchange.setProperty(STATE, s);
        return true;
    }

    private static final String SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount/";

    /** Sets exactly the HTTP request of this target; the message carries no other header. */
    public void prepareRequest(Exchange exchange) throws IOException, ScrapeFailure {
        TargetState s = state(exchange);
        Message in = exchange.getIn();
        in.removeHeaders("*");
        in.setBody(null);
        // the enum itself: a String goes through the type-converter registry on every request (7% of a scrape in JFR)
        in.setHeader(Exchange.HTTP_METHOD, org.apache.camel.component.http.HttpMethods.GET);
        if (!s.pathInEndpoint) {
            in.setHeader(Exchange.HTTP_PATH, s.target.url().getRawPath());
            if (s.target.url().getRawQuery() != null) {
                in.setHeader(Exchange.HTTP_QUERY, s.target.url().getRawQuery());
            }
        }
        in.setHeader("Accept", ACCEPT);
        in.setHeader("X-Prometheus-Scrape-Timeout-Seconds", Double.toString(s.timeout.currentMs() / 1000.0));
        AuthSettings auth = s.target.job().auth();
        if (auth.isBasic()) {
            String password = auth.passwordFile() != null ? AgentRuntime.readSecretFile(auth.passwordFile())
                    : auth.password() == null ? "" : auth.password();
            in.setHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (auth.username() + ":" + password).getBytes(StandardCharsets.UTF_8)));
        } else if (auth.isAuthorization()) {
            if (auth.credentialsFile() != null && auth.credentialsFile().startsWith(SERVICE_ACCOUNT_DIR)
                    && !"https".equals(s.target.url().getScheme())) {
                throw new ScrapeFailure("the service-account token is only sent over https, and this target is " + s.target.url().getScheme());
            }
            String credentials = auth.credentialsFile() != null ? AgentRuntime.readSecretFile(auth.credentialsFile()) : auth.credentials();
            in.setHeader("Authorization", auth.type() + " " + credentials);
        }
    }

    /** Parses and converts the response; the body becomes the packs to deliver, help packs first. */
    public List<PackBody> convert(Exchange exchange) throws Exception {
        TargetState s = state(exchange);
        Message in = exchange.getIn();
        in.removeHeader("Authorization");
        Integer status = in.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        InputStream body = in.getBody(InputStream.class);
        try {
            if (status == null || status < 200 || status > 299) {
                throw new ScrapeFailure("server returned HTTP status " + status + " " + in.getHeader(Exchange.HTTP_RESPONSE_TEXT, "", String.class));
            }
            if (body == null) {
                body = InputStream.nullInputStream();
            }
            ExpositionFormat format = ExpositionFormat.fromContentType(in.getHeader(Exchange.CONTENT_TYPE, String.class),
                    ExpositionFormat.PROMETHEUS_TEXT);
            long scrapeTime = System.currentTimeMillis();
            long timeoutMs = s.timeout.currentMs();
            if (System.nanoTime() - s.startedNanos > timeoutMs * 1_000_000L) {
                throw new java.net.SocketTimeoutException("scrape timeout: no response within " + timeoutMs + " ms");
            }
            ConversionResult r = s.converter.convert(new DeadlineInputStream(body, s.startedNanos, timeoutMs), format, scrapeTime,
                    new ScrapeSeries(s, scrapeTime));
            s.timeout.success();
            long durationMs = (System.nanoTime() - s.startedNanos) / 1_000_000;
            s.lastScrapeMs = scrapeTime;
            s.lastDurationMs = durationMs;
            s.lastSamples = r.samplesScraped();
            s.lastError = null;
            s.health = TargetState.Health.UP;
            s.scrapesOk.incrementAndGet();
            samplesScraped.addAndGet(r.samplesScraped());
            bodyBytes.addAndGet(r.bodyBytes());
            droppedNonFinite.addAndGet(r.droppedNonFinite());
            List<PackBody> packs = r.packsInSendOrder();
            countRecords(packs);
            printIfDebug(exchange, packs);
            return packs;
        } finally {
            if (body != null) {
                body.close();
            }
        }
    }

    /** A failed scrape: up=0 and the scrape duration are still delivered, the reason is kept for the targets page. */
    public List<PackBody> failed(Exchange exchange) {
        TargetState s = state(exchange);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = cause == null ? "unknown error" : cause instanceof ScrapeFailure || cause instanceof IOException
                ? cause.getMessage() : cause.toString();
        long scrapeTime = System.currentTimeMillis();
        long durationMs = (System.nanoTime() - s.startedNanos) / 1_000_000;
        s.lastScrapeMs = scrapeTime;
        s.lastDurationMs = durationMs;
        s.lastSamples = 0;
        s.lastError = reason;
        s.health = TargetState.Health.DOWN;
        s.timeout.failure(cause);
        s.scrapesFailed.incrementAndGet();
        LOG.warning("scrape of " + s.target.url() + " (job " + s.target.jobName() + ") failed: " + reason);
        RecordBodyWriter w = new RecordBodyWriter();
        writeScrapeSeries(w, s, scrapeTime, 0, durationMs, 0, 0, 0);
        List<PackBody> packs = List.of(w.seal(Pack.OPENMX, null));
        countRecords(packs);
        printIfDebug(exchange, packs);
        return packs;
    }

    private void countRecords(List<PackBody> packs) {
        for (PackBody p : packs) {
            if (p.type() == Pack.OPENMX) {
                recordsProduced.addAndGet(p.records());
            }
        }
    }

    public void end(Exchange exchange) {
        TargetState s = state(exchange);
        if (s != null) {
            s.running.set(false);
        }
    }

    /** Prometheus' synthetic per-scrape series of a successful scrape, written into its last pack. */
    private record ScrapeSeries(TargetState s, long scrapeTime) implements io.openagent.openmx.OpenMxConverter.Trailer {
        @Override
        public int records() {
            return 5;
        }

        @Override
        public void write(RecordBodyWriter w, long scraped, long kept, long added) {
            // the scrape's duration up to its last record; sealing the pack is all that follows
            long durationMs = (System.nanoTime() - s.startedNanos) / 1_000_000;
            writeScrapeSeries(w, s, scrapeTime, 1, durationMs, scraped, kept, added);
        }
    }

    /** Prometheus' synthetic per-scrape series, labelled with the target's labels. */
    private static void writeScrapeSeries(RecordBodyWriter w, TargetState s, long time, double up, long durationMs, long scraped, long kept,
                                          long added) {
        Map<String, String> labels = s.target.labels();
        writeSeries(w, labels, "up", time, up);
        writeSeries(w, labels, "scrape_duration_seconds", time, durationMs / 1000.0);
        writeSeries(w, labels, "scrape_samples_scraped", time, scraped);
        writeSeries(w, labels, "scrape_samples_post_metric_relabeling", time, kept);
        writeSeries(w, labels, "scrape_series_added", time, added);
    }

    private static void writeSeries(RecordBodyWriter w, Map<String, String> labels, String name, long time, double value) {
        w.beginRecord(name).labels(labels.size());
        labels.forEach(w::label);
        w.endSample(time, value);
    }

    private void printIfDebug(Exchange exchange, List<PackBody> packs) {
        if (!agent(exchange).debug()) {
            return;
        }
        PackHeader header = new PackHeader(0, 0, 0, 0, System.currentTimeMillis());
        StringBuilder sb = new StringBuilder();
        for (PackBody p : packs) {
            for (String line : Json.lines(PackCodec.decode(p.toBytes(header)))) {
                sb.append(line).append('\n');
            }
        }
        synchronized (System.out) {
            System.out.print(sb);
            System.out.flush();
        }
    }
}
