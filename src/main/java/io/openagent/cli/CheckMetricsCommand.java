package io.openagent.cli;

import io.openagent.exposition.ExpositionException;
import io.openagent.exposition.ExpositionFormat;
import io.openagent.exposition.ExpositionReader;
import io.openagent.openmx.ConversionResult;
import io.openagent.openmx.ConversionSettings;
import io.openagent.openmx.MetricFilter;
import io.openagent.openmx.OpenMxConverter;
import io.openagent.openmx.TargetLabels;
import io.openagent.wire.PackBody;
import io.openagent.wire.PackCodec;
import io.openagent.wire.PackHeader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code check-metrics [--format text|openmetrics|protobuf] [--convert] [FILE|-]}: like
 * {@code promtool check metrics}, prints the first problem with its line and column and exits 1,
 * or exits 0 when the exposition is valid. {@code --convert} prints, one JSON line each, the
 * OpenMxHelp and OpenMx records the agent would send for it.
 */
public final class CheckMetricsCommand {
    private CheckMetricsCommand() {
    }

    public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) throws IOException {
        ExpositionFormat format = null;
        boolean convert = false;
        String file = "-";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--format" -> {
                    if (i + 1 >= args.length) {
                        err.println("check-metrics: --format needs text, openmetrics or protobuf");
                        return 2;
                    }
                    String f = args[++i];
                    format = switch (f) {
                        case "text", "prometheus" -> ExpositionFormat.PROMETHEUS_TEXT;
                        case "openmetrics", "om" -> ExpositionFormat.OPENMETRICS;
                        case "protobuf", "proto" -> ExpositionFormat.PROTOBUF;
                        default -> null;
                    };
                    if (format == null) {
                        err.println("check-metrics: unknown format \"" + f + "\" (text, openmetrics or protobuf)");
                        return 2;
                    }
                }
                case "--convert" -> convert = true;
                default -> {
                    if (args[i].startsWith("--")) {
                        err.println("check-metrics: unknown option " + args[i]);
                        return 2;
                    }
                    file = args[i];
                }
            }
        }
        String source = file.equals("-") ? "<stdin>" : file;
        InputStream in;
        try {
            in = file.equals("-") ? stdin : Files.newInputStream(Path.of(file));
        } catch (NoSuchFileException e) {
            err.println(source + ": no such file");
            return 2;
        }
        BufferedInputStream body = new BufferedInputStream(in, 1 << 16);
        if (format == null) {
            format = sniff(body, file);
        }
        try (body) {
            if (convert) {
                OpenMxConverter converter = new OpenMxConverter(new TargetLabels(Map.of()), ConversionSettings.defaults(),
                        MetricFilter.ALL, "", 0);
                long now = System.currentTimeMillis();
                ConversionResult r = converter.convert(body, format, now);
                PackHeader header = new PackHeader(0, 0, 0, 0, now);
                for (PackBody p : r.packsInSendOrder()) {
                    Json.lines(PackCodec.decode(p.toBytes(header))).forEach(out::println);
                }
                err.println(source + ": " + r.samplesScraped() + " samples, " + r.samplesKept() + " records, "
                        + r.droppedNonFinite() + " NaN/Inf dropped, " + r.helpPacks().size() + " help packs");
            } else {
                ExpositionReader.Result r = new ExpositionReader().read(body, format, s -> { });
                err.println(source + ": valid " + formatName(format) + ", " + r.samples() + " samples in " + r.families().size()
                        + " families");
            }
            return 0;
        } catch (ExpositionException e) {
            out.println(source + ": " + e.getMessage());
            return 1;
        }
    }

    private static String formatName(ExpositionFormat f) {
        return switch (f) {
            case OPENMETRICS -> "OpenMetrics 1.0";
            case PROMETHEUS_TEXT -> "Prometheus text 0.0.4";
            case PROTOBUF -> "protobuf";
        };
    }

    /** Without --format: OpenMetrics when the body ends with "# EOF" or the file is named *.om*, else text. */
    private static ExpositionFormat sniff(BufferedInputStream body, String file) throws IOException {
        if (file.contains(".om")) {
            return ExpositionFormat.OPENMETRICS;
        }
        body.mark(1 << 16);
        byte[] head = body.readNBytes(1 << 16);
        body.reset();
        String text = new String(head, java.nio.charset.StandardCharsets.UTF_8);
        if (head.length < (1 << 16) && text.stripTrailing().endsWith("# EOF")) {
            return ExpositionFormat.OPENMETRICS;
        }
        return ExpositionFormat.PROMETHEUS_TEXT;
    }
}
