package io.openagent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates {@code ../shared} (the specification and fixtures that sit beside the checkout). */
public final class SharedFiles {
    private SharedFiles() {
    }

    public static Path root() {
        String prop = System.getProperty("openagent.shared");
        Path p = prop != null ? Paths.get(prop) : Paths.get("..", "shared");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("the shared specification folder is missing: " + p.toAbsolutePath());
        }
        return p;
    }

    public static Path spec(String name) {
        return root().resolve("spec").resolve(name);
    }

    public static Path fixture(String name) {
        return root().resolve("fixtures").resolve("exposition").resolve(name);
    }
}
