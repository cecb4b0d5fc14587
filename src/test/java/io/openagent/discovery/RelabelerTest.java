package io.openagent.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openagent.discovery.RelabelConfig.Action;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Relabeling as Prometheus documents it (configuration.md, relabel_config) and implements it
 * (model/relabel): each row is the input labels, the rules and the expected labels ("DROP" when
 * the set is dropped).
 */
class RelabelerTest {
    static RelabelConfig r(Action a, String sources, String target, String regex, String replacement) {
        return new RelabelConfig(sources == null ? null : Arrays.asList(sources.split(",")), null, target, regex, null, replacement, a);
    }

    static RelabelConfig sep(String sources, String separator, String target, String regex, String replacement) {
        return new RelabelConfig(Arrays.asList(sources.split(",")), separator, target, regex, null, replacement, Action.REPLACE);
    }

    static RelabelConfig hashmod(String sources, String target, long modulus) {
        return new RelabelConfig(Arrays.asList(sources.split(",")), null, target, null, modulus, null, Action.HASHMOD);
    }

    static Map<String, String> l(String... kv) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static Arguments c(String name, Map<String, String> in, List<RelabelConfig> rules, Map<String, String> out) {
        return Arguments.of(name, in, rules, out);
    }

    static final Map<String, String> DROP = null;

