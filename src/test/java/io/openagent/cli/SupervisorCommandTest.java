package io.openagent.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class SupervisorCommandTest {
    @TempDir
    Path home;

    @Test
    void theWorkerGetsTheMeasuredJvmDefaultsUnlessTheUserChoseOtherwise() throws Exception {
        List<String> plain = SupervisorCommand.workerCommand(List.of());
        assertTrue(plain.containsAll(SupervisorCommand.WORKER_JVM_DEFAULTS), plain.toString());
        List<String> chosen = SupervisorCommand.workerCommand(List.of("-XX:+UseG1GC", "-Xms1g", "-Xss1m"));
        assertTrue(!chosen.contains("-XX:+UseSerialGC") && !chosen.contains("-Xms32m") && !chosen.contains("-Xss512k"), chosen.toString());
        assertTrue(chosen.contains("-XX:MaxHeapFreeRatio=30") && chosen.contains("-XX:+UseG1GC"), chosen.toString());
        assertTrue(chosen.contains("-Xmn16m"), chosen.toString());
        for (String young : List.of("-Xmn64m", "-XX:NewSize=64m", "-XX:MaxNewSize=64m", "-XX:NewRatio=3")) {
            List<String> own = SupervisorCommand.workerCommand(List.of(young));
            assertTrue(!own.contains("-Xmn16m") && own.contains(young), "the user's young generation size wins: " + own);
        }
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        for (String d : SupervisorCommand.WORKER_JVM_DEFAULTS) {
            assertTrue(dockerfile.matches("(?s).*JAVA_TOOL_OPTIONS=\"[^\"]*" + java.util.regex.Pattern.quote(d) + ".*"),
                    "the image runs the worker with the same defaults: " + d);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void restartsADeadWorkerWithBackoffAndStopsOnSigterm() throws Exception {
        Path log = home.resolve("supervisor.log");
        ProcessBuilder pb = new ProcessBuilder(List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-cp", System.getProperty("java.class.path"), "io.openagent.Main"));
        pb.environment().remove("WHATAP_LICENSE");
        pb.environment().put("WHATAP_HOME", home.toString());
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process supervisor = pb.start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && count(log, "worker started") < 2) {
            Thread.sleep(100);
        }
        assertTrue(count(log, "worker started") >= 2, Files.readString(log));
        assertTrue(Files.readString(log).contains("WHATAP_LICENSE is missing"), "the worker says why it stopped");
        assertTrue(Files.readString(log).contains("exited with code 3"));
        supervisor.destroy(); // SIGTERM
        assertTrue(supervisor.waitFor(20, TimeUnit.SECONDS), "the supervisor exits when asked");
    }

    private static int count(Path log, String text) throws Exception {
        if (!Files.exists(log)) {
            return 0;
        }
        String s = Files.readString(log);
        int n = 0;
        for (int i = s.indexOf(text); i >= 0; i = s.indexOf(text, i + 1)) {
            n++;
        }
        return n;
    }
}
