package io.openagent.cli;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * No argument: the supervisor. Starts a worker JVM ({@code foreground}) with the same Java options,
 * restarts it with backoff when it dies, forwards SIGTERM to it and exits cleanly when asked.
 */
public final class SupervisorCommand {
    private static final Logger LOG = Logger.getLogger(SupervisorCommand.class.getName());
    static final long MAX_BACKOFF_MS = 60_000;
    /** A worker that ran this long is considered healthy: the backoff starts over. */
    static final long STABLE_MS = 60_000;

    private SupervisorCommand() {
    }

    public static int run(String[] args) throws Exception {
        List<String> command = workerCommand();
        CountDownLatch stopped = new CountDownLatch(1);
        Process[] current = new Process[1];
        boolean[] stopping = new boolean[1];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (current) {
                stopping[0] = true;
                Process p = current[0];
                if (p != null && p.isAlive()) {
                    LOG.info("supervisor: stopping the worker (pid " + p.pid() + ")");
                    p.destroy(); // SIGTERM: the worker shuts down gracefully
                    try {
                        if (!p.waitFor(40, TimeUnit.SECONDS)) {
                            p.destroyForcibly();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            try {
                stopped.await(45, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "openagent-supervisor-shutdown"));
        long backoff = 1000;
        try {
            while (true) {
                Process p;
                synchronized (current) {
                    if (stopping[0]) {
                        return 0;
                    }
                    ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
                    // glibc's per-thread malloc arenas add resident memory the JVM does not use
                    pb.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
                    p = pb.start();
                    current[0] = p;
                }
                LOG.info("supervisor: worker started (pid " + p.pid() + ")");
                long started = System.currentTimeMillis();
                int code = p.waitFor();
                synchronized (current) {
                    current[0] = null;
                    if (stopping[0]) {
                        return 0;
                    }
                }
                if (System.currentTimeMillis() - started > STABLE_MS) {
                    backoff = 1000;
                }
                LOG.warning("supervisor: the worker exited with code " + code + "; restarting in " + backoff + " ms");
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        } finally {
            stopped.countDown();
        }
    }

    /**
     * JVM options the worker gets unless the user chose their own (the image sets the same ones in
     * JAVA_TOOL_OPTIONS, plus MaxRAMPercentage). Measured with bench/compare-peers.sh at 200 targets:
     * the serial collector costs no more CPU than G1 here and keeps no GC threads; a small initial
     * heap that is given back when free keeps the resident size near what is used (640 MB with the
     * JVM's defaults on a 24 GiB host, under 300 MB with these). A young generation of 16 MB instead
     * of a third of the heap: peak RSS 248 vs 276 MB at 200 targets and 486 vs 569 MB at 1000, CPU
     * per sample within the noise (0.97 and 1.03 in the same runs) — what a scrape allocates dies
     * young, and the parser's and converter's per-target state lives in the old generation.
     */
    public static final List<String> WORKER_JVM_DEFAULTS = List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmn16m", "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30", "-Xss512k", "-XX:+ExitOnOutOfMemoryError");

    /** The same java binary, JVM options and class path, with the {@code foreground} command. */
    static List<String> workerCommand() {
        return workerCommand(ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    static List<String> workerCommand(List<String> jvmArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        String tool = System.getenv("JAVA_TOOL_OPTIONS");
        String all = String.join(" ", jvmArgs) + " " + (tool == null ? "" : tool);
        for (String d : WORKER_JVM_DEFAULTS) {
            String kind = d.startsWith("-XX:+Use") && d.endsWith("GC") ? "GC" : d.replaceAll("[=0-9].*$", "");
            boolean chosen = kind.equals("GC") ? all.matches(".*-XX:\\+Use\\w*GC.*")
                    : kind.equals("-Xmn") ? all.matches(".*(-Xmn|-XX:NewSize|-XX:MaxNewSize|-XX:NewRatio).*") : all.contains(kind);
            if (!chosen) {
                cmd.add(d);
            }
        }
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.openagent.Main");
        cmd.add("foreground");
        return cmd;
    }
}
