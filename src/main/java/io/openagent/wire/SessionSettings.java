package io.openagent.wire;

import io.openagent.config.WhatapConf;
import java.util.function.Function;

/**
 * What the session layer reads from whatap.conf and the environment (spec §8), with the
 * reference defaults.
 *
 * @param conf a whatap.conf key (falling back to the same-named environment variable)
 * @param env  an environment variable
 */
public record SessionSettings(License license, HostList hosts, int cypherLevel, int connectTimeoutMs, int readTimeoutMs,
                              int sendTimeoutMs, long timeSyncIntervalMs, int netSendMaxBytes,
                              Function<String, String> conf, Function<String, String> env) {
    public static final int DEFAULT_PORT = 6600;

    public static SessionSettings from(WhatapConf c) {
        String license = c.first("WHATAP_LICENSE", "license");
        String hostSpec = c.first("WHATAP_HOST", "whatap.server.host", "WHATAP_SERVER_HOST");
        int port = (int) c.getLong("WHATAP_PORT", 0);
        if (port == 0) {
            port = (int) c.getLong("whatap.server.port", 0);
        }
        if (port == 0) {
            port = (int) c.getLong("WHATAP_SERVER_PORT", DEFAULT_PORT);
        }
        if (port == 0) {
            port = DEFAULT_PORT;
        }
        return new SessionSettings(License.parse(license), HostList.parse(hostSpec, port), c.getInt("cypher_level", 128),
                c.getInt("tcp_connection_timeout", 5000), c.getInt("tcp_so_timeout", 120000),
                c.getInt("tcp_so_send_timeout", 20000), c.getLong("time_sync_interval_ms", 5000),
                c.getInt("net_send_max_bytes", 5 * 1024 * 1024), c::get, c.env());
    }

    public SessionSettings withHosts(HostList h) {
        return new SessionSettings(license, h, cypherLevel, connectTimeoutMs, readTimeoutMs, sendTimeoutMs, timeSyncIntervalMs,
                netSendMaxBytes, conf, env);
    }

    public SessionSettings withCypherLevel(int level) {
        return new SessionSettings(license, hosts, level, connectTimeoutMs, readTimeoutMs, sendTimeoutMs, timeSyncIntervalMs,
                netSendMaxBytes, conf, env);
    }

    public SessionSettings withTimeSyncIntervalMs(long ms) {
        return new SessionSettings(license, hosts, cypherLevel, connectTimeoutMs, readTimeoutMs, sendTimeoutMs, ms,
                netSendMaxBytes, conf, env);
    }

    public SessionSettings withReadTimeoutMs(int ms) {
        return new SessionSettings(license, hosts, cypherLevel, connectTimeoutMs, ms, sendTimeoutMs, timeSyncIntervalMs,
                netSendMaxBytes, conf, env);
    }

    public SessionSettings withNetSendMaxBytes(int bytes) {
        return new SessionSettings(license, hosts, cypherLevel, connectTimeoutMs, readTimeoutMs, sendTimeoutMs, timeSyncIntervalMs,
                bytes, conf, env);
    }

    /** Never prints the license key. */
    @Override
    public String toString() {
        return "SessionSettings[pcode=" + license.pcode() + ", hosts=" + hosts + ", cypherLevel=" + cypherLevel + "]";
    }
}
