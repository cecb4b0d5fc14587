package io.openagent.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Kubernetes label and field selector semantics, string form and matchLabels/matchExpressions. */
class LabelSelectorTest {
    private static final Map<String, String> POD = Map.of("app", "nginx-exporter", "tier", "web", "release", "stable",
            "app.kubernetes.io/name", "x");

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''|true",
            "app=nginx-exporter|true",
            "app==nginx-exporter|true",
            "app=other|false",
            "app!=other|true",
            "app!=nginx-exporter|false",
            "missing!=x|true",
            "tier in (web,api)|true",
            "tier in (api)|false",
            "tier notin (api, db)|true",
            "tier notin (web)|false",
            "missing notin (web)|true",
            "missing in (web)|false",
            "release|true",
            "missing|false",
            "!missing|true",
            "!release|false",
            "app=nginx-exporter,tier=web|true",
            "app=nginx-exporter,tier=api|false",
            "app=nginx-exporter, tier in (web,db), !canary|true",
            "app.kubernetes.io/name=x|true",
            "app.kubernetes.io/name in (y,z)|false",
    })
    void stringForm(String selector, boolean matches) {
        assertEquals(matches, LabelSelector.parse(selector).matches(POD), selector);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {"app=,|", "tier in web|", "tier in (a b)|", "=x|", "a=b=c|", "-bad=1|", "tier between (a)|"})
    void invalidStringsAreRefused(String selector) {
        assertThrows(IllegalArgumentException.class, () -> LabelSelector.parse(selector));
    }

    @Test
    void matchLabelsAndExpressionsAllMustHold() {
        LabelSelector s = LabelSelector.of(Map.of("app", "nginx-exporter"), List.of(LabelSelector.expression("tier", "In", List.of("web", "api")),
                LabelSelector.expression("canary", "DoesNotExist", List.of()), LabelSelector.expression("release", "Exists", List.of()),
                LabelSelector.expression("track", "NotIn", List.of("beta"))));
        assertTrue(s.matches(POD));
        assertEquals(false, s.matches(Map.of("app", "nginx-exporter", "tier", "web")), "release must exist");
        assertEquals(false, LabelSelector.of(Map.of(), List.of(LabelSelector.expression("x", "In", List.of("1")))).matches(null));
        assertTrue(LabelSelector.of(Map.of(), List.of()).matches(Map.of()), "an empty selector selects everything");
        assertThrows(IllegalArgumentException.class, () -> LabelSelector.expression("x", "In", List.of()));
        assertThrows(IllegalArgumentException.class, () -> LabelSelector.expression("x", "Exists", List.of("a")));
        assertThrows(IllegalArgumentException.class, () -> LabelSelector.expression("x", "Equals", List.of("a")));
    }

    @Test
    void fieldSelectors() {
        Map<String, String> fields = Map.of("spec.nodeName", "worker1", "status.phase", "Running", "metadata.name", "p");
        assertTrue(FieldSelector.parse("spec.nodeName=worker1", "pod").matches(fields::get));
        assertTrue(FieldSelector.parse("spec.nodeName==worker1,status.phase!=Failed", "pod").matches(fields::get));
        assertEquals(false, FieldSelector.parse("spec.nodeName=worker2", "pod").matches(fields::get));
        assertEquals(false, FieldSelector.parse("metadata.name!=p", "pod").matches(fields::get));
        assertThrows(IllegalArgumentException.class, () -> FieldSelector.parse("spec.nodeName=worker1", "service"),
                "services cannot be selected by node");
        assertThrows(IllegalArgumentException.class, () -> FieldSelector.parse("nonsense", "pod"));
    }
}
