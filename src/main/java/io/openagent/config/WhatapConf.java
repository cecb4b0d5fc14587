package io.openagent.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code $WHATAP_HOME/whatap.conf}: {@code key=value} lines with {@code #} comments. A key's value is
 * the file's when non-empty, otherwise the environment variable of exactly the same name (spec §8).
 * {@link #reloadIfChanged()} re-reads the file when its modification time changes.
 */
public final class WhatapConf {
    private final Path file;
    private final Function<String, String> env;
    private volatile Map<String, String> values = Map.of();
    private volatile FileTime loadedAt;

    public WhatapConf(Path file, Function<String, String> env) {
        this.file = file;
        this.env = env;
        reloadIfChanged();
    }

    public static WhatapConf fromEnvironment(Path home) {
        return new WhatapConf(home.resolve("whatap.conf"), System::getenv);
    }

    public Path file() {
        return file;
    }

    /** Re-reads the file if it changed; returns whether it did. */
    public synchronized boolean reloadIfChanged() {
        FileTime mtime;
        try {
            mtime = Files.exists(file) ? Files.getLastModifiedTime(file) : null;
        } catch (IOException e) {
            return false;
        }
        if (mtime == null ? values.isEmpty() : mtime.equals(loadedAt)) {
            return false; // no file and nothing loaded, or the same file as last time
        }
        Map<String, String> next = new LinkedHashMap<>();
        if (mtime != null) {
            try {
                next = parse(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                return false;
            }
        }
        boolean changed = !next.equals(values);
        values = Collections.unmodifiableMap(next);
        loadedAt = mtime;
        return changed;
    }

    public static Map<String, String> parse(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String raw : text.split("\r?\n")) {
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            m.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        return m;
    }

    /** The file's value if non-empty, else the environment variable of the same name, else null. */
    public String get(String key) {
        String v = values.get(key);
        if (v != null && !v.isEmpty()) {
            return v;
        }
        String e = env.apply(key);
        return e != null && !e.isEmpty() ? e : null;
    }

    /** The first key with a value. */
    public String first(String... keys) {
        for (String k : keys) {
            String v = get(k);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    public String get(String key, String def) {
        String v = get(key);
        return v == null ? def : v;
    }

    public long getLong(String key, long def) {
        String v = get(key);
        if (v == null) {
            return def;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return def;
        }
    }

    public int getInt(String key, int def) {
        return (int) getLong(key, def);
    }

    public boolean getBoolean(String key, boolean def) {
        String v = get(key);
        if (v == null) {
            return def;
        }
        String t = v.trim().toLowerCase(Locale.ROOT);
        return t.equals("true") || t.equals("yes") || t.equals("1");
    }

    /** The keys set in the file (not the environment), in file order. */
    public Map<String, String> fileValues() {
        return values;
    }

    public Function<String, String> env() {
        return env;
    }

    /** The file's text, or null when there is none. */
    public String text() {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Replaces the whole file (atomically) and reloads. */
    public synchronized void replaceText(String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        loadedAt = null;
        reloadIfChanged();
    }

    /** Merges keys into the file, keeping its comments and order; an empty value deletes the key. */
    public synchronized void merge(Map<String, String> updates) throws IOException {
        String text = text();
        StringBuilder out = new StringBuilder();
        Map<String, String> pending = new LinkedHashMap<>(updates);
        if (text != null) {
            for (String raw : text.split("\r?\n", -1)) {
                String line = raw.trim();
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    String key = line.substring(0, eq).trim();
                    if (pending.containsKey(key)) {
                        String v = pending.remove(key);
                        if (!v.isEmpty()) {
                            out.append(key).append('=').append(v).append('\n');
                        }
                        continue;
                    }
                }
                out.append(raw).append('\n');
            }
        }
        pending.forEach((k, v) -> {
            if (!v.isEmpty()) {
                out.append(k).append('=').append(v).append('\n');
            }
        });
        String result = out.toString().replaceAll("\n+$", "\n");
        replaceText(result);
    }
}
