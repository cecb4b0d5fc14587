package io.openagent.wire;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's object identity (spec §5): ONAME/OID, OKIND and ONODE. Decided before the first pack
 * is built, so no pack ever carries OID 0.
 *
 * @param ip the local IPv4 address as an int (0 when unknown)
 */
public record ObjectIdentity(String oname, int oid, String okindName, int okind, String onodeName, int onode, int ip) {

    public static final String DEFAULT_PATTERN = "{type}-{ip2}-{ip3}-{process}";
    /** The application type the OpenAgent reports for the {@code {type}} placeholder. */
    public static final String AGENT_TYPE = "openagent";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z0-9]+)}");

    /** Facts about the host that auto names may use. */
    public record HostFacts(String hostname, String docker, String ips) {
        public static HostFacts none() {
            return new HostFacts("", "", "");
        }

        public static HostFacts detect() {
            String hostname = "";
            try {
                hostname = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                hostname = System.getenv().getOrDefault("HOSTNAME", "");
            }
            return new HostFacts(hostname, dockerToken(), ipsToken());
        }

        private static String dockerToken() {
            try {
                List<String> lines = Files.readAllLines(Path.of("/proc/self/cgroup"));
                return dockerToken(lines.isEmpty() ? "" : lines.get(0));
            } catch (IOException | RuntimeException e) {
                return dockerToken("");
            }
        }

        /** hexa32(HashStr(third {@code /}-field of the first cgroup line)), or of "none" when there is none. */
        public static String dockerToken(String firstCgroupLine) {
            String[] parts = firstCgroupLine.split("/", -1);
            String field = parts.length > 2 && !parts[2].trim().isEmpty() ? parts[2].trim() : "none";
            return Hexa32.encode(Hashes.hashStr(field));
        }

        private static String ipsToken() {
            List<String> ips = new ArrayList<>();
            try {
                for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    if (!ni.isUp() || ni.isLoopback()) {
                        continue;
                    }
                    for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                        if (!a.isLoopbackAddress()) {
                            ips.add(a.getHostAddress());
                        }
                    }
                }
            } catch (IOException e) {
                ips.clear();
            }
            return ipsToken(ips);
        }

        /** hexa32(HashStr(comma-joined addresses)), or of "noneIP" when there are none. */
        public static String ipsToken(List<String> ips) {
            return Hexa32.encode(Hashes.hashStr(ips.isEmpty() ? "noneIP" : String.join(",", ips)));
        }
    }

    /**
     * Decides the identity.
     *
     * @param conf    a whatap.conf key, falling back to the environment variable of the same name
     * @param env     an environment variable only
     * @param localIp the local address of the connected (or to-be-connected) socket
     */
    public static ObjectIdentity decide(Function<String, String> conf, Function<String, String> env, String localIp,
                                        HostFacts host) {
        String oname = first(conf.apply("whatap.oname"), env.apply("WHATAP_ONAME"), conf.apply("app_name"));
        if (oname.isEmpty()) {
            String pattern = first(conf.apply("whatap.name"), env.apply("WHATAP_NAME"), conf.apply("object_name"));
            oname = expandPattern(pattern.isEmpty() ? DEFAULT_PATTERN : pattern, localIp,
                    Map.of("type", AGENT_TYPE, "hostname", host.hostname(), "docker", host.docker(), "ips", host.ips()));
        }
        String okindName = first(conf.apply("whatap.okind"), env.apply("WHATAP_OKIND"), env.apply("OKIND"),
                podKind(first(env.apply("POD_NAME"), env.apply("PODNAME"))));
        String onodeName = first(conf.apply("whatap.onode"), env.apply("WHATAP_ONODE"), env.apply("NODE_NAME"),
                env.apply("NODE_IP"));
        return new ObjectIdentity(oname, Hashes.hashStr(oname), okindName, Hashes.hashStr(okindName), onodeName,
                Hashes.hashStr(onodeName), Ip4.toInt(localIp));
    }

    /** A pod name without its last {@code -segment} (the replica suffix); "" when it has none. */
    static String podKind(String podName) {
        int dash = podName.lastIndexOf('-');
        return dash > 0 ? podName.substring(0, dash) : "";
    }

    private static String first(String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.trim().isEmpty()) {
                return c.trim();
            }
        }
        return "";
    }

    /**
     * Expands a name pattern. Unlike the upstream agent, a placeholder without a value is removed
     * together with the separator next to it, so no literal {@code {process}} reaches the collector.
     */
    public static String expandPattern(String pattern, String localIp, Map<String, String> vars) {
        String marked = expand(pattern, localIp, vars, "\u0000");
        String cleaned = marked.replaceAll("[-_.:]?\u0000", "").replaceAll("^[-_.:]+", "").replace("\u0000", "");
        return cleaned.isEmpty() ? AGENT_TYPE : cleaned;
    }

    /** The upstream expansion, which leaves unknown placeholders literally (kept to verify the golden vectors). */
    public static String expandPatternUpstream(String pattern, String localIp, Map<String, String> vars) {
        return expand(pattern, localIp, vars, null);
    }

    private static String expand(String pattern, String localIp, Map<String, String> vars, String unresolved) {
        String[] octets = localIp == null ? new String[0] : localIp.split("\\.");
        Matcher m = PLACEHOLDER.matcher(pattern);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String value = null;
            if (key.matches("ip[0-3]") && octets.length == 4) {
                value = octets[key.charAt(2) - '0'];
            } else if (!key.equals("port")) {
                value = vars.get(key);
            }
            if (value == null || value.isEmpty()) {
                value = unresolved != null ? unresolved : m.group();
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    public PackHeader header(long pcode, long time) {
        return new PackHeader(pcode, oid, okind, onode, time);
    }
}
