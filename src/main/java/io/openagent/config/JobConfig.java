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
 * @param source         where it came from, e.g. {@code scrape_config.yaml:12}
 */
public record JobConfig(String name, Duration interval, Duration timeout, String metricsPath, String scheme, boolean schemeExplicit,
                        Map<String, List<String>> params, boolean honorLabels, boolean honorTimestamps, TlsSettings tls,
                        AuthSettings auth, long sampleLimit, long labelLimit, long labelNameLengthLimit,
                        long labelValueLengthLimit, long bodySizeLimit, List<RelabelConfig> relabelConfigs,
                        List<RelabelConfig> metricRelabelConfigs, List<StaticGroup> staticGroups, List<String> metricFilter,
                        String source) {

    public record StaticGroup(List<String> targets, Map<String, String> labels) {
    }
}
