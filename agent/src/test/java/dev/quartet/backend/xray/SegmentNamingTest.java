package dev.quartet.backend.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SegmentNamingTest {

    @Test
    void tracingNameThenServiceNameThenDetectedThenLastResort() {
        assertEquals("a", SegmentNaming.fixedName("a", "b", "c"));
        assertEquals("b", SegmentNaming.fixedName(null, "b", "c"));
        assertEquals("c", SegmentNaming.fixedName(" ", null, "c"));
        assertEquals(SegmentNaming.LAST_RESORT_NAME, SegmentNaming.fixedName(null, null, null));
    }

    @Test
    void namesAreMadeValidForXray() {
        assertEquals("backend-flask", SegmentNaming.valid("backend-flask"));
        assertEquals("a_b_c", SegmentNaming.valid("a<b>c"));
        assertEquals("api.example.com:4567 @ /x%20=+&#\\", SegmentNaming.valid("api.example.com:4567 @ /x%20=+&#\\"));
        assertEquals("ünïcödé 服务", SegmentNaming.valid("ünïcödé 服务"));
        assertEquals(200, SegmentNaming.valid("x".repeat(500)).length());
        assertNull(SegmentNaming.valid("   "));
        // a letter outside the BMP is kept, and never cut in half at the limit; an emoji is not a letter
        assertEquals("y𝒜", SegmentNaming.valid("y𝒜"));
        assertEquals("y".repeat(199), SegmentNaming.valid("y".repeat(199) + "𝒜"));
        assertEquals("y_", SegmentNaming.valid("y😀"));
    }

    @Test
    void dynamicNamingMatchesTheHostCaseInsensitivelyWithWildcards() {
        SegmentNaming naming = new SegmentNaming("backend-flask", "*.Cruddur.com");
        assertEquals("api.cruddur.com", naming.nameFor("api.cruddur.com"));
        assertEquals("backend-flask", naming.nameFor("api.cruddur.org"));
        assertEquals("backend-flask", naming.nameFor(null));
        assertEquals("a_b.cruddur.com", naming.nameFor("a<b.cruddur.com"));
        SegmentNaming single = new SegmentNaming("svc", "host-?");
        assertEquals("host-1", single.nameFor("host-1"));
        assertEquals("svc", single.nameFor("host-12"));
        assertEquals("svc", new SegmentNaming("svc", null).nameFor("anything"));
    }
}
