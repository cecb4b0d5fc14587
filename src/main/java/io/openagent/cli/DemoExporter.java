package io.openagent.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo exporter of the local mode: a small Prometheus endpoint whose counters grow, with a
 * histogram, a summary, and label values that broke the upstream parser (commas, braces, quotes).
 */
public final class DemoExporter implements AutoCloseable {
    private final HttpServer server;
    private final AtomicLong requests = new AtomicLong();
    private final Random random = new Random();
    private final long started = System.currentTimeMillis();

    public DemoExporter(String host, int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private synchronized String body() {
        long n = requests.addAndGet(1 + random.nextInt(20));
        double uptime = (System.currentTimeMillis() - started) / 1000.0;
        StringBuilder sb = new StringBuilder();
        sb.append("# HELP demo_http_requests_total Requests served by the demo.\n# TYPE demo_http_requests_total counter\n");
        sb.append("demo_http_requests_total{method=\"GET\",code=\"200\"} ").append(n).append('\n');
        sb.append("demo_http_requests_total{method=\"POST\",code=\"500\"} ").append(n / 17).append('\n');
        sb.append("demo_http_requests_total{method=\"GET\",code=\"404\",path=\"/a,b{c}\\\"d\\\"\"} ").append(n / 5).append('\n');
        sb.append("# HELP demo_uptime_seconds Seconds since the demo started.\n# TYPE demo_uptime_seconds gauge\n");
        sb.append("demo_uptime_seconds ").append(uptime).append('\n');
        sb.append("# HELP demo_temperature_celsius Temperature by room.\n# TYPE demo_temperature_celsius gauge\n");
        for (String room : new String[] {"kitchen", "lab", "server room"}) {
            sb.append("demo_temperature_celsius{room=\"").append(room).append("\"} ")
                    .append(String.format("%.2f", 18 + random.nextDouble() * 8)).append('\n');
        }
        sb.append("# HELP demo_latency_seconds Request latency.\n# TYPE demo_latency_seconds histogram\n");
        long c1 = n / 2;
        long c2 = n * 9 / 10;
        sb.append("demo_latency_seconds_bucket{le=\"0.1\"} ").append(c1).append('\n');
        sb.append("demo_latency_seconds_bucket{le=\"0.5\"} ").append(c2).append('\n');
        sb.append("demo_latency_seconds_bucket{le=\"+Inf\"} ").append(n).append('\n');
        sb.append("demo_latency_seconds_sum ").append(n * 0.12).append('\n');
        sb.append("demo_latency_seconds_count ").append(n).append('\n');
        sb.append("# HELP demo_not_a_number A gauge that is NaN: dropped and counted, never sent.\n# TYPE demo_not_a_number gauge\n");
        sb.append("demo_not_a_number NaN\n");
        return sb.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
