package io.openagent.config;

/**
 * Credentials a PodMonitor/ServiceMonitor endpoint takes from Kubernetes Secrets: {@code basicAuth}
 * (username and password keys), {@code bearerTokenSecret}, or {@code authorization.credentials}.
 * They are read when targets are built and sent only to that endpoint's targets.
 */
public record SecretAuth(KeyRef username, KeyRef password, String type, KeyRef credentials) {

    /** A key of a Secret; a null namespace means the agent's own namespace. */
    public record KeyRef(String namespace, String name, String key) {
        @Override
        public String toString() {
            return (namespace == null ? "" : namespace + "/") + name + "[" + key + "]";
        }
    }

    public boolean isBasic() {
        return username != null;
    }
}
