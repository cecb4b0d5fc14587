package io.openagent.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS targets: verification on by default, insecureSkipVerify, a CA file, server_name, and mTLS. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsScrapeTest {
    @TempDir
    Path home;

    private static HttpsServer https(SSLContext ctx, boolean needClientAuth, String body) throws Exception {
        HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(ctx) {
            @Override
            public void configure(HttpsParameters params) {
                javax.net.ssl.SSLParameters p = ctx.getDefaultSSLParameters();
                p.setNeedClientAuth(needClientAuth);
                params.setSSLParameters(p);
            }
        });
        s.createContext("/metrics", ex -> {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        s.start();
        return s;
    }

    @Test
    void verificationInsecureSkipVerifyCaFileServerNameAndMutualTls() throws Exception {
        TestPki pki = new TestPki();
        Path caFile = TestPki.write(home, "ca.pem", TestPki.pem("CERTIFICATE", pki.ca.getEncoded()));
        Path certFile = TestPki.write(home, "client.pem", TestPki.pem("CERTIFICATE", pki.client.getEncoded()));
        Path keyFile = TestPki.write(home, "client-key.pem", TestPki.pem("PRIVATE KEY", pki.clientKeys.getPrivate().getEncoded()));
        HttpsServer plain = https(pki.serverContext(false), false, "tls_metric 1\n");
        HttpsServer mutual = https(pki.serverContext(true), true, "mtls_metric 2\n");
        try {
            String p = "127.0.0.1:" + plain.getAddress().getPort();
            String m = "127.0.0.1:" + mutual.getAddress().getPort();
            String cfg = "scrape_configs:\n"
                    + job("verify", p, "") 
                    + job("insecure", p, "    tls_config:\n      insecure_skip_verify: true\n")
                    + job("ca", p, "    tls_config:\n      ca_file: " + caFile + "\n")
                    + job("wrongname", p, "    tls_config:\n      ca_file: " + caFile + "\n      server_name: other.test\n")
                    + job("rightname", p, "    tls_config:\n      ca_file: " + caFile + "\n      server_name: exporter.test\n")
                    + job("mtls", m, "    tls_config:\n      ca_file: " + caFile + "\n      cert_file: " + certFile + "\n      key_file: " + keyFile + "\n")
                    + job("nocert", m, "    tls_config:\n      ca_file: " + caFile + "\n");
            try (AgentHarness agent = new AgentHarness(home, cfg, "")) {
                assertTrue(AgentHarness.await(() -> agent.agent().targets().size() == 7
                        && agent.agent().targets().stream().allMatch(t -> t.scrapesOk() + t.scrapesFailed() >= 1), 30_000), () -> "" + agent.targetsByJob());
                assertEquals(TargetState.Health.DOWN, agent.target("verify").health(), "self-signed chain is refused by default");
                String reason = agent.target("verify").lastError();
                assertTrue(reason.contains("PKIX") || reason.toLowerCase().contains("certif"), reason);
                assertEquals(TargetState.Health.UP, agent.target("insecure").health(), "" + agent.target("insecure").lastError());
                assertEquals(TargetState.Health.UP, agent.target("ca").health(), "" + agent.target("ca").lastError());
                assertEquals(TargetState.Health.DOWN, agent.target("wrongname").health(), "certificate does not match server_name");
                assertEquals(TargetState.Health.UP, agent.target("rightname").health(), "" + agent.target("rightname").lastError());
                assertEquals(TargetState.Health.UP, agent.target("mtls").health(), "" + agent.target("mtls").lastError());
                assertEquals(TargetState.Health.DOWN, agent.target("nocert").health(), "the mTLS server refuses a client without certificate");
                assertTrue(AgentHarness.await(() -> agent.collector.openMxRecords().stream().anyMatch(r -> r.metric().equals("mtls_metric")), 5000));
            }
        } finally {
            plain.stop(0);
            mutual.stop(0);
        }
    }

    private static String job(String name, String address, String tls) {
        return "  - job_name: " + name + "\n    scheme: https\n    scrape_interval: 2s\n    scrape_timeout: 2s\n" + tls
                + "    static_configs:\n      - targets: [\"" + address + "\"]\n";
    }
}
