package io.openagent.discovery;

import io.openagent.config.Durations;
import io.openagent.config.JobConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns discovered label sets into {@link ScrapeTarget}s the way Prometheus' {@code PopulateLabels}
 * does: defaults for job, scheme, path, interval, timeout and params; target relabeling; the
 * special labels ({@code __address__}, {@code __scheme__}, {@code __metrics_path__},
 * {@code __param_*}, {@code __scrape_interval__}, {@code __scrape_timeout__}) then decide the scrape;
 * {@code instance} defaults to the address; {@code __meta_*}, {@code __tmp*} and every other
 * {@code __} label are removed.
 */
public final class TargetBuilder {
    private TargetBuilder() {
    }

    /** The outcome for one discovered label set. */
    public record Result(ScrapeTarget target, Map<String, String> discovered, String droppedBecause) {
        public boolean kept() {
            return target != null;
        }
    }

    /** Static targets of a job: each address of each group. */
    public static List<Result> staticTargets(JobConfig job) {
        java.util.ArrayList<Result> out = new java.util.ArrayList<>();
        for (JobConfig.StaticGroup g : job.staticGroups()) {
            for (String address : g.targets()) {
                Map<String, String> labels = new LinkedHashMap<>(g.labels());
                String addr = address;
                if (address.contains("://")) {
                    // The basic form accepts whole URLs: they set scheme, address and path.
                    URI u = URI.create(address);
                    labels.put("__scheme__", u.getScheme());
                    addr = u.getRawAuthority();
                    if (u.getRawPath() != null && !u.getRawPath().isEmpty()) {
                        labels.put("__metrics_path__", u.getRawPath());
                    }
                }
                labels.put("__address__", addr);
                out.add(build(job, labels));
            }
        }
        return out;
    }

    public static Result build(JobConfig job, Map<String, String> discovered) {
        TreeMap<String, String> lb = new TreeMap<>(discovered);
        lb.putIfAbsent("job", job.name());
        lb.putIfAbsent("__scrape_interval__", Durations.format(job.interval()));
        lb.putIfAbsent("__scrape_timeout__", Durations.format(job.timeout()));
        lb.putIfAbsent("__metrics_path__", job.metricsPath());
        lb.putIfAbsent("__scheme__", job.scheme());
        job.params().forEach((k, v) -> {
            if (!v.isEmpty()) {
                lb.putIfAbsent("__param_" + k, v.get(0));
            }
        });
        Map<String, String> before = new TreeMap<>(lb);
        Map<String, String> after = Relabeler.process(lb, job.relabelConfigs());
        if (after == null) {
            return new Result(null, before, "dropped by relabeling");
        }
        String address = after.getOrDefault("__address__", "");
        if (address.isEmpty()) {
            return new Result(null, before, "no address");
        }
        String scheme = after.getOrDefault("__scheme__", "http");
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return new Result(null, before, "invalid scheme \"" + scheme + "\"");
        }
        Duration interval;
        Duration timeout;
        try {
            interval = Durations.parse(after.getOrDefault("__scrape_interval__", Durations.format(job.interval())));
            timeout = Durations.parse(after.getOrDefault("__scrape_timeout__", Durations.format(job.timeout())));
        } catch (IllegalArgumentException e) {
            return new Result(null, before, e.getMessage());
        }
        if (interval.isZero() || timeout.isZero()) {
            return new Result(null, before, "scrape interval and timeout must be greater than zero");
        }
        if (timeout.compareTo(interval) > 0) {
            return new Result(null, before, "scrape timeout " + Durations.format(timeout) + " greater than interval " + Durations.format(interval));
        }
        // The query: every __param_* label (they override params), plus further values of multi-valued params.
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, String> e : after.entrySet()) {
            if (e.getKey().startsWith("__param_")) {
                appendParam(query, e.getKey().substring(8), e.getValue());
            }
        }
        job.params().forEach((k, vs) -> {
            for (int i = 1; i < vs.size(); i++) {
                appendParam(query, k, vs.get(i));
            }
        });
        String path = after.getOrDefault("__metrics_path__", job.metricsPath());
        URI url;
        try {
            url = URI.create(scheme + "://" + address + (path.startsWith("/") ? path : "/" + path)
                    + (query.length() > 0 ? "?" + query : ""));
            if (url.getHost() == null) {
                return new Result(null, before, "invalid address \"" + address + "\"");
            }
        } catch (IllegalArgumentException e) {
            return new Result(null, before, "invalid address \"" + address + "\": " + e.getMessage());
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("job", after.getOrDefault("job", job.name()));
        labels.put("instance", after.getOrDefault("instance", address));
        for (Map.Entry<String, String> e : after.entrySet()) {
            String k = e.getKey();
            if (!k.startsWith("__") && !k.equals("job") && !k.equals("instance")) {
                labels.put(k, e.getValue());
            }
        }
        String id = job.name() + "|" + url + "|" + new TreeMap<>(labels);
        return new Result(new ScrapeTarget(id, job, url, labels, before, interval, timeout), before, null);
    }

    private static void appendParam(StringBuilder q, String k, String v) {
        if (q.length() > 0) {
            q.append('&');
        }
        q.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
    }
}
