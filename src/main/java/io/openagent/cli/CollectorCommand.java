package io.openagent.cli;

import io.openagent.collector.Collector;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code collector [--port 6600] [--bind 127.0.0.1] [--license L]... [--quiet] [--stats-file F]}: a standalone WhaTap-protocol
 * collector that prints one JSON line per received record, so users see exactly what an agent sends.
 * Licenses default to {@code WHATAP_LICENSE} and the built-in demo license.
 */
public final class CollectorCommand {
    private CollectorCommand() {
    }

    public static int run(String[] args) throws Exception {
        int port = 6600;
        String bind = "127.0.0.1";
        boolean quiet = false;
        java.nio.file.Path statsFile = null;
        List<String> licenses = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("--port") || a.equals("--bind") || a.equals("--license") || a.equals("--stats-file")) && i + 1 >= args.length) {
                System.err.println("collector: " + a + " needs a value");
                return 2;
            }
            switch (a) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--bind" -> bind = args[++i];
                case "--license" -> licenses.add(args[++i]);
                case "--quiet" -> quiet = true;
                case "--stats-file" -> statsFile = java.nio.file.Path.of(args[++i]);
                default -> {
                    System.err.println("collector: unknown option " + a);
                    return 2;
                }
            }
        }
        String env = System.getenv("WHATAP_LICENSE");
        if (env != null && !env.isBlank()) {
            licenses.add(env.trim());
        }
        licenses.add(DemoLicense.LICENSE);
        // --quiet prints nothing, so OpenMx records are counted, not decoded (a benchmark's sink must stay light)
        Collector collector = new Collector(licenses, 64 * 1024 * 1024, false).countOnly(quiet);
        if (!quiet) {
            collector.addListener(r -> {
                for (String line : Json.lines(r.pack())) {
                    synchronized (System.out) {
                        System.out.println(line);
                    }
                }
                System.out.flush();
            });
        }
        collector.start(bind, port);
        if (statsFile != null) {
            writeStatsEverySecond(collector, statsFile);
        }
        System.err.println("collector listening on " + bind + ":" + collector.port() + " (pcodes: " + licenses.size()
                + " licenses accepted, among them the demo license " + DemoLicense.LICENSE + ")" + (quiet ? "" : "; one JSON line per received record follows"));
        CountDownLatchHolder.await(collector);
        return 0;
    }

    /** The counters as one JSON object, rewritten every second (benchmarks read how many records arrived). */
    private static void writeStatsEverySecond(Collector c, java.nio.file.Path file) {
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "collector-stats");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> {
            String json = "{\"timeMs\":" + System.currentTimeMillis() + ",\"connections\":" + c.connections.get() + ",\"packs\":"
                    + c.packs.get() + ",\"records\":" + c.records.get() + ",\"malformed\":" + c.malformed.get() + "}\n";
            try {
                java.nio.file.Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                java.nio.file.Files.writeString(tmp, json);
                java.nio.file.Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.io.IOException e) {
                System.err.println("collector: cannot write " + file + ": " + e.getMessage());
            }
        }, 0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Blocks until the JVM is asked to stop, then closes the collector. */
    private static final class CountDownLatchHolder {
        static void await(Collector collector) throws InterruptedException {
            java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                collector.close();
                stop.countDown();
            }));
            stop.await();
        }
    }
}
