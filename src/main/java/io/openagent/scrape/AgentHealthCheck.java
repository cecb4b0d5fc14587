package io.openagent.scrape;

import io.openagent.wire.SessionClient;
import java.util.Map;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * {@code /observe/health}: live while the agent runs; ready once a configuration loaded and the
 * WhaTap session is established or can still queue data. A refused edit of scrape_config.yaml is
 * shown in the details (the last good configuration keeps running, so readiness stays up).
 */
final class AgentHealthCheck implements HealthCheck {
    private final AgentRuntime agent;
    private boolean enabled = true;

    AgentHealthCheck(AgentRuntime agent) {
        this.agent = agent;
    }

    @Override
    public String getGroup() {
        return "openagent";
    }

    @Override
    public String getId() {
        return "agent";
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public Result call(Map<String, Object> options) {
        HealthCheckResultBuilder b = HealthCheckResultBuilder.on(this);
        boolean readiness = Kind.READINESS.equals(options.get(CHECK_KIND)) || "READINESS".equals(String.valueOf(options.get(CHECK_KIND)));
        SessionClient s = agent.session();
        boolean established = s != null && s.isEstablished();
        b.detail("targets", agent.targets().size());
        b.detail("session.established", established);
        b.detail("outbox.packs", s == null ? 0 : s.outboxSize());
        if (agent.configError() != null) {
            b.detail("config.error", agent.configError());
        }
        if (agent.kubernetesProblem() != null) {
            b.detail("kubernetes.error", agent.kubernetesProblem());
        }
        b.detail("targets.dropped", agent.droppedTotal());
        if (!readiness) {
            return b.up().build();
        }
        if (agent.config() == null) {
            return b.down().message(agent.configError() != null ? "no configuration loaded: " + agent.configError()
                    : "configuration not loaded yet").build();
        }
        if (!established && (s == null || s.outboxSize() >= s.outboxCapacity())) {
            return b.down().message("no WhaTap session and the outbox is full").build();
        }
        return b.up().message(agent.configError() != null ? "running the last good configuration; the current file was refused"
                : established ? "ok" : "collector unreachable; data is queued").build();
    }
}
