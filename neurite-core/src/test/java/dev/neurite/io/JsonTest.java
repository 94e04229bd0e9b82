package dev.neurite.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void roundTrip() {
        Map<String, Object> value = Map.of("a", List.of(1.5, "x\"y\n", true), "b", Map.of("c", 0.1f));
        Object back = Json.parse(Json.write(value), "t");
        assertEquals(List.of(1.5, "x\"y\n", true), ((Map<?, ?>) back).get("a"));
        // A float is written as its shortest decimal, which reads back to the same float.
        double c = (Double) ((Map<?, ?>) ((Map<?, ?>) back).get("b")).get("c");
        assertEquals(0.1f, (float) c);
        assertEquals("\u00e9\t", Json.parse("\"\\u00e9\\t\"", "t"));
    }

    @Test
    void malformedJsonIsNamed() {
        for (String bad : new String[] {"{", "{\"a\":}", "[1,]", "{\"a\":1}x", "01", "\"abc", "{\"a\":1,\"a\":2}", "nul"}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> Json.parse(bad, "doc"), bad);
            assertTrue(e.getMessage().startsWith("doc: invalid JSON at character"), e.getMessage());
        }
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertTrue(assertThrows(InvalidInputException.class, () -> Json.parse(deep, "doc")).getMessage().contains("nested more than 64"));
    }
}
