package io.openagent.config;

import java.time.Duration;
import java.util.List;

/** Everything {@code scrape_config.yaml} says. */
public record AgentConfig(String form, Duration globalInterval, Duration globalTimeout, List<JobConfig> jobs) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final long DEFAULT_BODY_SIZE_LIMIT = 64L * 1024 * 1024;

    public static AgentConfig empty() {
        return new AgentConfig("empty", DEFAULT_INTERVAL, DEFAULT_TIMEOUT, List.of());
    }
}
