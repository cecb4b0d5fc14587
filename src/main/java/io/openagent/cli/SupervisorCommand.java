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
                    p = new ProcessBuilder(command).inheritIO().start();
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

    /** The same java binary, JVM options and class path, with the {@code foreground} command. */
    static List<String> workerCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.openagent.Main");
        cmd.add("foreground");
        return cmd;
    }
}
