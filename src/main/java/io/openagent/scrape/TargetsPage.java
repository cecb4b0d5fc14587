package io.openagent.scrape;

import io.openagent.cli.Json;
import io.openagent.discovery.TargetBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * The targets page, like Prometheus': {@code /targets} (HTML) lists every target with its job,
 * URL, labels before and after relabeling, state, last scrape, duration, samples and last error,
 * dropped targets apart; {@code /api/v1/targets} gives the same in Prometheus' JSON shape.
 */
public final class TargetsPage {

    private static AgentRuntime agent(Exchange exchange) {
        return exchange.getContext().getRegistry().lookupByNameAndType("agent", AgentRuntime.class);
    }

    private static String health(TargetState t) {
        return switch (t.health()) {
            case UP -> "up";
            case DOWN -> "down";
            default -> "unknown";
        };
    }

    /** {@code /api/v1/targets}: {@code {"status":"success","data":{"activeTargets":[...],"droppedTargets":[...]}}}. */
    public void json(Exchange exchange) {
        AgentRuntime a = agent(exchange);
        List<Map<String, Object>> active = new ArrayList<>();
        for (TargetState t : sorted(a)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("discoveredLabels", t.target().discoveredLabels());
            m.put("labels", t.target().labels());
            m.put("scrapePool", t.target().jobName());
            m.put("scrapeUrl", t.target().url().toString());
            m.put("globalUrl", t.target().url().toString());
            m.put("lastError", t.lastError() == null ? "" : t.lastError());
            m.put("lastScrape", t.lastScrapeMs() == 0 ? "0001-01-01T00:00:00Z" : Instant.ofEpochMilli(t.lastScrapeMs()).toString());
            m.put("lastScrapeDuration", t.lastDurationMs() / 1000.0);
            m.put("lastSamples", t.lastSamples());
            m.put("health", health(t));
            m.put("scrapeInterval", io.openagent.config.Durations.format(t.target().interval()));
            m.put("scrapeTimeout", io.openagent.config.Durations.format(t.target().timeout()));
            active.add(m);
        }
        List<Map<String, Object>> dropped = new ArrayList<>();
        for (TargetBuilder.Result r : a.droppedTargets()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("discoveredLabels", r.discovered());
            m.put("reason", r.droppedBecause());
            dropped.add(m);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("activeTargets", active);
        data.put("droppedTargets", dropped);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "success");
        body.put("data", data);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(Json.write(body));
    }

    private static List<TargetState> sorted(AgentRuntime a) {
        List<TargetState> list = new ArrayList<>(a.targets());
        list.sort(Comparator.comparing((TargetState t) -> t.target().jobName()).thenComparing(t -> t.target().url().toString()));
        return list;
    }

    /** {@code /targets}: an HTML table per job. */
    public void html(Exchange exchange) {
        AgentRuntime a = agent(exchange);
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>OpenAgent targets</title><style>")
                .append("body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;width:100%;margin-bottom:1.5em}")
                .append("td,th{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top;font-size:13px}")
                .append(".up{color:#18794e;font-weight:bold}.down{color:#c62828;font-weight:bold}.unknown{color:#777}")
                .append(".labels span{display:inline-block;background:#eef;border-radius:3px;margin:1px;padding:0 4px}</style></head><body>");
        sb.append("<h1>Targets</h1>");
        if (a.configError() != null) {
            sb.append("<p class=\"down\">scrape_config.yaml was refused; the last good configuration is running:</p><pre>")
                    .append(esc(a.configError())).append("</pre>");
        }
        String job = null;
        for (TargetState t : sorted(a)) {
            if (!t.target().jobName().equals(job)) {
                if (job != null) {
                    sb.append("</table>");
                }
                job = t.target().jobName();
                sb.append("<h2 id=\"job-").append(esc(job)).append("\">").append(esc(job)).append("</h2><table><tr><th>Endpoint</th>")
                        .append("<th>State</th><th>Labels</th><th>Before relabeling</th><th>Last scrape</th><th>Duration</th>")
                        .append("<th>Samples</th><th>Error</th></tr>");
            }
            sb.append("<tr class=\"target\"><td>").append(esc(t.target().url().toString())).append("</td><td class=\"").append(health(t))
                    .append("\">").append(health(t).toUpperCase()).append("</td><td class=\"labels\">").append(labels(t.target().labels()))
                    .append("</td><td class=\"labels\">").append(labels(t.target().discoveredLabels())).append("</td><td>")
                    .append(t.lastScrapeMs() == 0 ? "never" : esc(Instant.ofEpochMilli(t.lastScrapeMs()).toString())).append("</td><td>")
                    .append(t.lastDurationMs()).append(" ms</td><td>").append(t.lastSamples()).append("</td><td class=\"error\">")
                    .append(t.lastError() == null ? "" : esc(t.lastError())).append("</td></tr>");
        }
        if (job != null) {
            sb.append("</table>");
        }
        if (!a.droppedTargets().isEmpty()) {
            sb.append("<h2>Dropped targets</h2><table><tr><th>Labels before relabeling</th><th>Reason</th></tr>");
            for (TargetBuilder.Result r : a.droppedTargets()) {
                sb.append("<tr class=\"dropped\"><td class=\"labels\">").append(labels(r.discovered())).append("</td><td>")
                        .append(esc(r.droppedBecause())).append("</td></tr>");
            }
            sb.append("</table>");
        }
        sb.append("</body></html>");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
        exchange.getMessage().setBody(sb.toString());
    }

    private static String labels(Map<String, String> labels) {
        StringBuilder sb = new StringBuilder();
        labels.forEach((k, v) -> sb.append("<span>").append(esc(k)).append("=\"").append(esc(v)).append("\"</span> "));
        return sb.toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
