package io.openagent.exposition;

import java.nio.charset.StandardCharsets;

/**
 * Remembers the Strings made from byte sequences (family names, help texts), so that scraping the
 * same target again does not allocate them again.
 */
final class StringCache {
    private final BytesMap<String> strings = new BytesMap<>(1 << 16);

    String get(byte[] b, int off, int len) {
        String s = strings.get(b, off, len);
        if (s == null) {
            s = new String(b, off, len, StandardCharsets.UTF_8);
            strings.put(b, off, len, s);
        }
        return s;
    }
}
