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
        if (pathInUri(t)) {
            uri.append(t.url().getRawPath());
        }
        uri.append("?throwExceptionOnFailure=false&disableStreamCache=true&followRedirects=true");
        // only the headers a scrape uses, and the request headers are not copied into the response
        if (context.getRegistry().lookupByName(ScrapeHeaders.BEAN) == null) {
            context.getRegistry().bind(ScrapeHeaders.BEAN, new ScrapeHeaders());
        }
        uri.append("&copyHeaders=false&headerFilterStrategy=#").append(ScrapeHeaders.BEAN);
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

    /**
     * Whether the target's path goes into the endpoint URI (then the request URL is the endpoint's,
     * built once) rather than into a header on every request (then camel-http builds and parses the
     * URL per request). Only plain paths do: percent escapes, '+' or ';' are left to the header,
     * which takes them verbatim. A query always goes in a header, where it cannot be mistaken for an
     * endpoint option.
     */
    static boolean pathInUri(ScrapeTarget t) {
        String path = t.url().getRawPath();
        return path != null && path.matches("(/[A-Za-z0-9._~-]+)+/?") && t.url().getRawQuery() == null;
    }

    static void unbind(CamelContext context, String routeId) {
        context.getRegistry().unbind("openagentTls-" + routeId);
        context.getRegistry().unbind("openagentHostnames-" + routeId);
    }
}
