package io.openagent.scrape;

import io.openagent.config.TlsSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;

/**
 * Builds the TLS settings of a target for camel-http from PEM files: a CA bundle (else the JVM's
 * trust store), a client certificate and PKCS#8 key for mTLS, a server name to verify against, and
 * — only when a target says so — no verification at all.
 */
public final class TlsContexts {
    private TlsContexts() {
    }

    public static SSLContextParameters sslContextParameters(TlsSettings tls) throws GeneralSecurityException, IOException {
        SSLContextParameters p = new SSLContextParameters();
        if (tls.insecureSkipVerify()) {
            TrustManagersParameters tm = new TrustManagersParameters();
            tm.setTrustManager(TRUST_ALL);
            p.setTrustManagers(tm);
        } else if (tls.caFile() != null) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : certificates(tls.caFile())) {
                trust.setCertificateEntry("ca-" + i++, c);
            }
            KeyStoreParameters ks = new KeyStoreParameters();
            ks.setKeyStore(trust);
            TrustManagersParameters tm = new TrustManagersParameters();
            tm.setKeyStore(ks);
            p.setTrustManagers(tm);
        }
        if (tls.certFile() != null && tls.keyFile() != null) {
            char[] password = "openagent".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            List<Certificate> chain = new ArrayList<>(certificates(tls.certFile()));
            keys.setKeyEntry("client", privateKey(tls.keyFile()), password, chain.toArray(new Certificate[0]));
            KeyStoreParameters ks = new KeyStoreParameters();
            ks.setKeyStore(keys);
            ks.setPassword(new String(password));
            KeyManagersParameters km = new KeyManagersParameters();
            km.setKeyStore(ks);
            km.setKeyPassword(new String(password));
            p.setKeyManagers(km);
        }
        return p;
    }

    /** Verifies the certificate against {@code serverName} when set, else the host; accepts all when verification is off. */
    public static HostnameVerifier hostnameVerifier(TlsSettings tls) {
        if (tls.insecureSkipVerify()) {
            return (host, session) -> true;
        }
        DefaultHostnameVerifier standard = new DefaultHostnameVerifier();
        if (tls.serverName() == null) {
            return standard;
        }
        return (String host, SSLSession session) -> standard.verify(tls.serverName(), session);
    }

    static Collection<? extends Certificate> certificates(String file) throws IOException, GeneralSecurityException {
        byte[] pem = Files.readAllBytes(Path.of(file));
        Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
        if (certs.isEmpty()) {
            throw new GeneralSecurityException(file + " holds no PEM certificate");
        }
        return certs;
    }

    static PrivateKey privateKey(String file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        boolean pkcs1 = pem.contains("BEGIN RSA PRIVATE KEY");
        if (!pem.contains("BEGIN PRIVATE KEY") && !pkcs1) {
            throw new GeneralSecurityException(file + ": expected a PEM \"PRIVATE KEY\" (PKCS#8) or \"RSA PRIVATE KEY\"");
        }
        String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(b64);
        if (pkcs1) {
            der = wrapRsaPkcs1(der);
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        }
        for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new GeneralSecurityException(file + ": unsupported private key algorithm");
    }

    /** PKCS#1 RSAPrivateKey DER inside a PKCS#8 PrivateKeyInfo. */
    private static byte[] wrapRsaPkcs1(byte[] pkcs1) {
        byte[] algId = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octet = tlv(0x04, pkcs1);
        byte[] body = new byte[version.length + algId.length + octet.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algId, 0, body, version.length, algId.length);
        System.arraycopy(octet, 0, body, version.length + algId.length, octet.length);
        return tlv(0x30, body);
    }

    private static byte[] tlv(int tag, byte[] value) {
        int len = value.length;
        byte[] lenBytes = len < 128 ? new byte[] {(byte) len}
                : len < 256 ? new byte[] {(byte) 0x81, (byte) len} : new byte[] {(byte) 0x82, (byte) (len >> 8), (byte) len};
        byte[] out = new byte[1 + lenBytes.length + len];
        out[0] = (byte) tag;
        System.arraycopy(lenBytes, 0, out, 1, lenBytes.length);
        System.arraycopy(value, 0, out, 1 + lenBytes.length, len);
        return out;
    }

    private static final TrustManager TRUST_ALL = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };
}
