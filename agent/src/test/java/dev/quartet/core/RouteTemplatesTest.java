package dev.quartet.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTemplatesTest {

    private static RouteTemplates routes(String... templates) {
        return new RouteTemplates(Arrays.asList(templates));
    }

    @Test
    void noTemplatesMatchNothing() {
        RouteTemplates none = new RouteTemplates(Collections.emptyList());
        assertTrue(none.isEmpty());
        assertNull(none.match("/"));
        assertNull(none.match("/api/x"));
    }

    @Test
    void literalTemplateMatchesOnlyItself() {
        RouteTemplates r = routes("/api/health");
        assertFalse(r.isEmpty());
        assertEquals("/api/health", r.match("/api/health"));
        assertNull(r.match("/api/healthz"));
        assertNull(r.match("/api/Health"));
        assertNull(r.match("/api"));
        assertNull(r.match("/api/health/more"));
    }

    @Test
    void placeholderMatchesOneNonEmptySegment() {
        RouteTemplates r = routes("/users/{id}");
        assertEquals("/users/{id}", r.match("/users/42"));
        assertEquals("/users/{id}", r.match("/users/some-long-name.with.dots"));
        assertEquals("/users/{id}", r.match("/users/%2F"));
        assertNull(r.match("/users/"), "an empty segment is not an id");
        assertNull(r.match("/users"));
        assertNull(r.match("/users/42/posts"), "a placeholder never spans segments");
        assertNull(r.match("/people/42"));
    }

    @Test
    void placeholderWithLiteralPrefixAndSuffix() {
        RouteTemplates r = routes("/api/activities/@{handle}");
        assertEquals("/api/activities/@{handle}", r.match("/api/activities/@worf"));
        assertEquals("/api/activities/@{handle}", r.match("/api/activities/@w"));
        assertNull(r.match("/api/activities/@"), "the placeholder needs at least one character");
        assertNull(r.match("/api/activities/worf"), "the literal prefix is required");
        assertNull(r.match("/api/activities/w@orf"));

        RouteTemplates s = routes("/files/{name}.json");
        assertEquals("/files/{name}.json", s.match("/files/a.json"));
        assertEquals("/files/{name}.json", s.match("/files/a.b.json"));
        assertNull(s.match("/files/.json"));
        assertNull(s.match("/files/a.xml"));

        RouteTemplates both = routes("/v/x{id}x");
        assertEquals("/v/x{id}x", both.match("/v/xyx"));
        assertNull(both.match("/v/xx"), "prefix and suffix may not share a character");
        assertNull(both.match("/v/x"));
    }

    @Test
    void placeholdersInSeveralSegments() {
        RouteTemplates r = routes("/api/activities/{uuid}/reply", "/api/{a}/{b}/{c}");
        assertEquals("/api/activities/{uuid}/reply", r.match("/api/activities/1f0e/reply"));
        assertEquals("/api/{a}/{b}/{c}", r.match("/api/activities/1f0e/like"));
        assertEquals("/api/{a}/{b}/{c}", r.match("/api/x/y/z"));
        assertNull(r.match("/api/x/y"));
        assertNull(r.match("/api/x//z"), "an empty middle segment is not a value");
    }

    @Test
    void firstMatchingTemplateWins() {
        RouteTemplates r = routes("/users/{id}", "/users/me", "/users/@{handle}");
        assertEquals("/users/{id}", r.match("/users/me"));
        assertEquals("/users/{id}", r.match("/users/@worf"));

        RouteTemplates specificFirst = routes("/users/me", "/users/@{handle}", "/users/{id}");
        assertEquals("/users/me", specificFirst.match("/users/me"));
        assertEquals("/users/@{handle}", specificFirst.match("/users/@worf"));
        assertEquals("/users/{id}", specificFirst.match("/users/42"));
    }

    @Test
    void segmentCountsMustMatch() {
        RouteTemplates r = routes("/{a}", "/{a}/{b}");
        assertEquals("/{a}", r.match("/x"));
        assertEquals("/{a}/{b}", r.match("/x/y"));
        assertNull(r.match("/x/y/z"));
    }

    @Test
    void trailingSlashIsAnEmptyLastSegment() {
        RouteTemplates withoutSlash = routes("/users/{id}");
        assertNull(withoutSlash.match("/users/42/"), "/users/42/ has three segments, the template two");

        RouteTemplates withSlash = routes("/users/{id}/");
        assertEquals("/users/{id}/", withSlash.match("/users/42/"));
        assertNull(withSlash.match("/users/42"));

        RouteTemplates root = routes("/");
        assertEquals("/", root.match("/"));
        assertNull(root.match("/x"));
    }

    @Test
    void templatesNotStartingWithSlashAreIgnored() {
        RouteTemplates r = routes("users/{id}", "{id}", "", "/users/{id}");
        assertEquals("/users/{id}", r.match("/users/42"));
        assertNull(routes("users/{id}").match("users/42"));
        assertNull(routes("users/{id}").match("/users/42"));

        RouteTemplates onlyBad = routes("users/{id}", "");
        assertTrue(onlyBad.isEmpty());
        assertNull(onlyBad.match("/users/42"));
    }

    @Test
    void nullPathMatchesNothing() {
        assertNull(routes("/users/{id}").match(null));
        assertNull(routes("/").match(null));
    }

    @Test
    void templateTextIsReturnedUnchanged() {
        RouteTemplates r = routes("/api/activities/@{handle}");
        String matched = r.match("/api/activities/@worf");
        assertEquals("/api/activities/@{handle}", matched);
    }

    @Test
    void aBadTemplateIsReportedInOneLineAndLeftOut() {
        List<String> seen = new java.util.ArrayList<>();
        RouteTemplates t = new RouteTemplates(Arrays.asList("/api/{unclosed", "/api/users/{id}", "api/x", "/a/{}",
                "/a/}b{", "/a/{x}{y}"), seen::add);
        assertEquals(5, seen.size(), seen::toString);
        assertTrue(seen.get(0).startsWith("quartet.http.routes: template \"/api/{unclosed\" has a { that is not closed"),
                seen.get(0));
        assertTrue(seen.get(0).endsWith("that template is ignored"), seen.get(0));
        assertEquals("/api/users/{id}", t.match("/api/users/42"));
        assertNull(t.match("/api/anything"));
    }
}
