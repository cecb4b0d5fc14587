package io.openagent.cli;

import io.openagent.scrape.AgentEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code health}: asks the running agent's {@code /observe/health} on this host; exit 0 when UP.
 * The image's HEALTHCHECK (the JRE image has no curl).
 */
public final class HealthCommand {
    private HealthCommand() {
    }

    public static int run(String[] args) {
        String port = AgentEnvironment.lookup("OPENAGENT_MANAGEMENT_PORT");
        String url = "http://127.0.0.1:" + (port == null || port.isBlank() ? "9464" : port.trim()) + "/observe/health";
        try {
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()
                    .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(4)).build(), HttpResponse.BodyHandlers.ofString());
            boolean up = r.statusCode() == 200 && r.body().replace(" ", "").contains("\"status\":\"UP\"");
            System.out.println(up ? "UP" : "DOWN: " + r.body());
            return up ? 0 : 1;
        } catch (Exception e) {
            System.out.println("DOWN: " + url + ": " + e);
            return 1;
        }
    }
}
