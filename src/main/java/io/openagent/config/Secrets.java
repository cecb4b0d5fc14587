package io.openagent.config;

import java.util.regex.Pattern;

/** Recognises names of settings and variables that hold secrets, so they are never shown or sent. */
public final class Secrets {
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(secret|password|passwd|pwd|token|key|credential|license|auth|cert|private).*");
    public static final String MASK = "****";

    private Secrets() {
    }

    public static boolean isSecretName(String name) {
        return name != null && SECRET_NAME.matcher(name).matches();
    }

    public static String mask(String name, String value) {
        return isSecretName(name) ? MASK : value;
    }
}
