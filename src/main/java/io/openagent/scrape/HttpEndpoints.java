package io.openagent.scrape;

import io.openagent.discovery.ScrapeTarget;
import org.apache.camel.CamelContext;

/**
 * The camel-http endpoint of a target: scheme, host and port, with its timeouts, no stream caching
 * (the parser streams the body), no exception on HTTP errors (the status becomes up=0 with a
 * reason), and for https the target's own TLS settings bound in the registry.
 */
final class HttpEndpoints {
    private HttpEndpoints() {
    }

    static String uri(CamelContext context, String routeId, ScrapeTarget t) throws Exception {
        // The HTTP client may wait up to the adaptive timeout's cap; each scrape enforces its current timeout itself.
        long timeoutMs = AdaptiveTimeout.of(t.timeout(), t.interval()).capMs();
        StringBuilder uri = new StringBuilder();
        uri.append(t.url().getScheme()).append("://").append(t.url().getRawAuthority());
        uri.append("?throwExceptionOnFailure=false&disableStreamCache=true&followRedirects=true");
        uri.append("&connectTimeout=").append(timeoutMs).append("&responseTimeout=").append(timeoutMs)
                .append("&soTimeout=").append(timeoutMs).append("&connectionRequestTimeout=").append(timeoutMs);
        uri.append("&userAgent=OpenAgent/").append(AgentRuntime.VERSION);
        if (t.url().getScheme().equals("https")) {
            context.getRegistry().bind("openagentTls-" + routeId, TlsContexts.sslContextParameters(t.job().tls()));
            context.getRegistry().bind("openagentHostnames-" + routeId, TlsContexts.hostnameVerifier(t.job().tls()));
            uri.append("&sslContextParameters=#openagentTls-").append(routeId);
            uri.append("&x509HostnameVerifier=#openagentHostnames-").append(routeId);
        }
        return uri.toString();
    }

    static void unbind(CamelContext context, String routeId) {
        context.getRegistry().unbind("openagentTls-" + routeId);
        context.getRegistry().unbind("openagentHostnames-" + routeId);
    }
}
