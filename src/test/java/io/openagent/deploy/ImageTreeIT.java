package io.openagent.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.openagent.cli.DemoLicense;
import io.openagent.collector.Collector;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No Docker engine runs here, so this assembles the tree the image would contain (the jar under
 * /opt/openagent, whatap.conf and scrape_config.yaml under WHATAP_HOME=/app, writable logs and
 * spool) and starts the agent from it with the Dockerfile's own ENTRYPOINT and CMD, then runs the
 * HEALTHCHECK command against it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ImageTreeIT {

    private static List<String> jsonArray(String dockerfile, String instruction) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + instruction + " (\\[.*])\\s*$").matcher(dockerfile);
        assertTrue(m.find(), instruction + " in exec form");
        List<String> out = new ArrayList<>();
        new ObjectMapper().readTree(m.group(1)).forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void theImageTreeRunsWithTheImageEntrypointAndCommand() throws Exception {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        Path root = Path.of("target", "image-tree").toAbsolutePath();
        Path app = root.resolve("app");
        Path opt = root.resolve("opt/openagent");
        Files.createDirectories(app.resolve("logs"));
        Files.createDirectories(app.resolve("spool"));
        Files.createDirectories(opt);
        Files.copy(Path.of("target/openagent.jar"), opt.resolve("openagent.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Path.of("config/whatap.conf"), app.resolve("whatap.conf"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Path.of("config/scrape_config.yaml"), app.resolve("scrape_config.yaml"), StandardCopyOption.REPLACE_EXISTING);

        List<String> command = new ArrayList<>();
        for (String part : jsonArray(dockerfile, "ENTRYPOINT")) {
            command.add(part.replace("/opt/openagent", opt.toString()).replace("java", part.equals("java")
                    ? System.getProperty("java.home") + File.separator + "bin" + File.separator + "java" : "java"));
        }
        command.addAll(jsonArray(dockerfile, "CMD"));
        assertEquals("foreground", command.get(command.size() - 1));
        try (Collector collector = new Collector(List.of(DemoLicense.LICENSE)).start("127.0.0.1", 0)) {
            ProcessBuilder pb = new ProcessBuilder(command).directory(app.toFile());
            pb.environment().put("WHATAP_HOME", app.toString()); // ENV WHATAP_HOME=/app, relocated
            pb.environment().put("WHATAP_LICENSE", DemoLicense.LICENSE);
            pb.environment().put("WHATAP_HOST", "127.0.0.1");
            pb.environment().put("WHATAP_PORT", Integer.toString(collector.port()));
            pb.environment().put("OPENAGENT_MANAGEMENT_HOST", "127.0.0.1");
            pb.redirectErrorStream(true).redirectOutput(root.resolve("agent.log").toFile());
            Process agent = pb.start();
            try {
                long deadline = System.currentTimeMillis() + 60_000;
                while (System.currentTimeMillis() < deadline && collector.openMxRecords().stream()
                        .noneMatch(r -> "openagent".equals(r.labels().get("job")) && !r.metric().equals("up") && !r.metric().startsWith("scrape_"))) {
                    Thread.sleep(200);
                }
                assertTrue(collector.openMxRecords().stream().anyMatch(r -> "openagent".equals(r.labels().get("job"))),
                        () -> "the agent scraped itself and delivered; log: " + tail(root.resolve("agent.log")));
                Process health = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-cp", opt.resolve("openagent.jar").toString(),
                        "io.openagent.Main", "health").redirectErrorStream(true).start();
                assertTrue(health.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, health.exitValue(), "the HEALTHCHECK command reports UP");
            } finally {
                agent.destroy(); // SIGTERM, as docker stop does
                assertTrue(agent.waitFor(45, TimeUnit.SECONDS), "graceful stop");
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (Exception e) {
            return e.toString();
        }
    }
}
