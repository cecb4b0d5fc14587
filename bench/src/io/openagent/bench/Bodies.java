package io.openagent.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Exposition bodies the benchmarks parse (JMH here, and bench/paired). */
public final class Bodies {
    static final int NODE_EXPORTER_SAMPLES = 507;
    static final int SYNTHETIC_SAMPLES = 100_000;

    private Bodies() {
    }

    public static byte[] nodeExporter() throws IOException {
        for (Path p : new Path[] {Path.of("../shared/fixtures/exposition/node_exporter.prom"),
                Path.of(System.getProperty("openagent.shared", "../shared"), "fixtures/exposition/node_exporter.prom")}) {
            if (Files.exists(p)) {
                return Files.readAllBytes(p);
            }
        }
        throw new IOException("node_exporter.prom not found: run from the checkout so that ../shared exists");
    }

    /** 100 families × 1000 series, with HELP and TYPE, labels of realistic length, float values. */
    public static byte[] synthetic() {
        StringBuilder sb = new StringBuilder(16 * 1024 * 1024);
        int n = 0;
        for (int f = 0; f < 100; f++) {
            String name = "synthetic_requests_" + f + "_total";
            sb.append("# HELP ").append(name).append(" Synthetic requests of family ").append(f).append(".\n");
            sb.append("# TYPE ").append(name).append(" counter\n");
            for (int s = 0; s < 1000; s++, n++) {
                sb.append(name).append("{instance=\"host-").append(s % 50).append(".example:9100\",path=\"/api/v1/items/")
                        .append(s).append("\",method=\"").append(s % 3 == 0 ? "GET" : "POST").append("\",code=\"")
                        .append(s % 7 == 0 ? "500" : "200").append("\"} ").append(s * 1.25 + f).append('\n');
            }
        }
        if (n != SYNTHETIC_SAMPLES) {
            throw new IllegalStateException("synthetic body has " + n + " samples");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
