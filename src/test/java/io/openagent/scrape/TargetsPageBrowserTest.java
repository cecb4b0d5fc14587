package io.openagent.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The targets page in a real browser (Debian's headless Chromium, which run-tests.sh installs):
 * it lists the targets, shows a failing target's error, and a screenshot is written to
 * target/targets-page.png.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TargetsPageBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path home;

    private static String chromium(Path profile, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium finished");
        return out;
    }

    @Test
    void theTargetsPageListsTargetsAndShowsErrors() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is required for this test: run ./run-tests.sh (it installs it) "
                + "or apt-get install chromium");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (TestTargets targets = new TestTargets()) {
            targets.serve("/ok", "ok_metric 1\n".getBytes(StandardCharsets.UTF_8), "text/plain");
            String cfg = "scrape_configs:\n" + AgentEndToEndTest.job("healthy", targets.address(), "/ok", "1s", "1s")
                    + AgentEndToEndTest.job("broken", targets.address(), "/missing", "1s", "1s");
            try (AgentHarness agent = new AgentHarness(home, cfg, "", port)) {
                assertTrue(AgentHarness.await(() -> agent.target("healthy") != null && agent.target("healthy").scrapesOk() >= 1
                        && agent.target("broken") != null && agent.target("broken").scrapesFailed() >= 1, 15_000));
                String url = "http://127.0.0.1:" + port + "/targets";
                String dom = chromium(home.resolve("profile1"), "--dump-dom", url);
                assertTrue(dom.contains("<h2 id=\"job-healthy\">healthy</h2>") && dom.contains("<h2 id=\"job-broken\">broken</h2>"), dom);
                assertTrue(dom.contains("server returned HTTP status 404"), "the failing target's error is shown");
                assertEquals(2, dom.split("<tr class=\"target\">", -1).length - 1, "one row per target");
                Path shot = Path.of("target", "targets-page.png").toAbsolutePath();
                Files.deleteIfExists(shot);
                chromium(home.resolve("profile2"), "--screenshot=" + shot, "--window-size=1280,720", url);
                assertTrue(Files.size(shot) > 1000, "screenshot written to " + shot);
            }
        }
    }
}
