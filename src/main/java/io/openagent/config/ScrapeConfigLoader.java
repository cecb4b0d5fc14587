package io.openagent.config;

import io.openagent.discovery.RelabelConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code scrape_config.yaml} in any of its three forms — the original basic form
 * ({@code static_config} with a {@code filter}), Prometheus {@code scrape_configs} as pasted from
 * prometheus.yml, and the CR form {@code features.openAgent} — into one {@link AgentConfig}.
 * Every problem is reported with file, line and key path; nothing is silently ignored.
 */
public final class ScrapeConfigLoader {
    private static final Set<String> UNSUPPORTED_PROMETHEUS = Set.of("oauth2", "proxy_url", "no_proxy", "proxy_from_environment",
            "proxy_connect_header", "file_sd_configs", "consul_sd_configs", "dns_sd_configs", "ec2_sd_configs", "http_sd_configs",
            "azure_sd_configs", "gce_sd_configs", "openstack_sd_configs", "sigv4", "target_limit", "native_histogram_bucket_limit",
            "keep_dropped_targets");

    final YamlTree y;
    final String file;

    private ScrapeConfigLoader(String file) {
        this.file = file;
        this.y = YamlTree.forFile(file);
    }

    public static AgentConfig load(Path path) throws ConfigException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(path + ": file not found");
        } catch (IOException e) {
            throw new ConfigException(path + ": cannot read: " + e.getMessage());
        }
        return parse(text, path.toString());
    }

    public static AgentConfig parse(String text, String fileName) throws ConfigException {
        ScrapeConfigLoader l = new ScrapeConfigLoader(fileName);
        AgentConfig c = l.read(text);
        if (!l.y.problems().isEmpty()) {
            throw new ConfigException(l.y.problems());
        }
        return c;
    }

    private AgentConfig read(String text) {
        Optional<YamlTree.At> root = y.parse(text);
        if (root.isEmpty()) {
            return AgentConfig.empty();
        }
        Map<String, YamlTree.At> top = y.map(root.get());
        y.allowOnly(root.get(), top, "global", "scrape_configs", "features");
        Duration globalInterval = AgentConfig.DEFAULT_INTERVAL;
        Duration globalTimeout = AgentConfig.DEFAULT_TIMEOUT;
        Defaults defaults = new Defaults();
        YamlTree.At global = top.get("global");
        if (global != null) {
            Map<String, YamlTree.At> g = y.map(global);
            y.allowOnly(global, g, "scrape_interval", "scrape_timeout", "evaluation_interval", "body_size_limit", "sample_limit",
                    "label_limit", "label_name_length_limit", "label_value_length_limit", "scrape_protocols");
            Duration i = y.duration(g.get("scrape_interval"));
            Duration t = y.duration(g.get("scrape_timeout"));
            globalInterval = positive(g.get("scrape_interval"), i, globalInterval);
            globalTimeout = positive(g.get("scrape_timeout"), t, globalTimeout);
            if (t != null && i != null && t.compareTo(i) > 0) {
                y.problem(g.get("scrape_timeout"), "scrape_timeout is greater than scrape_interval");
            }
            defaults.bodySizeLimit = orDefault(y.bytes(g.get("body_size_limit")), AgentConfig.DEFAULT_BODY_SIZE_LIMIT);
            defaults.sampleLimit = orDefault(y.number(g.get("sample_limit")), 0L);
            defaults.labelLimit = orDefault(y.number(g.get("label_limit")), 0L);
            defaults.labelNameLengthLimit = orDefault(y.number(g.get("label_name_length_limit")), 0L);
            defaults.labelValueLengthLimit = orDefault(y.number(g.get("label_value_length_limit")), 0L);
        }
        defaults.interval = globalInterval;
        defaults.timeout = globalTimeout;
        List<JobConfig> jobs = new ArrayList<>();
        String form = "prometheus";
        for (YamlTree.At job : y.list(top.get("scrape_configs"))) {
            JobConfig j = prometheusJob(job, defaults);
            if (j != null) {
                jobs.add(j);
                if (y.map(job).containsKey("static_config")) {
                    form = "basic";
                }
            }
        }
        YamlTree.At features = top.get("features");
        if (features != null) {
            Map<String, YamlTree.At> f = y.map(features);
            y.allowOnly(features, f, "openAgent");
            if (f.get("openAgent") != null) {
                form = "cr";
                crForm(f.get("openAgent"), defaults, jobs);
            }
        }
        Set<String> names = new LinkedHashSet<>();
        for (JobConfig j : jobs) {
            if (!names.add(j.name())) {
                y.problems().add(file + ": job name \"" + j.name() + "\" is used twice (" + j.source() + ")");
            }
        }
        return new AgentConfig(form, globalInterval, globalTimeout, jobs);
    }

    static long orDefault(Long v, long d) {
        return v == null ? d : v;
    }

    Duration positive(YamlTree.At at, Duration d, Duration fallback) {
        if (d == null) {
            return fallback;
        }
        if (d.isZero() || d.isNegative()) {
            y.problem(at, "must be greater than zero");
            return fallback;
        }
        return d;
    }

    /** Defaults a job inherits from the global section. */
    static final class Defaults {
        Duration interval = AgentConfig.DEFAULT_INTERVAL;
        Duration timeout = AgentConfig.DEFAULT_TIMEOUT;
        String path = "/metrics";
        long bodySizeLimit = AgentConfig.DEFAULT_BODY_SIZE_LIMIT;
        long sampleLimit;
        long labelLimit;
        long labelNameLengthLimit;
        long labelValueLengthLimit;
    }

    private JobConfig prometheusJob(YamlTree.At at, Defaults d) {
        Map<String, YamlTree.At> m = y.map(at);
        for (String k : m.keySet()) {
            if (UNSUPPORTED_PROMETHEUS.contains(k)) {
                y.problem(m.get(k), "is not supported by OpenAgent");
            }
        }
        Set<String> known = new LinkedHashSet<>(List.of("job_name", "scrape_interval", "scrape_timeout", "metrics_path", "scheme",
                "params", "honor_labels", "honor_timestamps", "tls_config", "basic_auth", "authorization", "bearer_token",
                "bearer_token_file", "sample_limit", "label_limit", "label_name_length_limit", "label_value_length_limit",
                "body_size_limit", "relabel_configs", "metric_relabel_configs", "static_configs", "static_config",
                "kubernetes_sd_configs", "follow_redirects", "enable_http2", "scrape_protocols", "fallback_scrape_protocol",
                "track_timestamps_staleness", "enable_compression"));
        known.addAll(UNSUPPORTED_PROMETHEUS);
        y.allowOnly(at, m, known.toArray(new String[0]));
        String name = y.string(m.get("job_name"));
        if (name == null || name.isBlank()) {
            y.problem(at, "job_name is required");
            return null;
        }
        Duration interval = positive(m.get("scrape_interval"), y.duration(m.get("scrape_interval")), d.interval);
        Duration timeout = timeout(m.get("scrape_timeout"), interval, d);
        String scheme = scheme(m.get("scheme"));
        String path = path(m.get("metrics_path"), d.path);
        TlsSettings tls = tls(m.get("tls_config"), true);
        AuthSettings auth = auth(m, true);
        List<JobConfig.StaticGroup> groups = new ArrayList<>();
        List<String> filter = new ArrayList<>();
        for (YamlTree.At g : y.list(m.get("static_configs"))) {
            Map<String, YamlTree.At> gm = y.map(g);
            y.allowOnly(g, gm, "targets", "labels");
            groups.add(new JobConfig.StaticGroup(addresses(gm.get("targets")), labels(gm.get("labels"))));
        }
        YamlTree.At basic = m.get("static_config");
        if (basic != null) {
            Map<String, YamlTree.At> bm = y.map(basic);
            y.allowOnly(basic, bm, "targets", "labels", "filter");
            groups.add(new JobConfig.StaticGroup(addresses(bm.get("targets")), labels(bm.get("labels"))));
            YamlTree.At f = bm.get("filter");
            if (f != null) {
                Map<String, YamlTree.At> fm = y.map(f);
                y.allowOnly(f, fm, "enabled", "whitelist");
                Boolean enabled = y.bool(fm.get("enabled"));
                List<String> white = y.strings(fm.get("whitelist"));
                if (enabled == null || enabled) {
                    filter.addAll(white);
                }
            }
        }
        List<KubernetesSdConfig> sd = new ArrayList<>();
        for (YamlTree.At k : y.list(m.get("kubernetes_sd_configs"))) {
            KubernetesSdConfig c = kubernetesSd(k);
            if (c != null) {
                sd.add(c);
            }
        }
        return new JobConfig(name, interval, timeout, path, scheme == null ? "http" : scheme, scheme != null,
                params(m.get("params")), bool(m.get("honor_labels"), false), bool(m.get("honor_timestamps"), true), tls, auth,
                orDefault(y.number(m.get("sample_limit")), d.sampleLimit), orDefault(y.number(m.get("label_limit")), d.labelLimit),
                orDefault(y.number(m.get("label_name_length_limit")), d.labelNameLengthLimit),
                orDefault(y.number(m.get("label_value_length_limit")), d.labelValueLengthLimit),
                orDefault(y.bytes(m.get("body_size_limit")), d.bodySizeLimit), relabels(m.get("relabel_configs")),
                relabels(m.get("metric_relabel_configs")), groups, filter, sd, null, file + ":" + at.line());
    }

    private KubernetesSdConfig kubernetesSd(YamlTree.At at) {
        Map<String, YamlTree.At> m = y.map(at);
        y.allowOnly(at, m, "role", "namespaces", "selectors", "attach_metadata", "kubeconfig_file", "api_server", "follow_redirects",
                "enable_http2");
        if (m.containsKey("api_server")) {
            y.problem(m.get("api_server"), "is not supported: OpenAgent talks to its own cluster (in-cluster, else KUBECONFIG, else "
                    + "~/.kube/config) or to the one kubeconfig_file names");
        }
        String roleText = y.string(m.get("role"));
        KubernetesSdConfig.Role role;
        try {
            role = KubernetesSdConfig.Role.parse(roleText);
        } catch (IllegalArgumentException e) {
            y.problem(m.get("role") != null ? m.get("role") : at, roleText == null ? "role is required" : e.getMessage());
            return null;
        }
        List<String> names = new ArrayList<>();
        boolean own = false;
        YamlTree.At ns = m.get("namespaces");
        if (ns != null) {
            Map<String, YamlTree.At> nm = y.map(ns);
            y.allowOnly(ns, nm, "names", "own_namespace");
            names.addAll(y.strings(nm.get("names")));
            own = bool(nm.get("own_namespace"), false);
        }
        Map<KubernetesSdConfig.Role, KubernetesSdConfig.Selector> selectors = new java.util.EnumMap<>(KubernetesSdConfig.Role.class);
        for (YamlTree.At s : y.list(m.get("selectors"))) {
            Map<String, YamlTree.At> sm = y.map(s);
            y.allowOnly(s, sm, "role", "label", "field");
            try {
                KubernetesSdConfig.Role r = KubernetesSdConfig.Role.parse(y.string(sm.get("role")));
                if (!role.selectable().contains(r)) {
                    y.problem(s, "a selector of role " + r.word + " cannot be used with role " + role.word);
                    continue;
                }
                if (selectors.containsKey(r)) {
                    y.problem(s, "role " + r.word + " has more than one selector");
                    continue;
                }
                selectors.put(r, new KubernetesSdConfig.Selector(io.openagent.discovery.LabelSelector.parse(y.string(sm.get("label"))),
                        io.openagent.discovery.FieldSelector.parse(y.string(sm.get("field")), r.word)));
            } catch (IllegalArgumentException e) {
                y.problem(s, e.getMessage());
            }
        }
        boolean node = false;
        YamlTree.At am = m.get("attach_metadata");
        if (am != null) {
            Map<String, YamlTree.At> a = y.map(am);
            y.allowOnly(am, a, "node");
            node = bool(a.get("node"), false);
        }
        return new KubernetesSdConfig(role, names, own, null, selectors, node, y.string(m.get("kubeconfig_file")));
    }

    boolean bool(YamlTree.At at, boolean d) {
        Boolean b = y.bool(at);
        return b == null ? d : b;
    }

    Duration timeout(YamlTree.At at, Duration interval, Defaults d) {
        Duration t = y.duration(at);
        if (t == null) {
            return d.timeout.compareTo(interval) > 0 ? interval : d.timeout;
        }
        if (t.isZero() || t.isNegative()) {
            y.problem(at, "must be greater than zero");
            return interval;
        }
        if (t.compareTo(interval) > 0) {
            y.problem(at, "timeout " + Durations.format(t) + " is greater than the interval " + Durations.format(interval));
        }
        return t;
    }

    String scheme(YamlTree.At at) {
        String s = y.string(at);
        if (s == null) {
            return null;
        }
        String l = s.trim().toLowerCase(Locale.ROOT);
        if (!l.equals("http") && !l.equals("https")) {
            y.problem(at, "scheme must be http or https, got \"" + s + "\"");
            return null;
        }
        return l;
    }

    String path(YamlTree.At at, String d) {
        String p = y.string(at);
        if (p == null) {
            return d;
        }
        if (!p.startsWith("/")) {
            y.problem(at, "the path must start with /");
        }
        return p;
    }

    private List<String> addresses(YamlTree.At at) {
        List<String> out = new ArrayList<>();
        for (String a : y.strings(at)) {
            String t = a.trim();
            if (t.isEmpty()) {
                y.problem(at, "empty target address");
            } else if (t.contains(" ")) {
                y.problem(at, "target \"" + t + "\" contains a blank");
            } else {
                out.add(t);
            }
        }
        return out;
    }

    Map<String, String> labels(YamlTree.At at) {
        Map<String, String> l = y.stringMap(at);
        for (String k : l.keySet()) {
            if (!k.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                y.problem(at, "\"" + k + "\" is not a valid label name");
            }
        }
        return l;
    }

    Map<String, List<String>> params(YamlTree.At at) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        y.map(at).forEach((k, v) -> out.put(k, y.strings(v)));
        return out;
    }

    TlsSettings tls(YamlTree.At at, boolean snake) {
        if (at == null || YamlTree.isNull(at)) {
            return TlsSettings.NONE;
        }
        Map<String, YamlTree.At> m = y.map(at);
        if (snake) {
            y.allowOnly(at, m, "ca_file", "cert_file", "key_file", "server_name", "insecure_skip_verify", "min_version", "max_version");
        } else {
            y.allowOnly(at, m, "caFile", "certFile", "keyFile", "serverName", "insecureSkipVerify");
        }
        String ca = y.string(m.get(snake ? "ca_file" : "caFile"));
        String cert = y.string(m.get(snake ? "cert_file" : "certFile"));
        String key = y.string(m.get(snake ? "key_file" : "keyFile"));
        if ((cert == null) != (key == null)) {
            y.problem(at, "a client certificate needs both " + (snake ? "cert_file and key_file" : "certFile and keyFile"));
        }
        return new TlsSettings(ca, cert, key, y.string(m.get(snake ? "server_name" : "serverName")),
                bool(m.get(snake ? "insecure_skip_verify" : "insecureSkipVerify"), false));
    }

    private AuthSettings auth(Map<String, YamlTree.At> m, boolean snake) {
        YamlTree.At basic = m.get(snake ? "basic_auth" : "basicAuth");
        YamlTree.At authz = m.get("authorization");
        String bearerFile = y.string(m.get("bearer_token_file"));
        String bearer = y.string(m.get("bearer_token"));
        int kinds = (basic != null ? 1 : 0) + (authz != null ? 1 : 0) + (bearerFile != null || bearer != null ? 1 : 0);
        if (kinds > 1) {
            y.problem(basic != null ? basic : authz, "only one of basic_auth, authorization and bearer_token(_file) may be set");
        }
        if (basic != null) {
            Map<String, YamlTree.At> b = y.map(basic);
            y.allowOnly(basic, b, "username", "password", "password_file");
            String user = y.string(b.get("username"));
            if (user == null) {
                y.problem(basic, "username is required");
            }
            return new AuthSettings(user == null ? "" : user, y.string(b.get("password")), y.string(b.get("password_file")), null, null, null);
        }
        if (authz != null) {
            Map<String, YamlTree.At> a = y.map(authz);
            y.allowOnly(authz, a, "type", "credentials", "credentials_file");
            String type = y.string(a.get("type"));
            String cred = y.string(a.get("credentials"));
            String credFile = y.string(a.get("credentials_file"));
            if (cred == null && credFile == null) {
                y.problem(authz, "credentials or credentials_file is required");
            }
            if ("basic".equalsIgnoreCase(type)) {
                y.problem(authz, "authorization type Basic is not allowed; use basic_auth");
            }
            return new AuthSettings(null, null, null, type == null ? "Bearer" : type, cred, credFile);
        }
        if (bearer != null || bearerFile != null) {
            return new AuthSettings(null, null, null, "Bearer", bearer, bearerFile);
        }
        return AuthSettings.NONE;
    }

    List<RelabelConfig> relabels(YamlTree.At at) {
        List<RelabelConfig> out = new ArrayList<>();
        for (YamlTree.At r : y.list(at)) {
            Map<String, YamlTree.At> m = y.map(r);
            y.allowOnly(r, m, "source_labels", "sourceLabels", "separator", "target_label", "targetLabel", "regex", "modulus",
                    "replacement", "action");
            try {
                String action = y.string(m.get("action"));
                YamlTree.At sources = m.containsKey("source_labels") ? m.get("source_labels") : m.get("sourceLabels");
                YamlTree.At target = m.containsKey("target_label") ? m.get("target_label") : m.get("targetLabel");
                out.add(new RelabelConfig(sources == null ? null : y.strings(sources), y.string(m.get("separator")),
                        y.string(target), y.string(m.get("regex")), y.number(m.get("modulus")), y.string(m.get("replacement")),
                        action == null ? null : RelabelConfig.Action.parse(action)));
            } catch (IllegalArgumentException e) {
                y.problem(r, e.getMessage());
            }
        }
        return out;
    }

    private void crForm(YamlTree.At at, Defaults d, List<JobConfig> jobs) {
        Map<String, YamlTree.At> m = y.map(at);
        y.allowOnly(at, m, "enabled", "globalInterval", "globalPath", "globalTimeout", "minimumInterval", "scrapingInterval",
                "maxConcurrency", "targets");
        Boolean enabled = y.bool(m.get("enabled"));
        Defaults cr = new Defaults();
        cr.interval = positive(m.get("globalInterval"), y.duration(m.get("globalInterval")), d.interval);
        cr.timeout = d.timeout;
        Duration gt = y.duration(m.get("globalTimeout"));
        if (gt != null) {
            cr.timeout = gt;
        }
        cr.path = path(m.get("globalPath"), d.path);
        cr.bodySizeLimit = d.bodySizeLimit;
        y.duration(m.get("minimumInterval"));
        List<YamlTree.At> targets = y.list(m.get("targets"));
        if (enabled != null && !enabled) {
            return; // validated above, but the feature is off: no targets
        }
        for (YamlTree.At t : targets) {
            Map<String, YamlTree.At> tm = y.map(t);
            String name = y.string(tm.get("targetName"));
            String type = y.string(tm.get("type"));
            if (name == null || name.isBlank()) {
                y.problem(t, "targetName is required");
                continue;
            }
            Boolean on = y.bool(tm.get("enabled"));
            if (type == null) {
                y.problem(t, "type is required (StaticEndpoints, PodMonitor or ServiceMonitor)");
                continue;
            }
            switch (type) {
                case "StaticEndpoints" -> {
                    JobConfig j = staticEndpoints(t, tm, name, cr);
                    if (j != null && (on == null || on)) {
                        jobs.add(j);
                    }
                }
                case "PodMonitor", "ServiceMonitor", "PodMetrics", "ServiceMetrics" -> {
                    List<JobConfig> generated = MonitorJobs.of(this, t, tm, name, type.startsWith("Pod"), cr);
                    if (on == null || on) {
                        jobs.addAll(generated);
                    }
                }
                default -> y.problem(tm.get("type"), "unknown target type \"" + type + "\" (StaticEndpoints, PodMonitor or ServiceMonitor)");
            }
        }
    }

    private JobConfig staticEndpoints(YamlTree.At t, Map<String, YamlTree.At> tm, String name, Defaults cr) {
        y.allowOnly(t, tm, "targetName", "type", "enabled", "scheme", "addresses", "endpoints", "labels", "path", "interval", "timeout",
                "metricSelector", "tlsConfig", "honorLabels", "honorTimestamps", "params", "basicAuth", "authorization",
                "relabelConfigs", "metricRelabelConfigs", "sampleLimit", "labelLimit", "bodySizeLimit");
        Duration interval = positive(tm.get("interval"), y.duration(tm.get("interval")), cr.interval);
        Duration timeout = timeout(tm.get("timeout"), interval, cr);
        TlsSettings tls = tls(tm.get("tlsConfig"), false);
        String scheme = scheme(tm.get("scheme"));
        List<String> addrs = new ArrayList<>(addresses(tm.get("addresses")));
        for (YamlTree.At e : y.list(tm.get("endpoints"))) {
            Map<String, YamlTree.At> em = y.map(e);
            y.allowOnly(e, em, "address", "path", "scheme", "interval", "timeout", "tlsConfig", "params", "metricSelector");
            String a = y.string(em.get("address"));
            if (a == null) {
                y.problem(e, "address is required");
            } else {
                addrs.add(a.trim());
            }
        }
        if (addrs.isEmpty()) {
            y.problem(t, "StaticEndpoints needs at least one address");
        }
        Map<String, YamlTree.At> authKeys = new LinkedHashMap<>();
        if (tm.containsKey("basicAuth")) {
            authKeys.put("basicAuth", tm.get("basicAuth"));
        }
        if (tm.containsKey("authorization")) {
            authKeys.put("authorization", tm.get("authorization"));
        }
        return new JobConfig(name, interval, timeout, path(tm.get("path"), cr.path),
                scheme != null ? scheme : tls.isEmpty() ? "http" : "https", scheme != null, params(tm.get("params")),
                bool(tm.get("honorLabels"), false), bool(tm.get("honorTimestamps"), true), tls, auth(authKeys, false),
                orDefault(y.number(tm.get("sampleLimit")), cr.sampleLimit), orDefault(y.number(tm.get("labelLimit")), cr.labelLimit),
                cr.labelNameLengthLimit, cr.labelValueLengthLimit, orDefault(y.bytes(tm.get("bodySizeLimit")), cr.bodySizeLimit),
                relabels(tm.get("relabelConfigs")), relabels(tm.get("metricRelabelConfigs")),
                List.of(new JobConfig.StaticGroup(addrs, labels(tm.get("labels")))), y.strings(tm.get("metricSelector")), List.of(),
                null, file + ":" + t.line());
    }
}
