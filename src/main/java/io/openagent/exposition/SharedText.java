package io.openagent.exposition;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One copy of the family names and help texts that many targets repeat: 200 node_exporters
 * describe the same 283 families, and each target's reader kept its own Strings and name bytes
 * for them (about 12 MB of a 200-target agent's 75 MB live heap). Bounded: past {@link #MAX}
 * distinct texts, new ones are simply not shared, so names that come and go cannot pile up.
 */
final class SharedText {
    static final int MAX = 1 << 16;
    private static final ConcurrentHashMap<String, String> TEXTS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, byte[]> NAMES = new ConcurrentHashMap<>();

    private SharedText() {
    }

    /** The shared copy of {@code text} (equal to it), or {@code text} itself. */
    static String of(String text) {
        if (text == null) {
            return null;
        }
        String shared = TEXTS.get(text);
        if (shared != null) {
            return shared;
        }
        if (TEXTS.size() >= MAX) {
            return text;
        }
        shared = TEXTS.putIfAbsent(text, text);
        return shared != null ? shared : text;
    }

    /** The UTF-8 bytes of a (shared) name, shared too. Callers never write into them. */
    static byte[] utf8(String name) {
        byte[] shared = NAMES.get(name);
        if (shared != null) {
            return shared;
        }
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (NAMES.size() >= MAX) {
            return bytes;
        }
        shared = NAMES.putIfAbsent(name, bytes);
        return shared != null ? shared : bytes;
    }
}