    static Stream<Arguments> cases() {
        List<Arguments> c = new ArrayList<>();
        Map<String, String> abc = l("a", "foo", "b", "bar", "c", "baz");
        // replace
        c.add(c("replace with default regex copies", abc, List.of(r(Action.REPLACE, "a", "d", null, null)), l("a", "foo", "b", "bar", "c", "baz", "d", "foo")));
        c.add(c("replace is the default action", abc, List.of(new RelabelConfig(List.of("a"), null, "d", null, null, null, null)), l("a", "foo", "b", "bar", "c", "baz", "d", "foo")));
        c.add(c("replace with groups", abc, List.of(r(Action.REPLACE, "a", "d", "f(.*)", "ch${1}-ch${1}")), l("a", "foo", "b", "bar", "c", "baz", "d", "choo-choo")));
        c.add(c("replace $1 then literal needs braces: $1x is group 1x", abc, List.of(r(Action.REPLACE, "a", "d", "f(.*)", "$1x")), abc));
        c.add(c("replace ${1}x", abc, List.of(r(Action.REPLACE, "a", "d", "f(.*)", "${1}x")), l("a", "foo", "b", "bar", "c", "baz", "d", "oox")));
        c.add(c("regex is anchored: partial match does nothing", abc, List.of(r(Action.REPLACE, "a", "d", "o+", "x")), abc));
        c.add(c("anchored: explicit .* matches", abc, List.of(r(Action.REPLACE, "a", "d", ".*o+", "x")), l("a", "foo", "b", "bar", "c", "baz", "d", "x")));
        c.add(c("no match leaves labels", abc, List.of(r(Action.REPLACE, "a", "d", "x", "y")), abc));
        c.add(c("multiple sources joined with ;", abc, List.of(r(Action.REPLACE, "a,b", "d", "(.*);(.*)", "$2-$1")), l("a", "foo", "b", "bar", "c", "baz", "d", "bar-foo")));
        c.add(c("custom separator", abc, List.of(sep("a,b", "/", "d", "foo/bar", "ok")), l("a", "foo", "b", "bar", "c", "baz", "d", "ok")));
        c.add(c("missing source is empty", abc, List.of(r(Action.REPLACE, "a,zz,b", "d", "foo;;bar", "ok")), l("a", "foo", "b", "bar", "c", "baz", "d", "ok")));
        c.add(c("empty result deletes the target", abc, List.of(r(Action.REPLACE, "a", "b", "foo", "")), l("a", "foo", "c", "baz")));
        c.add(c("empty value and default regex sets replacement literally", l("x", "1"), List.of(r(Action.REPLACE, "missing", "y", null, "static")), l("x", "1", "y", "static")));
        c.add(c("no source labels sets a constant", l("x", "1"), List.of(new RelabelConfig(null, null, "env", null, null, "prod", Action.REPLACE)), l("x", "1", "env", "prod")));
        c.add(c("overwrite existing label", abc, List.of(r(Action.REPLACE, "b", "a", null, null)), l("a", "bar", "b", "bar", "c", "baz")));
        c.add(c("target label from a group", abc, List.of(r(Action.REPLACE, "a", "${1}_label", "(f)oo", "v")), l("a", "foo", "b", "bar", "c", "baz", "f_label", "v")));
        c.add(c("invalid target label after expansion is a no-op", abc, List.of(r(Action.REPLACE, "a", "${1}", "(.*)", "v")), l("a", "foo", "b", "bar", "c", "baz", "foo", "v")));
        c.add(c("target expanding to an invalid name: no-op", l("a", "1x"), List.of(r(Action.REPLACE, "a", "${1}", "(.*)", "v")), l("a", "1x")));
        c.add(c("named group", abc, List.of(r(Action.REPLACE, "a", "d", "(?P<first>f)(?P<rest>.*)", "${rest}${first}")), l("a", "foo", "b", "bar", "c", "baz", "d", "oof")));
        c.add(c("$$ is a literal dollar", abc, List.of(r(Action.REPLACE, "a", "d", "(.*)", "$$1")), l("a", "foo", "b", "bar", "c", "baz", "d", "$1")));
        c.add(c("out-of-range group expands to empty (deletes)", abc, List.of(r(Action.REPLACE, "a", "b", "(.*)", "$2")), l("a", "foo", "c", "baz")));
        c.add(c("$0 is the whole match", abc, List.of(r(Action.REPLACE, "a", "d", "f(o)o", "$0-$1")), l("a", "foo", "b", "bar", "c", "baz", "d", "foo-o")));
        c.add(c("dot does not match newline", l("a", "x\ny"), List.of(r(Action.REPLACE, "a", "d", ".*", "m")), l("a", "x\ny")));
        c.add(c("(?s) lets dot match newline", l("a", "x\ny"), List.of(r(Action.REPLACE, "a", "d", "(?s).*", "m")), l("a", "x\ny", "d", "m")));
        c.add(c("alternation anchored as a whole", l("a", "foobar"), List.of(r(Action.REPLACE, "a", "d", "foo|bar", "m")), l("a", "foobar")));
        c.add(c("case-insensitive flag", l("a", "FOO"), List.of(r(Action.REPLACE, "a", "d", "(?i)foo", "m")), l("a", "FOO", "d", "m")));
        c.add(c("__address__ port rewrite", l("__address__", "10.0.0.1:9100"), List.of(r(Action.REPLACE, "__address__", "__address__", "([^:]+)(?::\\d+)?", "${1}:9200")), l("__address__", "10.0.0.1:9200")));
        c.add(c("annotation port to address", l("__address__", "10.0.0.1", "__meta_kubernetes_pod_annotation_prometheus_io_port", "8080"),
                List.of(sep("__address__,__meta_kubernetes_pod_annotation_prometheus_io_port", ";", "__address__", "([^:]+)(?::\\d+)?;(\\d+)", "$1:$2")),
                l("__address__", "10.0.0.1:8080", "__meta_kubernetes_pod_annotation_prometheus_io_port", "8080")));
        c.add(c("chained rules see earlier results", abc, List.of(r(Action.REPLACE, "a", "d", null, null), r(Action.REPLACE, "d", "e", "f(.*)", "$1")),
                l("a", "foo", "b", "bar", "c", "baz", "d", "foo", "e", "oo")));
        c.add(c("unicode value", l("a", "와탭"), List.of(r(Action.REPLACE, "a", "d", "(.)(.)", "$2$1")), l("a", "와탭", "d", "탭와")));
        // keep / drop
        c.add(c("keep matches", abc, List.of(r(Action.KEEP, "a", null, "foo", null)), abc));
        c.add(c("keep drops on mismatch", abc, List.of(r(Action.KEEP, "a", null, "fo", null)), DROP));
        c.add(c("keep is anchored", abc, List.of(r(Action.KEEP, "a", null, "o", null)), DROP));
        c.add(c("keep on missing label with empty-matching regex", abc, List.of(r(Action.KEEP, "zz", null, "", null)), abc));
        c.add(c("keep on missing label with .+ drops", abc, List.of(r(Action.KEEP, "zz", null, ".+", null)), DROP));
        c.add(c("keep with joined sources", abc, List.of(r(Action.KEEP, "a,b", null, "foo;bar", null)), abc));
        c.add(c("drop matches", abc, List.of(r(Action.DROP, "a", null, "f.*", null)), DROP));
        c.add(c("drop keeps on mismatch", abc, List.of(r(Action.DROP, "a", null, "bar", null)), abc));
        c.add(c("drop default regex matches everything", abc, List.of(r(Action.DROP, "a", null, null, null)), DROP));
        c.add(c("drop on missing label with default regex drops", abc, List.of(r(Action.DROP, "zz", null, null, null)), DROP));
        c.add(c("drop anchored", abc, List.of(r(Action.DROP, "a", null, "fo", null)), abc));
        c.add(c("drop then later rules do not run", abc, List.of(r(Action.DROP, "a", null, "foo", null), r(Action.REPLACE, "a", "d", null, null)), DROP));
        c.add(c("keep alternation", l("app", "web"), List.of(r(Action.KEEP, "app", null, "api|web", null)), l("app", "web")));
        c.add(c("keep pod phase Running", l("__meta_kubernetes_pod_phase", "Running"), List.of(r(Action.DROP, "__meta_kubernetes_pod_phase", null, "(Failed|Succeeded)", null)),
                l("__meta_kubernetes_pod_phase", "Running")));
        c.add(c("drop pod phase Succeeded", l("__meta_kubernetes_pod_phase", "Succeeded"), List.of(r(Action.DROP, "__meta_kubernetes_pod_phase", null, "(Failed|Succeeded)", null)), DROP));
        // keepequal / dropequal
        c.add(c("keepequal keeps when equal", l("a", "1", "b", "1"), List.of(r(Action.KEEPEQUAL, "a", "b", null, null)), l("a", "1", "b", "1")));
        c.add(c("keepequal drops when different", l("a", "1", "b", "2"), List.of(r(Action.KEEPEQUAL, "a", "b", null, null)), DROP));
        c.add(c("keepequal with missing target compares to empty", l("a", "1"), List.of(r(Action.KEEPEQUAL, "a", "b", null, null)), DROP));
        c.add(c("dropequal drops when equal", l("a", "1", "b", "1"), List.of(r(Action.DROPEQUAL, "a", "b", null, null)), DROP));
        c.add(c("dropequal keeps when different", l("a", "1", "b", "2"), List.of(r(Action.DROPEQUAL, "a", "b", null, null)), l("a", "1", "b", "2")));
        c.add(c("keepequal joined sources", l("a", "1", "b", "2", "c", "1;2"), List.of(r(Action.KEEPEQUAL, "a,b", "c", null, null)), l("a", "1", "b", "2", "c", "1;2")));
        // hashmod
        c.add(c("hashmod foo mod 1000", abc, List.of(hashmod("a", "h", 1000)), l("a", "foo", "b", "bar", "c", "baz", "h", Long.toUnsignedString(Long.remainderUnsigned(Relabeler.sum64("foo"), 1000)))));
        c.add(c("hashmod mod 1 is 0", abc, List.of(hashmod("a", "h", 1)), l("a", "foo", "b", "bar", "c", "baz", "h", "0")));
        c.add(c("hashmod of missing label hashes empty", l("x", "1"), List.of(hashmod("a", "h", 1 << 30)), l("x", "1", "h", Long.toUnsignedString(Long.remainderUnsigned(Relabeler.sum64(""), 1 << 30)))));
        c.add(c("hashmod then keep shard", l("__address__", "10.0.0.1:9100"), List.of(hashmod("__address__", "__tmp_hash", 2),
                r(Action.KEEP, "__tmp_hash", null, Long.toString(Long.remainderUnsigned(Relabeler.sum64("10.0.0.1:9100"), 2)), null)),
                l("__address__", "10.0.0.1:9100", "__tmp_hash", Long.toString(Long.remainderUnsigned(Relabeler.sum64("10.0.0.1:9100"), 2)))));
        // labelmap
        c.add(c("labelmap copies matching names", l("__meta_kubernetes_pod_label_app", "web", "__meta_kubernetes_pod_label_tier", "fe", "x", "1"),
                List.of(r(Action.LABELMAP, null, null, "__meta_kubernetes_pod_label_(.+)", null)),
                l("__meta_kubernetes_pod_label_app", "web", "__meta_kubernetes_pod_label_tier", "fe", "x", "1", "app", "web", "tier", "fe")));
        c.add(c("labelmap replacement template", l("foo_a", "1"), List.of(r(Action.LABELMAP, null, null, "foo_(.*)", "bar_${1}")), l("foo_a", "1", "bar_a", "1")));
        c.add(c("labelmap anchored on names", l("xfoo_a", "1"), List.of(r(Action.LABELMAP, null, null, "foo_(.*)", "$1")), l("xfoo_a", "1")));
        c.add(c("labelmap overwrites an existing label", l("foo_a", "1", "a", "2"), List.of(r(Action.LABELMAP, null, null, "foo_(.*)", "$1")), l("foo_a", "1", "a", "1")));
        c.add(c("labelmap no match", abc, List.of(r(Action.LABELMAP, null, null, "zz(.*)", null)), abc));
        // labeldrop / labelkeep
        c.add(c("labeldrop by regex", abc, List.of(r(Action.LABELDROP, null, null, "a|b", null)), l("c", "baz")));
        c.add(c("labeldrop anchored", abc, List.of(r(Action.LABELDROP, null, null, "b", null)), l("a", "foo", "c", "baz")));
        c.add(c("labeldrop no match", abc, List.of(r(Action.LABELDROP, null, null, "zz", null)), abc));
        c.add(c("labelkeep by regex", abc, List.of(r(Action.LABELKEEP, null, null, "a|c", null)), l("a", "foo", "c", "baz")));
        c.add(c("labelkeep nothing matches: empty set", abc, List.of(r(Action.LABELKEEP, null, null, "zz", null)), l()));
        c.add(c("labeldrop __meta_ prefix", l("__meta_x", "1", "__address__", "h:1"), List.of(r(Action.LABELDROP, null, null, "__meta_.*", null)), l("__address__", "h:1")));
        // lowercase / uppercase
        c.add(c("lowercase", l("a", "FooBar"), List.of(r(Action.LOWERCASE, "a", "b", null, null)), l("a", "FooBar", "b", "foobar")));
        c.add(c("uppercase", l("a", "FooBar"), List.of(r(Action.UPPERCASE, "a", "b", null, null)), l("a", "FooBar", "b", "FOOBAR")));
        c.add(c("lowercase joined", l("a", "A", "b", "B"), List.of(r(Action.LOWERCASE, "a,b", "c", null, null)), l("a", "A", "b", "B", "c", "a;b")));
        c.add(c("uppercase of missing deletes target", l("b", "x"), List.of(r(Action.UPPERCASE, "a", "b", null, null)), l()));
        c.add(c("lowercase in place", l("a", "ABC"), List.of(r(Action.LOWERCASE, "a", "a", null, null)), l("a", "abc")));
        // empty values and ordering
        c.add(c("input labels with empty values are absent", l("a", "", "b", "x"), List.of(r(Action.KEEP, "a", null, "", null)), l("b", "x")));
        c.add(c("no rules: labels unchanged", abc, List.of(), abc));
        c.add(c("replace with escaped dot", l("a", "a.b"), List.of(r(Action.REPLACE, "a", "d", "a\\.b", "ok")), l("a", "a.b", "d", "ok")));
        c.add(c("character class", l("a", "v123"), List.of(r(Action.REPLACE, "a", "d", "v([0-9]+)", "$1")), l("a", "v123", "d", "123")));
        c.add(c("RE2 \\d", l("a", "v123"), List.of(r(Action.REPLACE, "a", "d", "v(\\d+)", "$1")), l("a", "v123", "d", "123")));
        c.add(c("optional group unmatched expands empty", l("a", "x"), List.of(r(Action.REPLACE, "a", "d", "x(y)?", "[$1]")), l("a", "x", "d", "[]")));
        c.add(c("greedy group", l("a", "a:b:c"), List.of(r(Action.REPLACE, "a", "d", "(.*):(.*)", "$1")), l("a", "a:b:c", "d", "a:b")));
        c.add(c("lazy group", l("a", "a:b:c"), List.of(r(Action.REPLACE, "a", "d", "(.*?):(.*)", "$1")), l("a", "a:b:c", "d", "a")));
        c.add(c("instance from node name", l("__meta_kubernetes_node_name", "worker1"), List.of(r(Action.REPLACE, "__meta_kubernetes_node_name", "instance", null, null)),
                l("__meta_kubernetes_node_name", "worker1", "instance", "worker1")));
        c.add(c("keep node worker1", l("__meta_kubernetes_pod_node_name", "worker1"), List.of(r(Action.KEEP, "__meta_kubernetes_pod_node_name", null, "worker1", null)),
                l("__meta_kubernetes_pod_node_name", "worker1")));
        c.add(c("keep node worker1 drops worker2", l("__meta_kubernetes_pod_node_name", "worker2"), List.of(r(Action.KEEP, "__meta_kubernetes_pod_node_name", null, "worker1", null)), DROP));
        c.add(c("set __param_", l("x", "1"), List.of(new RelabelConfig(null, null, "__param_target", null, null, "example.com", Action.REPLACE)), l("x", "1", "__param_target", "example.com")));
        c.add(c("$name longest run includes underscores", l("a", "v"), List.of(r(Action.REPLACE, "a", "d", "(?P<n>v)", "$n_x")), l("a", "v")));
        c.add(c("${name}_x", l("a", "v"), List.of(r(Action.REPLACE, "a", "d", "(?P<n>v)", "${n}_x")), l("a", "v", "d", "v_x")));
        c.add(c("lone $ kept", l("a", "v"), List.of(r(Action.REPLACE, "a", "d", "(v)", "$-$1")), l("a", "v", "d", "$-v")));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void relabel(String name, Map<String, String> in, List<RelabelConfig> rules, Map<String, String> expected) {
        assertEquals(expected, Relabeler.process(in, rules));
    }

    @org.junit.jupiter.api.Test
    void atLeastEightyCases() {
        assertTrue(cases().count() >= 80, "cases: " + cases().count());
    }

    @org.junit.jupiter.api.Test
    void validationFollowsPrometheus() {
        assertThrows(IllegalArgumentException.class, () -> r(Action.REPLACE, "a", null, null, null), "replace needs target_label");
        assertThrows(IllegalArgumentException.class, () -> hashmod("a", "h", 0), "hashmod needs a modulus");
        assertThrows(IllegalArgumentException.class, () -> r(Action.KEEP, "a", null, "(a)\\1", null), "backreference");
        assertThrows(IllegalArgumentException.class, () -> r(Action.KEEP, "a", null, "a(?=b)", null), "lookahead");
        assertThrows(IllegalArgumentException.class, () -> r(Action.KEEP, "a", null, "(?<!b)a", null), "lookbehind");
        assertThrows(IllegalArgumentException.class, () -> r(Action.KEEP, "a", null, "a++", null), "possessive");
        assertThrows(IllegalArgumentException.class, () -> r(Action.KEEP, "a", null, "(?>a)", null), "atomic group");
        assertThrows(IllegalArgumentException.class, () -> r(Action.KEEP, "a", null, "a\\Z", null), "\\Z is not RE2");
        assertThrows(IllegalArgumentException.class, () -> r(Action.KEEP, "a", null, "(", null), "syntax");
        assertThrows(IllegalArgumentException.class, () -> r(Action.LABELDROP, "a", null, "x", null), "labeldrop takes only a regex");
        assertThrows(IllegalArgumentException.class, () -> r(Action.KEEPEQUAL, "a", "b", "x", null), "keepequal takes no regex");
        assertThrows(IllegalArgumentException.class, () -> r(Action.LOWERCASE, "a", "1bad", null, null), "invalid target");
        assertThrows(IllegalArgumentException.class, () -> Action.parse("teleport"));
        assertEquals(Action.LABELMAP, Action.parse("LabelMap"));
    }

    @org.junit.jupiter.api.Test
    void hashmodIsMd5Bytes8To15BigEndian() throws Exception {
        byte[] md5 = java.security.MessageDigest.getInstance("MD5").digest("foo".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        long expected = java.nio.ByteBuffer.wrap(md5, 8, 8).getLong();
        assertEquals(expected, Relabeler.sum64("foo"));
    }
}
