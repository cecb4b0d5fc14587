package io.openagent.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.openagent.SharedFiles;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walks every golden vector of {@code whatap-vectors.json}: each is encoded and decoded, and any
 * mismatch fails. The number of vectors that passed is printed at the end.
 */
class WhatapVectorsTest {
    private static JsonNode root;
    private static final Map<String, Integer> passed = new LinkedHashMap<>();

    @BeforeAll
    static void load() throws Exception {
        root = new ObjectMapper().readTree(SharedFiles.spec("whatap-vectors.json").toFile());
    }

    @AfterAll
    static void report() {
        int total = passed.values().stream().mapToInt(Integer::intValue).sum();
        System.out.println("whatap-vectors.json: " + total + " vectors passed " + passed);
    }

    private static void pass(String section) {
        passed.merge(section, 1, Integer::sum);
    }

    private static String hex(WireOutput out) {
        return Hex.encode(out.toByteArray());
    }

    private static long lng(JsonNode n) {
        return n.isTextual() ? Long.parseLong(n.asText()) : n.asLong();
    }

    private static String gen(String rule, int len) {
        return new String(genBytes(rule, len), StandardCharsets.ISO_8859_1);
    }

    /** Inputs the vector file defines by a rule instead of spelling them out. */
    private static byte[] genBytes(String rule, int len) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            if (rule.contains("'a' + (i % 26)")) {
                b[i] = (byte) ('a' + i % 26);
            } else if (rule.contains("i & 0xff")) {
                b[i] = (byte) i;
            } else {
                throw new AssertionError("unknown input rule " + rule);
            }
        }
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return Hex.encode(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void text() throws Exception {
        for (JsonNode v : root.at("/dataoutputx/text")) {
            String input = v.has("input") ? v.get("input").asText() : gen(v.get("input_rule").asText(), v.get("utf8_byte_len").asInt());
            byte[] enc = new WireOutput().writeText(input).toByteArray();
            assertEquals(v.get("expected_len").asInt(), enc.length, v.get("name").asText());
            if (v.has("expected_hex")) {
                assertEquals(v.get("expected_hex").asText(), Hex.encode(enc), v.get("name").asText());
            } else {
                assertTrue(Hex.encode(enc).startsWith(v.get("expected_prefix_hex").asText()), v.get("name").asText());
                assertEquals(v.get("expected_sha256").asText(), sha256(enc), v.get("name").asText());
            }
            assertEquals(input, new WireInput(enc).readText(), v.get("name").asText());
            pass("text");
        }
    }

    @Test
    void blob() throws Exception {
        for (JsonNode v : root.at("/dataoutputx/blob")) {
            byte[] input = v.has("input_hex") ? Hex.decode(v.get("input_hex").asText())
                    : genBytes(v.get("input_rule").asText(), v.get("input_len").asInt());
            byte[] enc = new WireOutput().writeBlob(input).toByteArray();
            assertEquals(v.get("expected_len").asInt(), enc.length, v.get("name").asText());
            if (v.has("expected_hex")) {
                assertEquals(v.get("expected_hex").asText(), Hex.encode(enc), v.get("name").asText());
            } else {
                assertTrue(Hex.encode(enc).startsWith(v.get("expected_prefix_hex").asText()), v.get("name").asText());
                assertEquals(v.get("expected_sha256").asText(), sha256(enc), v.get("name").asText());
            }
            assertArrayEquals(input, new WireInput(enc).readBlob(), v.get("name").asText());
            pass("blob");
        }
    }

    @Test
    void decimal() {
        for (JsonNode v : root.at("/dataoutputx/decimal")) {
            long value = Long.parseLong(v.get("value").asText());
            String hex = hex(new WireOutput().writeDecimal(value));
            assertEquals(v.get("expected_hex").asText(), hex, "decimal " + value);
            assertEquals(value, new WireInput(Hex.decode(hex)).readDecimal());
            pass("decimal");
        }
    }

    @Test
    void fixed() {
        for (JsonNode v : root.at("/dataoutputx/fixed")) {
            String type = v.get("type").asText();
            String value = v.get("value").asText();
            String expected = v.get("expected_hex").asText();
            WireOutput out = new WireOutput();
            WireInput in = new WireInput(Hex.decode(expected));
            switch (type) {
                case "byte":
                    out.writeByte(Integer.parseInt(value));
                    assertEquals((byte) Integer.parseInt(value), (byte) in.readByte());
                    break;
                case "bool":
                    out.writeBool(Boolean.parseBoolean(value));
                    assertEquals(Boolean.parseBoolean(value), in.readBool());
                    break;
                case "short":
                    out.writeShort(Integer.parseInt(value));
                    assertEquals(Short.parseShort(value), in.readShort());
                    break;
                case "int3":
                    out.writeInt3(Integer.parseInt(value));
                    assertEquals(Integer.parseInt(value), in.readInt3());
                    break;
                case "int":
                    out.writeInt(Integer.parseInt(value));
                    assertEquals(Integer.parseInt(value), in.readInt());
                    break;
                case "long5":
                    out.writeLong5(Long.parseLong(value));
                    assertEquals(Long.parseLong(value), in.readLong5());
                    break;
                case "long":
                    out.writeLong(Long.parseLong(value));
                    assertEquals(Long.parseLong(value), in.readLong());
                    break;
                case "float":
                    out.writeFloat(Float.parseFloat(value));
                    assertEquals(Float.parseFloat(value), in.readFloat());
                    break;
                case "double": {
                    double d = value.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(value);
                    out.writeDouble(d);
                    assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(in.readDouble()));
                    break;
                }
                default:
                    throw new AssertionError("unknown fixed type " + type);
            }
            assertEquals(expected, hex(out), type + " " + value);
            pass("fixed");
        }
    }

    @Test
    void misc() {
        Map<String, WireOutput> produced = new LinkedHashMap<>();
        produced.put("writeIntBytes(empty)", new WireOutput().writeIntBytes(new byte[0]));
        produced.put("writeIntBytes(010203)", new WireOutput().writeIntBytes(new byte[] {1, 2, 3}));
        produced.put("writeShortBytes(empty)", new WireOutput().writeShortBytes(new byte[0]));
        produced.put("writeShortBytes(010203)", new WireOutput().writeShortBytes(new byte[] {1, 2, 3}));
        produced.put("writeLongArray([])", new WireOutput().writeLongArray(new long[0]));
        produced.put("writeLongArray([3,1,-2])", new WireOutput().writeLongArray(new long[] {3, 1, -2}));
        produced.put("writeTextArray([\"a\",\"\",\"bc\"])", new WireOutput().writeTextArray(new String[] {"a", "", "bc"}));
        for (JsonNode v : root.at("/dataoutputx/misc")) {
            String name = v.get("name").asText();
            assertTrue(produced.containsKey(name), "no producer for " + name);
            assertEquals(v.get("expected_hex").asText(), hex(produced.get(name)), name);
            byte[] b = Hex.decode(v.get("expected_hex").asText());
            WireInput in = new WireInput(b);
            if (name.startsWith("writeIntBytes")) {
                in.readIntBytes();
            } else if (name.startsWith("writeShortBytes")) {
                in.readShortBytes();
            } else if (name.startsWith("writeLongArray")) {
                assertArrayEquals(name.contains("3,1") ? new long[] {3, 1, -2} : new long[0], in.readLongArray());
            } else {
                assertArrayEquals(new String[] {"a", "", "bc"}, in.readTextArray());
            }
            assertEquals(0, in.remaining(), name);
            pass("misc");
        }
    }

    @Test
    void hexa32() {
        for (JsonNode v : root.at("/hexa32")) {
            long value = Long.parseLong(v.get("value").asText());
            assertEquals(v.get("string").asText(), Hexa32.encode(value));
            assertEquals(value, Hexa32.decode(v.get("string").asText()));
            pass("hexa32");
        }
    }

    @Test
    void licenses() {
        JsonNode ex = root.at("/license/readme_example");
        License l = License.parse(ex.get("license").asText());
        assertEquals(Long.parseLong(ex.get("pcode").asText()), l.pcode());
        assertEquals(ex.get("security_key_hex").asText(), Hex.encode(l.securityKey()));
        pass("license");
        for (JsonNode v : root.at("/license/built")) {
            long pcode = Long.parseLong(v.get("pcode").asText());
            byte[] key = Hex.decode(v.get("security_key_hex").asText());
            License parsed = License.parse(v.get("license").asText());
            assertEquals(pcode, parsed.pcode());
            assertArrayEquals(key, parsed.securityKey());
            String built = License.build(pcode, key);
            if (!v.get("note").asText().contains("random")) {
                assertEquals(v.get("license").asText(), built, "deterministic build");
            }
            assertEquals(new License(pcode, key), License.parse(built));
            pass("license");
        }
    }

    @Test
    void hashes() {
        for (JsonNode v : root.at("/hash/hashStr")) {
            assertEquals(v.get("hash_int32").asInt(), Hashes.hashStr(v.get("input").asText()), v.get("input").asText());
            pass("hash");
        }
        for (JsonNode v : root.at("/hash/hash64")) {
            assertEquals(Long.parseLong(v.get("hash64").asText()), Hashes.hash64(Hex.decode(v.get("input_hex").asText())));
            pass("hash");
        }
    }

    @Test
    void onamePatterns() {
        for (JsonNode v : root.at("/oname_pattern")) {
            Map<String, String> vars = new LinkedHashMap<>();
            for (String k : List.of("hostname", "process", "type")) {
                vars.put(k, v.get(k).asText());
            }
            // An empty docker/ips input means the host had none: the reference then hashes "none"/"noneIP".
            String docker = v.get("docker").asText();
            vars.put("docker", ObjectIdentity.HostFacts.dockerToken(docker.isEmpty() ? "" : "0::/" + docker));
            vars.put("ips", ObjectIdentity.HostFacts.ipsToken(v.get("ips").asText().isEmpty() ? List.of() : List.of(v.get("ips").asText())));
            String oname = ObjectIdentity.expandPatternUpstream(v.get("pattern").asText(), v.get("ip").asText(), vars);
            assertEquals(v.get("oname").asText(), oname);
            assertEquals(v.get("oid").asInt(), Hashes.hashStr(oname));
            pass("oname_pattern");
        }
    }

    @Test
    void identity() {
        for (JsonNode v : root.at("/identity/decide_oname_oid")) {
            Map<String, String> env = new LinkedHashMap<>();
            v.get("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            Map<String, String> conf = new LinkedHashMap<>();
            conf.put("whatap.oname", v.get("conf_oname").asText());
            conf.put("whatap.okind", v.get("conf_okind").asText());
            conf.put("whatap.onode", v.get("conf_onode").asText());
            ObjectIdentity id = ObjectIdentity.decide(key -> {
                String c = conf.get(key);
                return c != null && !c.isEmpty() ? c : env.get(key);
            }, env::get, v.get("local_ip").asText(), ObjectIdentity.HostFacts.none());
            assertEquals(v.get("ONAME").asText(), id.oname());
            assertEquals(v.get("OID").asInt(), id.oid());
            assertEquals(v.get("OKIND_NAME").asText(), id.okindName());
            assertEquals(v.get("OKIND").asInt(), id.okind());
            assertEquals(v.get("ONODE_NAME").asText(), id.onodeName());
            assertEquals(v.get("ONODE").asInt(), id.onode());
            assertEquals(v.get("IP_int").asInt(), Ip4.toInt(v.get("local_ip").asText()));
            pass("identity");
        }
    }

    @Test
    void ciphers() {
        for (JsonNode v : root.at("/cypher/aes128_ecb")) {
            byte[] key = Hex.decode(v.get("key_hex").asText());
            assertEquals(v.get("effective_aes128_key_hex").asText(), Hex.encode(Ciphers.aesKey(key)));
            byte[] plain = Hex.decode(v.get("plaintext_hex").asText());
            byte[] ct = Ciphers.encrypt(key, plain);
            assertEquals(v.get("ciphertext_hex").asText(), Hex.encode(ct), v.get("name").asText());
            assertEquals(v.get("zero_padded_plaintext_hex").asText(), Hex.encode(Ciphers.decrypt(key, ct)));
            pass("cypher");
        }
        for (JsonNode v : root.at("/cypher/hide_xor")) {
            byte[] in = Hex.decode(v.get("input_hex").asText());
            byte[] out = Ciphers.hide(in, v.get("hide_key").asInt());
            assertEquals(v.get("output_hex").asText(), Hex.encode(out));
            assertArrayEquals(in, Ciphers.hide(out, v.get("hide_key").asInt()));
            pass("cypher");
        }
    }

    @Test
    void values() {
        Map<String, Value> produced = new LinkedHashMap<>();
        produced.put("NullValue", Value.NullValue.INSTANCE);
        produced.put("BoolValue(true)", new Value.BoolValue(true));
        produced.put("DecimalValue(1845)", Value.decimal(1845));
        produced.put("DecimalValue(-1)", Value.decimal(-1));
        produced.put("IntValue(22)", new Value.IntValue(22));
        produced.put("LongValue(1700000000000)", new Value.LongValue(1700000000000L));
        produced.put("FloatValue(1.5)", new Value.FloatValue(1.5f));
        produced.put("DoubleValue(0.234)", new Value.DoubleValue(0.234));
        produced.put("TextValue(\"counter\")", Value.text("counter"));
        produced.put("TextValue(\"\")", Value.text(""));
        produced.put("BlobValue(010203)", new Value.BlobValue(new byte[] {1, 2, 3}));
        produced.put("IP4Value(10.0.0.5)", new Value.IP4Value(Ip4.toInt("10.0.0.5")));
        produced.put("ListValue([\"a\",7])", new Value.ListValue(List.of(Value.text("a"), Value.decimal(7))));
        produced.put("TextArray([\"a\",\"b\"])", new Value.TextArray(new String[] {"a", "b"}));
        produced.put("MapValue({})", new Value.MapValue());
        Map<String, Value> help = new LinkedHashMap<>();
        help.put("help", Value.text("Total number of HTTP requests."));
        help.put("type", Value.text("counter"));
        produced.put("MapValue({help:TextValue,type:TextValue})", new Value.MapValue(help));
        Map<String, Value> nested = new LinkedHashMap<>();
        nested.put("otype", Value.decimal(22));
        nested.put("env", Value.NullValue.INSTANCE);
        nested.put("nested", new Value.MapValue(Map.of("k", Value.text("v"))));
        produced.put("MapValue({otype:Decimal(22),env:Null,nested:{k:\"v\"}})", new Value.MapValue(nested));
        for (JsonNode v : root.at("/values")) {
            String name = v.get("name").asText();
            Value value = produced.get(name);
            assertTrue(value != null, "no producer for value vector " + name);
            assertEquals(v.get("type_code").asInt(), value.typeCode());
            assertEquals(v.get("expected_hex").asText(), Hex.encode(Values.toBytes(value)), name);
            WireInput in = new WireInput(Hex.decode(v.get("expected_hex").asText()));
            assertEquals(value, Values.read(in), name);
            assertEquals(0, in.remaining());
            pass("values");
        }
    }

    private static PackHeader header(JsonNode v) {
        return new PackHeader(Long.parseLong(v.get("pcode").asText()), v.get("oid").asInt(),
                v.has("okind") ? v.get("okind").asInt() : 0, v.has("onode") ? v.get("onode").asInt() : 0,
                Long.parseLong(v.get("time").asText()));
    }

    private static Map<String, String> labels(JsonNode arr) {
        Map<String, String> m = new LinkedHashMap<>();
        for (JsonNode pair : arr) {
            m.put(pair.get(0).asText(), pair.get(1).asText());
        }
        return m;
    }

    private static List<Pack.Span> spans(JsonNode arr) {
        List<Pack.Span> s = new ArrayList<>();
        for (JsonNode p : arr) {
            s.add(new Pack.Span(p.get(0).asInt(), p.get(1).asInt()));
        }
        return s;
    }

    private static long[] longs(JsonNode arr) {
        long[] a = new long[arr.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = arr.get(i).asLong();
        }
        return a;
    }

    /** The pack a vector describes, built from its JSON fields only. */
    private static Pack packOf(String name, JsonNode v) {
        PackHeader h = header(v);
        switch (v.get("pack_type").asInt()) {
            case Pack.OPENMX: {
                List<Pack.OpenMxRecord> rs = new ArrayList<>();
                for (JsonNode r : v.get("records")) {
                    double value = r.has("value_bits_hex") ? Double.longBitsToDouble(Long.parseUnsignedLong(r.get("value_bits_hex").asText(), 16))
                            : r.get("value").asDouble();
                    rs.add(new Pack.OpenMxRecord(r.get("metric").asText(), labels(r.get("labels")), lng(r.get("timestamp")), value));
                }
                return new Pack.OpenMxPack(h, rs, v.get("endpoint").asText());
            }
            case Pack.OPENMX_HELP: {
                List<Pack.OpenMxHelpRecord> rs = new ArrayList<>();
                for (JsonNode r : v.get("records")) {
                    Map<String, Value> props = new LinkedHashMap<>();
                    for (int i = 1; i + 1 < r.size(); i += 2) {
                        props.put(r.get(i).asText(), Value.text(r.get(i + 1).asText()));
                    }
                    rs.add(new Pack.OpenMxHelpRecord(r.get(0).asText(), new Value.MapValue(props)));
                }
                return new Pack.OpenMxHelpPack(h, rs);
            }
            case Pack.OPENMX_HISTOGRAM: {
                JsonNode r = v.get("record");
                return new Pack.OpenMxHistogramPack(h, List.of(new Pack.HistogramRecord(r.get("metric").asText(),
                        labels(r.get("labels")), lng(r.get("timestamp")), r.get("schema").asInt(),
                        r.get("zero_threshold").asDouble(), r.get("zero_count").asLong(), r.get("count").asLong(),
                        r.get("sum").asDouble(), spans(r.get("positive_spans")), longs(r.get("positive_buckets")),
                        spans(r.get("negative_spans")), longs(r.get("negative_buckets")))));
            }
            case Pack.OPENMX_ENDPOINT: {
                List<String> eps = new ArrayList<>();
                v.get("endpoints").forEach(e -> eps.add(e.asText()));
                return new Pack.OpenMxEndpointPack(h, eps);
            }
            case Pack.PARAM: {
                Map<String, Value> entries = new LinkedHashMap<>();
                for (JsonNode e : v.get("entries")) {
                    entries.put(e.get(0).asText(), Value.text(e.get(1).asText()));
                }
                return new Pack.ParamPack(h, v.get("id").asInt(), Long.parseLong(v.get("request").asText()),
                        Long.parseLong(v.get("response").asText()), new Value.MapValue(entries));
            }
            case Pack.TEXT: {
                List<Pack.TextRecord> rs = new ArrayList<>();
                for (JsonNode r : v.get("records")) {
                    rs.add(new Pack.TextRecord(r.get("div").asInt(), r.get("hash").asInt(), r.get("text").asText()));
                }
                return new Pack.TextPack(h, rs);
            }
            case Pack.TAG_COUNT: {
                Map<String, Value> tags = new LinkedHashMap<>();
                if (v.has("tags")) {
                    for (JsonNode e : v.get("tags")) {
                        tags.put(e.get(0).asText(), Value.decimal(lng(e.get(1))));
                    }
                }
                Pack.TagCountPack p = Pack.TagCountPack.of(h, v.get("category").asText(), new Value.MapValue(tags), new Value.MapValue());
                assertEquals(Long.parseLong(v.get("tag_hash").asText()), p.tagHash(), name + " tag hash");
                if (v.has("tags_value_bytes_hex")) {
                    assertEquals(v.get("tags_value_bytes_hex").asText(), Hex.encode(Values.toBytes(p.tags())));
                }
                return p;
            }
            case Pack.EVENT: {
                return new Pack.EventPack(h, v.get("level").asInt(), v.get("title").asText(), v.get("message").asText(),
                        labels(v.get("attr")));
            }
            default:
                throw new AssertionError("no builder for pack type " + v.get("pack_type"));
        }
    }

    @Test
    void packs() {
        JsonNode packs = root.get("packs");
        List<String> names = new ArrayList<>();
        packs.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            JsonNode v = packs.get(name);
            if (name.equals("agent_bug_nil_property")) {
                // Our writer emits the correct TextValue, never the upstream double type byte.
                Value.MapValue m = new Value.MapValue(Map.of("help", Value.text("nil")));
                assertEquals(v.get("correct_hex_if_text").asText(), Hex.encode(Values.toBytes(m)));
                assertEquals(new Value.MapValue(Map.of("help", Value.NullValue.INSTANCE)),
                        Values.read(new WireInput(Hex.decode(v.get("correct_hex_if_null").asText()))));
                pass("packs");
                continue;
            }
            Pack expected = packOf(name, v);
            byte[] ours = PackCodec.encode(expected);
            if (v.has("pack_bytes_hex")) {
                assertEquals(v.get("pack_bytes_hex").asText(), Hex.encode(ours), name);
                assertEquals(expected, PackCodec.decode(Hex.decode(v.get("pack_bytes_hex").asText())), name);
            } else {
                // Zipped: compressed bytes are not canonical, so compare prefix, inner body and suffix, and
                // decode both reference encodings (Go's and Java's gzip).
                String prefix = v.get("pack_prefix_hex").asText();
                String suffix = v.get("pack_suffix_hex").asText();
                String oursHex = Hex.encode(ours);
                assertTrue(oursHex.startsWith(prefix), name + " prefix");
                assertTrue(oursHex.endsWith(suffix), name + " suffix");
                WireInput in = new WireInput(ours);
                in.readRaw(prefix.length() / 2);
                byte[] inner = Gzip.decompress(in.readBlob(), 1 << 20);
                assertEquals(v.get("inner_body_hex").asText(), Hex.encode(inner), name + " inner body");
                assertEquals(v.get("inner_body_len").asInt(), inner.length);
                assertEquals(expected, PackCodec.decode(Hex.decode(v.get("go_pack_bytes_hex").asText())), name + " (Go gzip)");
                assertEquals(expected, PackCodec.decode(Hex.decode(v.get("java17_pack_bytes_hex").asText())), name + " (Java gzip)");
                assertEquals(expected, PackCodec.decode(ours), name + " (ours)");
            }
            if (v.has("inner_body_hex") && v.get("zip").asInt() == 0) {
                assertTrue(Hex.encode(ours).contains(v.get("inner_body_hex").asText()), name + " inner body");
            }
            pass("packs");
        }
    }

    private static final License LICENSE = License.parse("x41pl22ek7jhv-z43cebasdv4il7-z62p3l35fj5502");
    private static final SessionKeys KEYS = new SessionKeys(0x1a2b3c4d, "SESSIONKEY-01234".getBytes(StandardCharsets.US_ASCII),
            0x5a5a1234, Ip4.toInt("203.0.113.9"));

    @Test
    void session() {
        JsonNode s = root.get("session");
        for (String level : List.of("handshake_cypher128", "handshake_cypher0", "handshake_cypher256")) {
            JsonNode v = s.get(level);
            Frame f = Handshake.request(License.parse(v.get("license").asText()), v.get("oname").asText(), v.get("oid").asInt(),
                    v.get("ip_int").asInt(), v.get("cypher_level").asInt());
            assertEquals(v.get("frame_hex").asText(), Hex.encode(f.toBytes()), level);
            Frame back = Frame.read(Hex.decode(v.get("frame_hex").asText()));
            assertEquals(v.get("cypher_level").asInt(), Handshake.cypherLevel(back));
            Handshake.Hello hello = Handshake.parseRequest(back, LICENSE.securityKey());
            assertEquals(v.get("oname").asText(), hello.oname());
            assertEquals(v.get("ip_int").asInt(), hello.ip());
            pass("session");
        }
        JsonNode kr = s.get("server_key_reply_cypher128");
        Frame reply = Handshake.reply(LICENSE.pcode(), kr.get("oid").asInt(), LICENSE.securityKey(), 128, KEYS);
        assertEquals(kr.get("plain_payload_hex").asText(), Hex.encode(KEYS.plainPayload()));
        assertEquals(kr.get("frame_hex").asText(), Hex.encode(reply.toBytes()));
        SessionKeys parsed = Handshake.parseReply(Frame.read(Hex.decode(kr.get("frame_hex").asText())), LICENSE, kr.get("oid").asInt(), 128);
        assertEquals(KEYS, parsed);
        assertEquals(kr.get("HIDE_KEY").asInt(), parsed.hideKey());
        assertEquals(kr.get("PUBLIC_IP_int").asInt(), parsed.publicIp());
        pass("session");

        JsonNode hd = s.get("data_frame_hide_openmx_small");
        Frame data = DataFrames.seal(Frame.NETSRC_AGENT, Frame.SECURE_HIDE, LICENSE.pcode(), hd.get("oid").asInt(), 128, KEYS,
                Hex.decode(hd.get("pack_bytes_hex").asText()));
        assertEquals(hd.get("hidden_payload_hex").asText(), Hex.encode(data.payload()));
        assertEquals(hd.get("frame_hex").asText(), Hex.encode(data.toBytes()));
        assertEquals(hd.get("pack_bytes_hex").asText(), Hex.encode(DataFrames.open(Frame.read(Hex.decode(hd.get("frame_hex").asText())), 128, KEYS)));
        pass("session");

        JsonNode cy = s.get("data_frame_cypher_eventpack");
        Frame event = Frame.read(Hex.decode(cy.get("frame_hex").asText()));
        byte[] padded = DataFrames.open(event, 128, KEYS);
        assertEquals(cy.get("pack_bytes_zero_padded_hex").asText(), Hex.encode(padded));
        Pack ev = PackCodec.decode(padded);
        assertEquals(Hex.encode(PackCodec.encode(ev)), cy.get("pack_bytes_zero_padded_hex").asText().substring(0, PackCodec.encode(ev).length * 2));
        Frame resealed = DataFrames.seal(Frame.NETSRC_AGENT, Frame.SECURE_CYPHER, LICENSE.pcode(), event.oid(), 128, KEYS, PackCodec.encode(ev));
        assertEquals(cy.get("frame_hex").asText(), Hex.encode(resealed.toBytes()));
        pass("session");

        JsonNode ts = s.get("time_sync_frame");
        Frame sync = DataFrames.timeSync(LICENSE.pcode(), ts.get("oid").asInt(), ts.get("TRANSFER_KEY").asInt(),
                Long.parseLong(ts.get("agent_time_ms").asText()));
        assertEquals(ts.get("frame_hex").asText(), Hex.encode(sync.toBytes()));
        pass("session");

        JsonNode tr = s.get("server_time_sync_reply");
        Frame syncReply = DataFrames.timeSyncReply(LICENSE.pcode(), 478030654, Long.parseLong(tr.get("echoed_agent_time_ms").asText()),
                Long.parseLong(tr.get("server_time_ms").asText()));
        assertEquals(tr.get("frame_hex").asText(), Hex.encode(syncReply.toBytes()));
        pass("session");

        JsonNode sc = s.get("server_control_frame_hide_parampack");
        Frame control = Frame.read(Hex.decode(sc.get("frame_hex").asText()));
        assertEquals(sc.get("pack_bytes_hex").asText(), Hex.encode(DataFrames.open(control, 128, KEYS)));
        Frame again = DataFrames.seal(Frame.NETSRC_SERVER, Frame.SECURE_HIDE, LICENSE.pcode(), control.oid(), 128, KEYS,
                Hex.decode(sc.get("pack_bytes_hex").asText()));
        assertEquals(sc.get("frame_hex").asText(), Hex.encode(again.toBytes()));
        pass("session");
    }

    @Test
    void metaIdentity() {
        JsonNode c = root.at("/meta/common_identity");
        License l = License.parse(c.get("license").asText());
        assertEquals(Long.parseLong(c.get("pcode").asText()), l.pcode());
        assertEquals(c.get("oid").asInt(), Hashes.hashStr(c.get("oname").asText()));
        assertEquals(c.get("okind").asInt(), Hashes.hashStr(c.get("okind_name").asText()));
        assertEquals(c.get("onode").asInt(), Hashes.hashStr(c.get("onode_name").asText()));
        pass("meta");
    }
}
