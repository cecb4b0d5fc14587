package io.openagent.discovery;

import io.openagent.config.JobConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One target to scrape, after Prometheus target-label population and relabeling.
 *
 * @param id               stable identity: the same job, URL and labels give the same id
 * @param labels           labels attached to every sample (job, instance, the target's own)
 * @param discoveredLabels the labels before relabeling (shown on the targets page)
 */
public record ScrapeTarget(String id, JobConfig job, URI url, Map<String, String> labels, Map<String, String> discoveredLabels,
                           Duration interval, Duration timeout) {

    public String jobName() {
        return job.name();
    }

    public String instance() {
        return labels.getOrDefault("instance", url.getAuthority());
    }
}
