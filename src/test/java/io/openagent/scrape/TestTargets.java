package io.openagent.scrape;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/** Local HTTP targets on 127.0.0.1: fixed bodies, gzip, error statuses and a target that hangs. */
final class TestTargets implements AutoCloseable {
    record Body(byte[] bytes, String contentType, int status, boolean gzip, long hangMs) {
    }

    final HttpServer server;
    final ConcurrentHashMap<String, Body> bodies = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, String> lastAuthorization = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, String> lastAccept = new ConcurrentHashMap<>();
    /** The last request per path: its raw path and query as sent, then its header names, sorted. */
    final ConcurrentHashMap<String, String> lastRequest = new ConcurrentHashMap<>();
    /** A Set-Cookie header answered on a path (Prometheus keeps no cookies: the agent must not send them back). */
    final ConcurrentHashMap<String, String> setCookie = new ConcurrentHashMap<>();
    /** Content-Encoding sent as is with an already encoded body (for broken encodings). */
    final ConcurrentHashMap<String, String> rawEncoding = new ConcurrentHashMap<>();

    TestTargets() throws IOException {
        this("127.0.0.1");
    }

    /** @param bindHost 0.0.0.0 makes every 127.x.y.z loopback address reach it (distinct targets, one server) */
    TestTargets(String bindHost) throws IOException {
        this(bindHost, 0);
    }

    TestTargets(String bindHost, int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(bindHost, port), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String address() {
        return "127.0.0.1:" + port();
    }

    void serve(String path, byte[] body, String contentType) {
        bodies.put(path, new Body(body, contentType, 200, false, 0));
    }

    void serve(String path, Body body) {
        bodies.put(path, body);
    }

    int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        lastAuthorization.put(path, auth == null ? "" : auth);
        String accept = ex.getRequestHeaders().getFirst("Accept");
        lastAccept.put(path, accept == null ? "" : accept);
        lastRequest.put(path, ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery())
                + " " + new java.util.TreeSet<>(ex.getRequestHeaders().keySet()));
        Body b = bodies.get(path);
        try {
            if (b == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            if (b.hangMs() > 0) {
                try {
                    Thread.sleep(b.hangMs());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] out = b.bytes();
            if (b.gzip()) {
                ByteArrayOutputStream bos = new ByteArrayOutputStream();
                try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
                    gz.write(out);
                }
                out = bos.toByteArray();
                ex.getResponseHeaders().set("Content-Encoding", "gzip");
            }
            if (rawEncoding.containsKey(path)) {
                ex.getResponseHeaders().set("Content-Encoding", rawEncoding.get(path));
            }
            if (setCookie.containsKey(path)) {
                ex.getResponseHeaders().set("Set-Cookie", setCookie.get(path));
            }
            if (b.contentType() != null) {
                ex.getResponseHeaders().set("Content-Type", b.contentType());
            }
            ex.sendResponseHeaders(b.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
        } finally {
            ex.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
