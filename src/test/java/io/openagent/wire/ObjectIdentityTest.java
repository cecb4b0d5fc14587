package io.openagent.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectIdentityTest {
    private static ObjectIdentity decide(Map<String, String> conf, Map<String, String> env, String ip) {
        return ObjectIdentity.decide(k -> conf.getOrDefault(k, env.get(k)), env::get, ip, new ObjectIdentity.HostFacts("host-a", "", ""));
    }

    @Test
    void defaultPatternNeverLeaksAPlaceholder() {
        ObjectIdentity id = decide(Map.of(), Map.of(), "10.20.30.40");
        assertEquals("openagent-30-40", id.oname());
        assertFalse(id.oname().contains("{"));
        assertEquals(Hashes.hashStr("openagent-30-40"), id.oid());
    }

    @Test
    void unresolvedPlaceholdersAreRemovedWithTheirSeparator() {
        assertEquals("host-a", decide(Map.of("whatap.name", "{hostname}-{process}"), Map.of(), "10.0.0.1").oname());
        assertEquals("host-a-1", decide(Map.of("whatap.name", "{process}-{hostname}-{ip3}"), Map.of(), "10.0.0.1").oname());
        // no IPv4 address (an IPv6 socket): the ip placeholders are unknown too
        assertEquals("openagent", decide(Map.of(), Map.of(), "::1").oname());
        assertEquals("openagent", decide(Map.of("whatap.name", "{port}"), Map.of(), "10.0.0.1").oname());
    }

    @Test
    void explicitNameKindAndNode() {
        ObjectIdentity id = decide(Map.of(), Map.of("WHATAP_ONAME", " my-agent ", "POD_NAME", "web-5d8f7c9b4-abcde", "NODE_IP", "10.1.1.1"), "10.0.0.1");
        assertEquals("my-agent", id.oname());
        assertEquals("web-5d8f7c9b4", id.okindName());
        assertEquals("10.1.1.1", id.onodeName());
        assertEquals(Hashes.hashStr("web-5d8f7c9b4"), id.okind());
    }
}
