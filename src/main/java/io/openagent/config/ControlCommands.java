package io.openagent.config;

import io.openagent.wire.ControlResponder;
import io.openagent.wire.Pack;
import io.openagent.wire.Value;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Answers the collector's control requests (spec §7.7) — without ever revealing a secret: the
 * license and every setting or variable whose name suggests a secret, key, token or password is
 * masked in GET_ENV and CONFIGURE_GET.
 */
public final class ControlCommands implements ControlResponder {
    private static final Logger LOG = Logger.getLogger(ControlCommands.class.getName());
    public static final int AGENT_BOOT_ENV = 2, CONFIGURE_GET = 4, GET_ENV = 12, SET_CONFIG = 14, AGENT_LOG_LIST = 22,
            AGENT_LOG_READ = 23;
    public static final int MAX_CONF_TEXT = 64 * 1024;
    public static final int MAX_LOG_READ = 8000;

    private final WhatapConf conf;
    private final Path logDir;
    private final Supplier<Map<String, String>> environment;
    private final String agentVersion;

    public ControlCommands(WhatapConf conf, Path logDir, Supplier<Map<String, String>> environment, String agentVersion) {
        this.conf = conf;
        this.logDir = logDir;
        this.environment = environment;
        this.agentVersion = agentVersion;
    }

    @Override
    public Map<String, Value> answer(Pack.ParamPack request) {
        Map<String, Value> out = new LinkedHashMap<>();
        switch (request.id()) {
            case GET_ENV -> {
                Map<String, Value> env = new LinkedHashMap<>();
                new TreeMap<>(environment.get()).forEach((k, v) -> env.put(k, Value.text(Secrets.mask(k, v))));
                env.put("whatap.agent_version", Value.text(agentVersion));
                out.put("env", new Value.MapValue(env));
            }
            case CONFIGURE_GET -> {
                if ("text".equals(request.entries().text("config_type"))) {
                    String text = conf.text();
                    out.put("contents", text == null ? Value.NullValue.INSTANCE : Value.text(maskConfText(truncate(text))));
                } else {
                    conf.fileValues().forEach((k, v) -> {
                        if (!k.startsWith("_") && !k.contains("OID")) {
                            out.put(k, Value.text(Secrets.mask(k, v)));
                        }
                    });
                }
            }
            case SET_CONFIG -> setConfig(request);
            case AGENT_LOG_LIST -> {
                Map<String, Value> files = new LinkedHashMap<>();
                if (Files.isDirectory(logDir)) {
                    try (DirectoryStream<Path> ds = Files.newDirectoryStream(logDir)) {
                        for (Path p : ds) {
                            if (Files.isRegularFile(p)) {
                                files.put(p.getFileName().toString(), Value.decimal(Files.size(p)));
                            }
                        }
                    } catch (IOException e) {
                        LOG.warning("cannot list " + logDir + ": " + e.getMessage());
                    }
                }
                out.put("files", new Value.MapValue(files));
            }
            case AGENT_LOG_READ -> readLog(request, out);
            default -> {
                return null;
            }
        }
        return out;
    }

    private static String truncate(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return b.length <= MAX_CONF_TEXT ? text : new String(b, 0, MAX_CONF_TEXT, StandardCharsets.UTF_8);
    }

    /** The conf text with the value of every secret-looking key replaced. */
    static String maskConfText(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            int eq = line.indexOf('=');
            String trimmed = line.trim();
            if (!trimmed.startsWith("#") && eq > 0 && Secrets.isSecretName(line.substring(0, eq).trim())) {
                sb.append(line, 0, eq + 1).append(Secrets.MASK);
            } else {
                sb.append(line);
            }
            sb.append('\n');
        }
        return sb.substring(0, sb.length() - 1);
    }

    private void setConfig(Pack.ParamPack request) {
        try {
            if ("text".equals(request.entries().text("config_type"))) {
                String contents = request.entries().text("contents");
                if (contents != null) {
                    conf.replaceText(contents);
                }
            } else if (request.entries().get("config") instanceof Value.MapValue m) {
                Map<String, String> updates = new LinkedHashMap<>();
                m.entries().forEach((k, v) -> updates.put(k, v instanceof Value.TextValue t ? t.value() : v instanceof Value.NullValue ? "" : v.toString()));
                conf.merge(updates);
            }
            LOG.info("whatap.conf updated by the collector");
        } catch (IOException e) {
            LOG.warning("cannot update " + conf.file() + ": " + e.getMessage());
        }
    }

    private void readLog(Pack.ParamPack request, Map<String, Value> out) {
        String name = request.entries().text("file");
        long pos = request.entries().get("pos") instanceof Value.DecimalValue d ? d.value() : 0;
        long length = request.entries().get("length") instanceof Value.DecimalValue d ? d.value() : MAX_LOG_READ;
        length = Math.max(0, Math.min(length, MAX_LOG_READ));
        if (name == null || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            return; // only plain file names inside the log folder
        }
        Path file = logDir.resolve(name);
        if (!Files.isRegularFile(file)) {
            return;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long size = raf.length();
            long start = pos < 0 ? Math.max(0, size - length) : Math.min(pos, size);
            byte[] buf = new byte[(int) Math.min(length, size - start)];
            raf.seek(start);
            raf.readFully(buf);
            out.put("before", Value.decimal(start));
            out.put("next", Value.decimal(start + buf.length));
            out.put("text", Value.text(new String(buf, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            LOG.warning("cannot read log " + file + ": " + e.getMessage());
        }
    }
}
