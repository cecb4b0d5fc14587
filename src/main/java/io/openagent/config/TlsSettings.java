package io.openagent.config;

/** {@code tls_config} / {@code tlsConfig}: verification stays on unless insecureSkipVerify says otherwise. */
public record TlsSettings(String caFile, String certFile, String keyFile, String serverName, boolean insecureSkipVerify) {
    public static final TlsSettings NONE = new TlsSettings(null, null, null, null, false);

    public boolean isEmpty() {
        return caFile == null && certFile == null && keyFile == null && serverName == null && !insecureSkipVerify;
    }
}
