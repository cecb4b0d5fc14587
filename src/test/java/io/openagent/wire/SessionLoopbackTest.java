package io.openagent.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openagent.collector.Collector;
import io.openagent.config.ControlCommands;
import io.openagent.config.WhatapConf;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Agent session ⇄ collector over loopback, each test bounded in time. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionLoopbackTest {
    static final String LICENSE = "x41pl22ek7jhv-z43cebasdv4il7-z62p3l35fj5502";

    @TempDir
    Path home;
    Collector collector;
    SessionClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (collector != null) {
            collector.close();
        }
    }

    SessionSettings settings(int port, int level, Map<String, String> conf) {
        Map<String, String> c = new LinkedHashMap<>(conf);
        c.putIfAbsent("whatap.oname", "loopback-agent");
        return new SessionSettings(License.parse(LICENSE), HostList.parse("127.0.0.1:" + port, 6600), level, 2000, 120000,
                20000, 5000, 5 * 1024 * 1024, c::get, k -> null);
    }

    static PackBody metrics(int n, String tag) {
        RecordBodyWriter w = new RecordBodyWriter();
        for (int i = 0; i < n; i++) {
            w.beginRecord("m_" + tag).labels(1).label("i", Integer.toString(i)).endSample(1700000000000L + i, i);
        }
        return w.seal(Pack.OPENMX, "");
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 0, 256})
    void deliversPacksAtEveryCypherLevel(int level) throws Exception {
        collector = new Collector(List.of(LICENSE)).start("127.0.0.1", 0);
        client = new SessionClient(settings(collector.port(), level, Map.of("whatap.okind", "kind-a", "whatap.onode", "node-a")),
                ControlResponder.NONE, 1000, null, ObjectIdentity.HostFacts.none());
        client.start();
        for (int i = 0; i < 5; i++) {
            client.send(metrics(200, "l" + level));
        }
        assertTrue(collector.awaitRecords(1000, 20000), "records: " + collector.records.get());
        Collector.Received first = collector.received().get(0);
        assertEquals(1845, first.pack().header().pcode());
        assertEquals(Hashes.hashStr("loopback-agent"), first.pack().header().oid(), "OID = HashStr(oname)");
        assertEquals(Hashes.hashStr("kind-a"), first.pack().header().okind());
        assertEquals(Hashes.hashStr("node-a"), first.pack().header().onode());
        assertEquals("loopback-agent", first.oname());
        List<Pack.OpenMxRecord> rs = collector.openMxRecords();
        assertEquals(1000, rs.size());
        assertEquals("m_l" + level, rs.get(0).metric());
        assertEquals(Map.of("i", "199"), rs.get(199).labels());
        assertEquals(0, collector.malformed.get());
        assertEquals(0, collector.oidMismatch.get());
        assertTrue(collector.timeSyncs.get() >= 1, "a time sync precedes the first pack");
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 0})
    void aCountingCollectorCountsWhatADecodingOneDecodes(int level) throws Exception {
        collector = new Collector(List.of(LICENSE), 64 * 1024 * 1024, false).countOnly(true).start("127.0.0.1", 0);
        client = new SessionClient(settings(collector.port(), level, Map.of()), ControlResponder.NONE, 1000, null, ObjectIdentity.HostFacts.none());
        client.start();
        int[] sizes = {1, 3, 250, 1000}; // 1 and 3 records stay under the 100-byte zip threshold, the others are gzipped
        for (int n : sizes) {
            client.send(metrics(n, "c" + n));
        }
        RecordBodyWriter help = new RecordBodyWriter();
        help.beginRecord("h");
        Values.write(help.body(), new Value.MapValue(Map.of("help", Value.text("x"))));
        help.endRecord();
        client.send(help.seal(Pack.OPENMX_HELP, null));
        assertTrue(collector.awaitRecords(1254, 20000), "records: " + collector.records.get());
        Thread.sleep(200);
        assertEquals(1254, collector.records.get(), "exactly the records sent");
        assertTrue(AgentWait.until(() -> collector.packs.get() == 5, 5000), "packs: " + collector.packs.get());
        assertEquals(0, collector.malformed.get());
        for (int n : sizes) {
            byte[] bytes = metrics(n, "x").toBytes(new PackHeader(1, 2, 3, 4, 5));
            assertEquals(n, PackCodec.openMxRecordCount(bytes, 0, bytes.length));
        }
        byte[] helpBytes = help.seal(Pack.OPENMX_HELP, null).toBytes(new PackHeader(1, 2, 3, 4, 5));
        assertEquals(-1, PackCodec.openMxRecordCount(helpBytes, 0, helpBytes.length), "not an OpenMx pack");
    }

    /** Polls a condition (packs other than OpenMx are decoded, which takes a moment longer). */
    private static final class AgentWait {
        static boolean until(java.util.function.BooleanSupplier c, long ms) throws InterruptedException {
            long end = System.currentTimeMillis() + ms;
            while (!c.getAsBoolean() && System.currentTimeMillis() < end) {
                Thread.sleep(20);
            }
            return c.getAsBoolean();
        }
    }

    @Test
    void reconnectsAfterTheCollectorRestartsAndContinues() throws Exception {
        collector = new Collector(List.of(LICENSE)).start("127.0.0.1", 0);
        int port = collector.port();
        client = new SessionClient(settings(port, 128, Map.of()), ControlResponder.NONE, 10000, null, ObjectIdentity.HostFacts.none());
        client.start();
        client.send(metrics(10, "before"));
        assertTrue(collector.awaitRecords(10, 10000));
        collector.close();
        // While the collector is down, packs wait in the outbox.
        for (int i = 0; i < 5; i++) {
            client.send(metrics(10, "during"));
        }
        Thread.sleep(300);
        collector = new Collector(List.of(LICENSE)).start("127.0.0.1", port);
        assertTrue(collector.awaitRecords(50, 30000), "records after restart: " + collector.records.get());
        client.send(metrics(10, "after"));
        assertTrue(collector.awaitRecords(60, 10000));
        assertEquals(1, collector.handshakes.get());
        assertTrue(client.stats.handshakes.get() >= 2);
    }

    @Test
    void keysChangeOnEveryConnection() throws Exception {
        collector = new Collector(List.of(LICENSE)).start("127.0.0.1", 0);
        client = new SessionClient(settings(collector.port(), 128, Map.of()), ControlResponder.NONE, 100, null, ObjectIdentity.HostFacts.none());
        client.start();
        client.send(metrics(1, "a"));
        assertTrue(collector.awaitRecords(1, 10000));
        collector.disconnectAll();
        long deadline = System.currentTimeMillis() + 15000;
        while (collector.handshakes.get() < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        client.send(metrics(1, "b"));
        assertTrue(collector.awaitRecords(2, 10000));
        assertEquals(2, collector.handshakes.get());
    }

    @Test
    void malformedAndTruncatedFramesAreCountedAndDoNotStopTheCollector() throws Exception {
        collector = new Collector(List.of(LICENSE)).start("127.0.0.1", 0);
        try (Socket s = new Socket("127.0.0.1", collector.port())) {
            OutputStream out = s.getOutputStream();
            // A data frame before any handshake.
            out.write(new Frame(1, 1, 1845, 1, 0, new byte[] {1, 2, 3}).toBytes());
            out.flush();
            s.getInputStream().read();
        }
        try (Socket s = new Socket("127.0.0.1", collector.port())) {
            byte[] frame = Handshake.request(License.parse(LICENSE), "x", Hashes.hashStr("x"), 0, 128).toBytes();
            s.getOutputStream().write(frame, 0, frame.length - 5); // cut in the middle of the payload
            s.getOutputStream().flush();
        }
        long deadline = System.currentTimeMillis() + 5000;
        while ((collector.malformed.get() < 1 || collector.truncated.get() < 1) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, collector.malformed.get());
        assertEquals(1, collector.truncated.get());
        // a healthy agent still gets through
        client = new SessionClient(settings(collector.port(), 128, Map.of()), ControlResponder.NONE, 100, null, ObjectIdentity.HostFacts.none());
        client.start();
        client.send(metrics(3, "ok"));
        assertTrue(collector.awaitRecords(3, 10000));
    }

    @Test
    void anOversizedPackIsSentAndAnOverflowEventFollows() throws Exception {
        collector = new Collector(List.of(LICENSE)).start("127.0.0.1", 0);
        client = new SessionClient(settings(collector.port(), 128, Map.of()).withNetSendMaxBytes(2000), ControlResponder.NONE, 100,
                null, ObjectIdentity.HostFacts.none());
        client.start();
        RecordBodyWriter w = new RecordBodyWriter(new Gzip(0)); // level 0: the pack stays large
        for (int i = 0; i < 200; i++) {
            w.beginRecord("big_metric_name_" + i).labels(0).endSample(1, i);
        }
        client.send(w.seal(Pack.OPENMX, ""));
        assertTrue(collector.awaitRecords(200, 10000));
        long deadline = System.currentTimeMillis() + 5000;
        while (collector.received().stream().noneMatch(r -> r.pack() instanceof Pack.EventPack) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        Pack.EventPack ev = (Pack.EventPack) collector.received().stream().filter(r -> r.pack() instanceof Pack.EventPack).findFirst()
                .orElseThrow().pack();
        assertEquals("NEW_OVERFLOW", ev.title());
        assertTrue(ev.message().contains("0x1603"), ev.message());
        assertNotEquals(0, ev.header().oid(), "unlike upstream, the overflow event carries the agent's identity");
        assertEquals(1, client.stats.oversize.get());
    }

    @Test
    void hostListRotatesAndSkipsADeadHost() throws Exception {
        collector = new Collector(List.of(LICENSE)).start("127.0.0.1", 0);
        int dead;
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            dead = ss.getLocalPort();
        }
        SessionSettings s = settings(collector.port(), 128, Map.of())
                .withHosts(HostList.parse("127.0.0.1:" + dead + ", 127.0.0.1:" + collector.port(), 6600));
        client = new SessionClient(s, ControlResponder.NONE, 100, null, ObjectIdentity.HostFacts.none());
        client.start();
        client.send(metrics(1, "x"));
        assertTrue(collector.awaitRecords(1, 15000));
        assertEquals(1, client.stats.connectFailures.get());
    }

    @Test
    void controlRequestsAreAnsweredWithoutSecrets() throws Exception {
        Files.writeString(home.resolve("whatap.conf"), "license=" + LICENSE + "\nwhatap.server.host=127.0.0.1\n# debug=true\nmy_api_token=abc\n");
        Path logs = Files.createDirectories(home.resolve("logs"));
        Files.writeString(logs.resolve("agent.log"), "line one\nline two\n");
        WhatapConf conf = new WhatapConf(home.resolve("whatap.conf"), k -> null);
        Map<String, String> env = Map.of("PATH", "/usr/bin", "WHATAP_LICENSE", LICENSE, "DB_PASSWORD", "hunter2", "AWS_SECRET_ACCESS_KEY", "s");
        ControlCommands control = new ControlCommands(conf, logs, () -> env, "0.1.0");
        collector = new Collector(List.of(LICENSE)).start("127.0.0.1", 0);
        client = new SessionClient(settings(collector.port(), 128, Map.of()), control, 100, null, ObjectIdentity.HostFacts.none());
        client.start();
        client.send(metrics(1, "x"));
        assertTrue(collector.awaitRecords(1, 10000));
        PackHeader h = new PackHeader(1845, Hashes.hashStr("loopback-agent"), 0, 0, 1700000000000L);

        Pack.ParamPack env12 = collector.sendControl(new Pack.ParamPack(h, ControlCommands.GET_ENV, 1001, 0, new Value.MapValue()))
                .get(10, TimeUnit.SECONDS);
        assertEquals(1001, env12.response());
        assertEquals(0, env12.request());
        Value.MapValue e = (Value.MapValue) env12.entries().get("env");
        assertEquals("/usr/bin", e.text("PATH"));
        assertEquals("****", e.text("WHATAP_LICENSE"));
        assertEquals("****", e.text("DB_PASSWORD"));
        assertEquals("****", e.text("AWS_SECRET_ACCESS_KEY"));
        assertEquals("0.1.0", e.text("whatap.agent_version"));
        assertFalse(env12.toString().contains(LICENSE));

        Pack.ParamPack text = collector.sendControl(new Pack.ParamPack(h, ControlCommands.CONFIGURE_GET, 1002, 0,
                new Value.MapValue(Map.of("config_type", Value.text("text"))))).get(10, TimeUnit.SECONDS);
        String contents = text.entries().text("contents");
        assertTrue(contents.contains("whatap.server.host=127.0.0.1"));
        assertTrue(contents.contains("# debug=true"));
        assertFalse(contents.contains(LICENSE), contents);
        assertFalse(contents.contains("abc"), contents);

        Pack.ParamPack keys = collector.sendControl(new Pack.ParamPack(h, ControlCommands.CONFIGURE_GET, 1003, 0, new Value.MapValue()))
                .get(10, TimeUnit.SECONDS);
        assertEquals("127.0.0.1", keys.entries().text("whatap.server.host"));
        assertEquals("****", keys.entries().text("license"));

        collector.sendControl(new Pack.ParamPack(h, ControlCommands.SET_CONFIG, 1004, 0,
                new Value.MapValue(Map.of("config", new Value.MapValue(Map.of("debug", Value.text("true"), "my_api_token", Value.text(""))))))
        ).get(10, TimeUnit.SECONDS);
        assertEquals("true", conf.get("debug"));
        assertEquals(null, conf.get("my_api_token"), "an empty value deletes the key");

        Pack.ParamPack list = collector.sendControl(new Pack.ParamPack(h, ControlCommands.AGENT_LOG_LIST, 1005, 0, new Value.MapValue()))
                .get(10, TimeUnit.SECONDS);
        assertEquals(Value.decimal(18), ((Value.MapValue) list.entries().get("files")).get("agent.log"));

        Pack.ParamPack read = collector.sendControl(new Pack.ParamPack(h, ControlCommands.AGENT_LOG_READ, 1006, 0, new Value.MapValue(
                Map.of("file", Value.text("agent.log"), "pos", Value.decimal(5), "length", Value.decimal(100000))))).get(10, TimeUnit.SECONDS);
        assertEquals("one\nline two\n", read.entries().text("text"));
        assertEquals(Value.decimal(5), read.entries().get("before"));
        assertEquals(Value.decimal(18), read.entries().get("next"));

        Pack.ParamPack traversal = collector.sendControl(new Pack.ParamPack(h, ControlCommands.AGENT_LOG_READ, 1007, 0, new Value.MapValue(
                Map.of("file", Value.text("../whatap.conf"))))).get(10, TimeUnit.SECONDS);
        assertNotNull(traversal);
        assertEquals(null, traversal.entries().get("text"), "no path traversal out of the log folder");
    }

    @Test
    void timeSyncRunsOnItsIntervalAndTheEchoSetsTheClockOffset() throws Exception {
        collector = new Collector(List.of(LICENSE)).start("127.0.0.1", 0);
        client = new SessionClient(settings(collector.port(), 128, Map.of()).withTimeSyncIntervalMs(200), ControlResponder.NONE, 100,
                null, ObjectIdentity.HostFacts.none());
        client.start();
        client.send(metrics(1, "x"));
        assertTrue(collector.awaitRecords(1, 10000));
        long before = collector.timeSyncs.get();
        Thread.sleep(1500);
        assertTrue(collector.timeSyncs.get() >= before + 4, "periodic time sync without traffic: " + (collector.timeSyncs.get() - before));
        assertTrue(Math.abs(client.stats.clockOffsetMs.get()) < 1000, "same clock, small offset: " + client.stats.clockOffsetMs.get());
    }
}
