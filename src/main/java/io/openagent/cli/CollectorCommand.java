package io.openagent.cli;

import io.openagent.collector.Collector;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code collector [--port 6600] [--bind 127.0.0.1] [--license L]...}: a standalone WhaTap-protocol
 * collector that prints one JSON line per received record, so users see exactly what an agent sends.
 * Licenses default to {@code WHATAP_LICENSE} and the built-in demo license.
 */
public final class CollectorCommand {
    private CollectorCommand() {
    }

    public static int run(String[] args) throws Exception {
        int port = 6600;
        String bind = "127.0.0.1";
        List<String> licenses = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("--port") || a.equals("--bind") || a.equals("--license")) && i + 1 >= args.length) {
                System.err.println("collector: " + a + " needs a value");
                return 2;
            }
            switch (a) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--bind" -> bind = args[++i];
                case "--license" -> licenses.add(args[++i]);
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
        Collector collector = new Collector(licenses, 64 * 1024 * 1024, false);
        collector.addListener(r -> {
            for (String line : Json.lines(r.pack())) {
                synchronized (System.out) {
                    System.out.println(line);
                }
            }
            System.out.flush();
        });
        collector.start(bind, port);
        System.err.println("collector listening on " + bind + ":" + collector.port() + " (pcodes: " + licenses.size()
                + " licenses accepted); one JSON line per received record follows");
        CountDownLatchHolder.await(collector);
        return 0;
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
