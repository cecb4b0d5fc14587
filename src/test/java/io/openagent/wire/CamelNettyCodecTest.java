package io.openagent.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openagent.collector.Collector;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The WhaTap codec used from a plain camel-netty endpoint: packs sent to netty:tcp arrive at the collector. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CamelNettyCodecTest {
    @Test
    void packsSentThroughANettyTcpEndpointReachTheCollector() throws Exception {
        String license = SessionLoopbackTest.LICENSE;
        try (Collector collector = new Collector(List.of(license)).start("127.0.0.1", 0)) {
            SessionSettings settings = new SessionSettings(License.parse(license), HostList.parse("127.0.0.1:" + collector.port(), 6600), 128,
                    2000, 120000, 20000, 5000, 5 * 1024 * 1024, Map.of("whatap.oname", "camel-netty-agent")::get, k -> null);
            SessionStats stats = new SessionStats();
            CamelContext camel = new DefaultCamelContext();
            camel.getRegistry().bind("whatapFrameDecoder", CamelNettyHandlers.frameDecoder());
            camel.getRegistry().bind("whatapFrameEncoder", CamelNettyHandlers.frameEncoder());
            camel.getRegistry().bind("whatapSession", CamelNettyHandlers.session(settings, ControlResponder.NONE, stats));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:deliver").to("netty:tcp://127.0.0.1:" + collector.port()
                            + "?sync=false&encoders=#whatapFrameEncoder,#whatapSession&decoders=#whatapFrameDecoder");
                }
            });
            camel.start();
            try {
                ProducerTemplate producer = camel.createProducerTemplate();
                for (int i = 0; i < 5; i++) {
                    var f = producer.asyncSendBody("direct:deliver", SessionLoopbackTest.metrics(100, "netty" + i));
                    try {
                        f.get(5, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.TimeoutException e) {
                        throw new AssertionError("send " + i + " hangs; collector handshakes " + collector.handshakes.get() + ", frames "
                                + collector.frames.get() + ", agent handshakes " + stats.handshakes.get() + ", malformed " + collector.malformed.get());
                    }
                }
                assertTrue(collector.awaitRecords(500, 20000), "records: " + collector.records.get());
                assertEquals(Hashes.hashStr("camel-netty-agent"), collector.received().get(0).pack().header().oid());
                assertEquals(1, collector.handshakes.get(), "one session for the endpoint");
                assertEquals(0, collector.malformed.get());
            } finally {
                camel.stop();
            }
        }
    }
}
