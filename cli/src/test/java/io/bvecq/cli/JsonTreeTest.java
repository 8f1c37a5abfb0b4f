package io.bvecq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTreeTest {
    @Test
    void parsesNestedValuesAndEscapes() {
        Object v = JsonTree.parse(" {\"a\": [1, -2.5e3, true, false, null], \"s\": \"x\\\"y\\\\z\\n\\u00e9\", \"e\": {}, \"l\": []} ");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", Arrays.asList(1.0, -2500.0, true, false, null));
        expected.put("s", "x\"y\\z\né");
        expected.put("e", Map.of());
        expected.put("l", List.of());
        assertEquals(expected, v);
    }

    @Test
    void writtenJsonParsesBackToTheSameValue() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "tab\there \"quoted\" \u0001");
        m.put("n", 12.0);
        m.put("x", 0.125);
        m.put("list", List.of(Map.of("k", true), List.of()));
        StringBuilder b = new StringBuilder();
        JsonTree.write(m, b, "");
        assertEquals(m, JsonTree.parse(b.toString()));
        assertTrue(b.toString().contains("\"n\": 12,"), b.toString());
    }

    @Test
    void malformedTextIsRejectedWithItsOffset() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonTree.parse("[1, 2"));
        assertTrue(e.getMessage().contains("offset 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JsonTree.parse("{\"a\" 1}"));
        assertThrows(IllegalArgumentException.class, () -> JsonTree.parse("[1] x"));
        assertThrows(IllegalArgumentException.class, () -> JsonTree.parse("tru"));
        assertThrows(IllegalArgumentException.class, () -> JsonTree.write(Double.NaN, new StringBuilder(), ""));
    }
}
