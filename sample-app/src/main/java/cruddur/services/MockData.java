package cruddur.services;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the ordered maps the services return (the Python dicts, in the same key order). */
final class MockData {

    private MockData() {
    }

    static Map<String, Object> map(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** Null, empty or only whitespace (the original checked {@code x == None or len(x) < 1}). */
    static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** Python's {@code len(x)}: counts code points, not UTF-16 units. */
    static int length(String value) {
        return value.codePointCount(0, value.length());
    }
}
