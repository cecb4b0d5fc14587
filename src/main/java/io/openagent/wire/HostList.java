package io.openagent.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * The collector addresses from {@code WHATAP_HOST}: separated by {@code ,} or {@code /}; each
 * entry may carry its own {@code :port} ({@code [v6]:port} for IPv6), otherwise the common port.
 * Connection attempts rotate round-robin starting with the first host.
 */
public final class HostList {
    public record Host(String host, int port) {
        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private final List<Host> hosts;
    private int next;

    public HostList(List<Host> hosts) {
        this.hosts = List.copyOf(hosts);
    }

    public static HostList parse(String spec, int defaultPort) {
        List<Host> hosts = new ArrayList<>();
        if (spec != null) {
            for (String raw : spec.split("[,/]")) {
                String e = raw.trim();
                if (e.isEmpty()) {
                    continue;
                }
                String host = e;
                int port = defaultPort;
                if (e.startsWith("[")) {
                    int close = e.indexOf(']');
                    if (close < 0) {
                        throw new IllegalArgumentException("unterminated IPv6 address in host list: " + e);
                    }
                    host = e.substring(1, close);
                    if (e.length() > close + 1) {
                        if (e.charAt(close + 1) != ':') {
                            throw new IllegalArgumentException("expected :port after " + e.substring(0, close + 1));
                        }
                        port = parsePort(e.substring(close + 2), e);
                    }
                } else {
                    int colon = e.lastIndexOf(':');
                    if (colon > 0 && e.indexOf(':') == colon) {
                        host = e.substring(0, colon);
                        port = parsePort(e.substring(colon + 1), e);
                    }
                }
                hosts.add(new Host(host, port));
            }
        }
        return new HostList(hosts);
    }

    private static int parsePort(String s, String entry) {
        try {
            int p = Integer.parseInt(s.trim());
            if (p <= 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("invalid port in host entry \"" + entry + "\"");
        }
    }

    public List<Host> hosts() {
        return hosts;
    }

    public boolean isEmpty() {
        return hosts.isEmpty();
    }

    /** The host for the next connection attempt. */
    public synchronized Host next() {
        Host h = hosts.get(next % hosts.size());
        next = (next + 1) % hosts.size();
        return h;
    }

    @Override
    public String toString() {
        return hosts.toString();
    }
}
