package io.openagent.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.openagent.config.AgentConfig;
import io.openagent.config.ConfigException;
import io.openagent.config.JobConfig;
import io.openagent.config.ScrapeConfigLoader;
import io.openagent.discovery.RelabelConfig;
import io.openagent.discovery.Relabeler;
import io.openagent.discovery.TargetBuilder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code relabel --config FILE --job NAME --labels '{"__address__":"10.0.0.1:9100",...}' [--metric]}:
 * runs a job's relabel_configs (or, with --metric, its metric_relabel_configs) on a label set and
 * prints the labels after every rule, then the target it yields or why it was dropped.
 */
public final class RelabelCommand {
    private RelabelCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        String config = null;
        String job = null;
        String labels = null;
        boolean metric = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> config = i + 1 < args.length ? args[++i] : null;
                case "--job" -> job = i + 1 < args.length ? args[++i] : null;
                case "--labels" -> labels = i + 1 < args.length ? args[++i] : null;
                case "--metric" -> metric = true;
                default -> {
                    err.println("relabel: unknown option " + args[i]);
                    return 2;
                }
            }
        }
        if (config == null || job == null || labels == null) {
            err.println("usage: relabel --config FILE --job NAME --labels '{\"__address__\":\"host:9100\"}' [--metric]");
            return 2;
        }
        AgentConfig c;
        try {
            c = ScrapeConfigLoader.load(Path.of(config));
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 1;
        }
        String wanted = job;
        JobConfig j = c.jobs().stream().filter(x -> x.name().equals(wanted)).findFirst().orElse(null);
        if (j == null) {
            err.println("relabel: no job \"" + job + "\" in " + config + " (jobs: " + c.jobs().stream().map(JobConfig::name).toList() + ")");
            return 1;
        }
        Map<String, String> input;
        try {
            input = new ObjectMapper().readValue(labels, new TypeReference<Map<String, String>>() { });
        } catch (Exception e) {
            err.println("relabel: --labels must be a JSON object of strings: " + e.getMessage());
            return 2;
        }
        List<RelabelConfig> rules = metric ? j.metricRelabelConfigs() : j.relabelConfigs();
        Map<String, String> start = new TreeMap<>(input);
        if (!metric) {
            // what Prometheus adds before target relabeling
            start = TargetBuilder.build(j, input).discovered();
        }
        out.println("input:   " + start);
        int[] step = {0};
        Map<String, String> result = Relabeler.process(start, rules, after -> {
            RelabelConfig rule = rules.get(step[0]++);
            out.println("rule " + step[0] + ": " + rule);
            out.println("   -> " + (after == null ? "DROPPED" : after.toString()));
        });
        if (result == null) {
            out.println("dropped by rule " + step[0]);
            return 0;
        }
        if (metric) {
            out.println("result:  " + result);
            return 0;
        }
        TargetBuilder.Result t = TargetBuilder.build(j, input);
        if (t.kept()) {
            out.println("target:  " + t.target().url());
            out.println("labels:  " + t.target().labels());
        } else {
            out.println("dropped: " + t.droppedBecause());
        }
        return 0;
    }
}
