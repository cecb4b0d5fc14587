package io.openagent.config;

/**
 * Credentials sent to one job's targets only: HTTP basic auth, or an {@code Authorization} header
 * (type and credentials, from a value or a file re-read on every scrape).
 */
public record AuthSettings(String username, String password, String passwordFile, String type, String credentials,
                           String credentialsFile) {
    public static final AuthSettings NONE = new AuthSettings(null, null, null, null, null, null);

    public boolean isBasic() {
        return username != null;
    }

    public boolean isAuthorization() {
        return credentials != null || credentialsFile != null;
    }

    /** Never prints a secret. */
    @Override
    public String toString() {
        return isBasic() ? "basic(" + username + ")" : isAuthorization() ? "authorization(" + (type == null ? "Bearer" : type) + ")" : "none";
    }
}
