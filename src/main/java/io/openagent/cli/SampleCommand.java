package io.openagent.cli;

import io.openagent.config.WhatapConf;
import io.openagent.wire.ControlResponder;
import io.openagent.wire.ObjectIdentity;
import io.openagent.wire.Pack;
import io.openagent.wire.PackBody;
import io.openagent.wire.PackHeader;
import io.openagent.wire.RecordBodyWriter;
import io.openagent.wire.SessionClient;
import io.openagent.wire.SessionSettings;
import io.openagent.wire.Value;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sample senders of the original agent: {@code direct} (a few metrics with help records),
 * {@code promax} (many metrics and labels, periodically) and {@code tags} (TagCountPacks), sent to
 * {@code WHATAP_HOST}:{@code WHATAP_PORT} with {@code WHATAP_LICENSE}.
 */
public final class SampleCommand {
    private SampleCommand() {
    }

    public static int run(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: sample direct|promax [--rounds N] [--interval-ms MS]|tags");
            return 2;
        }
        int rounds = 3;
        long intervalMs = 5000;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--interval-ms" -> intervalMs = Long.parseLong(args[i + 1]);
                default -> {
                    System.err.println("sample: unknown option " + args[i]);
                    return 2;
                }
            }
        }
        WhatapConf conf = WhatapConf.fromEnvironment(Path.of(System.getenv().getOrDefault("WHATAP_HOME", ".")));
        SessionSettings settings = SessionSettings.from(conf);
        if (settings.license().pcode() == 0 || settings.hosts().isEmpty()) {
            System.err.println("sample: set WHATAP_LICENSE and WHATAP_HOST (and WHATAP_PORT unless 6600)");
            return 2;
        }
        try (SessionClient client = new SessionClient(settings, ControlResponder.NONE, 100_000)) {
            client.start();
            int sent = switch (args[0]) {
                case "direct" -> direct(client);
                case "promax" -> promax(client, rounds, intervalMs);
                case "tags" -> tags(client);
                default -> -1;
            };
            if (sent < 0) {
                System.err.println("sample: unknown kind \"" + args[0] + "\" (direct, promax or tags)");
                return 2;
            }
            boolean flushed = client.flush(30_000);
            ObjectIdentity id = client.identity();
            System.err.println("sample " + args[0] + ": " + sent + " packs " + (flushed ? "sent" : "NOT all sent (collector unreachable?)")
                    + (id != null ? " as " + id.oname() + " (pcode " + settings.license().pcode() + ", oid " + id.oid() + ")" : ""));
            return flushed ? 0 : 1;
        }
    }

    private static int direct(SessionClient client) {
        long now = System.currentTimeMillis();
        RecordBodyWriter help = new RecordBodyWriter();
        String[][] families = {{"sample_requests_total", "Requests handled by the sample sender.", "counter"},
                {"sample_temperature_celsius", "A temperature.", "gauge"}, {"sample_up", "Whether the sample is up.", "gauge"}};
        for (String[] f : families) {
            help.beginRecord(f[0]);
            Map<String, Value> props = new LinkedHashMap<>();
            props.put("help", Value.text(f[1]));
            props.put("type", Value.text(f[2]));
            io.openagent.wire.Values.write(help.body(), new Value.MapValue(props));
            help.endRecord();
        }
        client.send(help.seal(Pack.OPENMX_HELP, null));
        RecordBodyWriter w = new RecordBodyWriter();
        w.beginRecord("sample_requests_total").labels(2).label("method", "GET").label("code", "200").endSample(now, 42);
        w.beginRecord("sample_requests_total").labels(2).label("method", "POST").label("code", "500").endSample(now, 3);
        w.beginRecord("sample_temperature_celsius").labels(1).label("room", "a, \"b\" } c").endSample(now, 21.5);
        w.beginRecord("sample_up").labels(0).endSample(now, 1);
        client.send(w.seal(Pack.OPENMX, null));
        return 2;
    }

    private static int promax(SessionClient client, int rounds, long intervalMs) throws InterruptedException {
        int packs = 0;
        for (int round = 0; round < rounds; round++) {
            long now = System.currentTimeMillis();
            RecordBodyWriter w = new RecordBodyWriter();
            for (int m = 0; m < 50; m++) {
                for (int s = 0; s < 40; s++) {
                    w.beginRecord("promax_metric_" + m).labels(4).label("series", Integer.toString(s)).label("zone", "z" + (s % 3))
                            .label("pod", "pod-" + (s % 7)).label("round", Integer.toString(round)).endSample(now, m * 1000 + s + round);
                    if (w.count() == 1000) {
                        client.send(w.seal(Pack.OPENMX, null));
                        packs++;
                        w.reset();
                    }
                }
            }
            if (w.count() > 0) {
                client.send(w.seal(Pack.OPENMX, null));
                packs++;
            }
            if (round + 1 < rounds) {
                Thread.sleep(intervalMs);
            }
        }
        return packs;
    }

    private static int tags(SessionClient client) {
        PackHeader h = new PackHeader(0, 0, 0, 0, System.currentTimeMillis());
        Map<String, Value> tags = new LinkedHashMap<>();
        tags.put("otype", Value.decimal(22));
        tags.put("subType", Value.decimal(1));
        tags.put("cpuCores", Value.decimal(Runtime.getRuntime().availableProcessors()));
        client.send(PackBody.of(Pack.TagCountPack.of(h, "common_agent_info", new Value.MapValue(tags), new Value.MapValue())));
        client.send(PackBody.of(Pack.TagCountPack.of(h, "integrations_counter", new Value.MapValue(), new Value.MapValue())));
        return 2;
    }
}
