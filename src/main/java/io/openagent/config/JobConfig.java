package io.openagent.config;

import io.openagent.discovery.RelabelConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One scrape job, whichever form it was written in (basic, Prometheus or CR StaticEndpoints).
 *
 * @param staticGroups   target groups: addresses and the labels they share
 * @param metricFilter   exact names and globs to keep (empty = all)
 * @param schemeExplicit whether the scheme was written (else derived: https when a TLS block exists)
 * @param kubernetesSd   Kubernetes discovery (kubernetes_sd_configs, or a PodMonitor/ServiceMonitor endpoint)
 * @param secretAuth     credentials to read from Kubernetes Secrets (monitors), else null
 * @param source         where it came from, e.g. {@code scrape_config.yaml:12}
 */
public record JobConfig(String name, Duration interval, Duration timeout, String metricsPath, String scheme, boolean schemeExplicit,
                        Map<String, List<String>> params, boolean honorLabels, boolean honorTimestamps, TlsSettings tls,
                        AuthSettings auth, long sampleLimit, long labelLimit, long labelNameLengthLimit,
                        long labelValueLengthLimit, long bodySizeLimit, List<RelabelConfig> relabelConfigs,
                        List<RelabelConfig> metricRelabelConfigs, List<StaticGroup> staticGroups, List<String> metricFilter,
                        List<KubernetesSdConfig> kubernetesSd, SecretAuth secretAuth, String source) {

    /** The same job with credentials resolved (from Secrets) at target-building time. */
    public JobConfig withAuth(AuthSettings resolved) {
        return new JobConfig(name, interval, timeout, metricsPath, scheme, schemeExplicit, params, honorLabels, honorTimestamps, tls,
                resolved, sampleLimit, labelLimit, labelNameLengthLimit, labelValueLengthLimit, bodySizeLimit, relabelConfigs,
                metricRelabelConfigs, staticGroups, metricFilter, kubernetesSd, secretAuth, source);
    }

    public record StaticGroup(List<String> targets, Map<String, String> labels) {
    }
}
