package io.openagent.scrape;

import io.openagent.config.WhatapConf;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the agent's files are and how settings are looked up: a JVM system property of the same
 * name wins over the environment (the local mode and tests set them), then the environment.
 */
public final class AgentEnvironment {
    private AgentEnvironment() {
    }

    public static String lookup(String name) {
        String p = System.getProperty(name);
        if (p != null && !p.isEmpty()) {
            return p;
        }
        return System.getenv(name);
    }

    /** {@code $WHATAP_HOME}, else {@code ./config} (a checkout), else {@code /app} (the image). */
    public static Path home() {
        String h = lookup("WHATAP_HOME");
        if (h != null && !h.isBlank()) {
            return Path.of(h);
        }
        Path local = Path.of("config");
        return Files.isDirectory(local) || !Files.isDirectory(Path.of("/app")) ? local : Path.of("/app");
    }

    public static WhatapConf whatapConf(Path home) {
        return new WhatapConf(home.resolve("whatap.conf"), AgentEnvironment::lookup);
    }
}
