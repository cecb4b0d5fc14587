package io.openagent.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openagent.cli.DemoLicense;
import io.openagent.collector.Collector;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * `camel run` as the README shows it: the Camel JBang CLI (from Maven Central, resolved by
 * src/test/jbang/pom.xml) runs routes/*.yaml with config/application.properties and the project
 * jar for a bounded time against the local collector, and records arrive.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CamelJBangIT {
    @Test
    void camelRunRunsTheRoutesWithTheProjectJar() throws Exception {
        Path work = Path.of("target", "camel-jbang").toAbsolutePath();
        Files.createDirectories(work);
        Path cp = work.resolve("classpath.txt");
        Process resolve = new ProcessBuilder("mvn", "-B", "-q", "-f", "src/test/jbang/pom.xml", "dependency:build-classpath",
                "-Dmdep.outputFile=" + cp).redirectErrorStream(true).redirectOutput(work.resolve("resolve.log").toFile()).start();
        assertTrue(resolve.waitFor(240, TimeUnit.SECONDS) && resolve.exitValue() == 0, "resolving the Camel CLI: see " + work.resolve("resolve.log"));
        List<String> routes = new ArrayList<>();
        try (var files = Files.list(Path.of("routes"))) {
            files.map(Path::toString).filter(n -> n.endsWith(".yaml")).sorted().forEach(routes::add);
        }
        com.sun.net.httpserver.HttpServer target = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        byte[] body = "# HELP jbang_demo A sample.\n# TYPE jbang_demo gauge\njbang_demo{via=\"camel run\"} 42\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        target.createContext("/metrics", ex -> {
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        target.start();
        Path home = Files.createDirectories(work.resolve("home"));
        Files.writeString(home.resolve("whatap.conf"), "");
        Files.writeString(home.resolve("scrape_config.yaml"), "scrape_configs:\n  - job_name: jbang\n    scrape_interval: 2s\n"
                + "    scrape_timeout: 2s\n    static_configs: [{targets: [\"127.0.0.1:" + target.getAddress().getPort() + "\"]}]\n");
        try (Collector collector = new Collector(List.of(DemoLicense.LICENSE)).start("127.0.0.1", 0)) {
            List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                    "-cp", Files.readString(cp).trim(), "src/test/jbang/CamelCli.java", "run"));
            cmd.addAll(routes);
            cmd.add("target/openagent.jar");
            cmd.add("--properties=config/application.properties");
            cmd.add("--max-seconds=40");
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put("WHATAP_HOME", home.toString());
            pb.environment().put("WHATAP_LICENSE", DemoLicense.LICENSE);
            pb.environment().put("WHATAP_HOST", "127.0.0.1");
            pb.environment().put("WHATAP_PORT", Integer.toString(collector.port()));
            pb.environment().put("OPENAGENT_MANAGEMENT_HOST", "127.0.0.1");
            pb.environment().put("spool_dir", work.resolve("spool").toString());
            pb.redirectErrorStream(true).redirectOutput(work.resolve("camel-run.log").toFile());
            Process camel = pb.start();
            try {
                long deadline = System.currentTimeMillis() + 120_000;
                while (System.currentTimeMillis() < deadline && collector.openMxRecords().stream()
                        .noneMatch(r -> r.metric().equals("jbang_demo"))) {
                    Thread.sleep(250);
                }
                assertTrue(collector.openMxRecords().stream().anyMatch(r -> r.metric().equals("jbang_demo") && r.value() == 42.0
                        && "jbang".equals(r.labels().get("job")) && "camel run".equals(r.labels().get("via"))),
                        "records arrived from `camel run`; log in " + work.resolve("camel-run.log"));
                assertTrue(collector.helpRecords().stream().anyMatch(h -> h.metric().equals("jbang_demo")), "and its help record");
                assertEquals(0, collector.malformed.get());
            } finally {
                camel.destroy();
                camel.waitFor(45, TimeUnit.SECONDS);
            }
        } finally {
            target.stop(0);
        }
    }
}
