package cruddur;

import com.fasterxml.jackson.databind.JsonNode;
import cruddur.services.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;

import static cruddur.HttpTestClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every route of the API over HTTP, against the app started in-process on a free port. */
class AppTest {

    static final String HOME_UUID = "68f126b0-1ceb-4a33-88be-d90fa7109eee";
    static final String ISO = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}\\+00:00";

    static App app;
    static HttpTestClient http;

    @BeforeAll
    static void start() {
        app = App.start(0, List.of());
        assertTrue(app.port() > 0);
        http = new HttpTestClient(app.port());
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.get(field).asText()));
        return values;
    }

    static List<String> errors(JsonNode array) {
        assertTrue(array.isArray(), () -> "not a bare array: " + array);
        List<String> codes = new ArrayList<>();
        array.forEach(node -> codes.add(node.asText()));
        return codes;
    }

    static OffsetDateTime time(JsonNode node) {
        assertTrue(node.asText().matches(ISO), () -> "not ISO-8601 with offset: " + node);
        return OffsetDateTime.parse(node.asText());
    }

    static void assertAbout(Duration offsetFromNow, JsonNode timestamp) {
        Duration off = Duration.between(OffsetDateTime.now(ZoneOffset.UTC).plus(offsetFromNow), time(timestamp));
        assertTrue(off.abs().compareTo(Duration.ofSeconds(10)) < 0, () -> timestamp + " is not now" + offsetFromNow);
    }

    // ---- the routes -----------------------------------------------------------------------------------------

    @Test
    void healthCheck() {
        HttpResponse<String> r = http.get("/api/health-check");
        assertEquals("{\"success\":true}", json(r, 200).toString());
    }

    @Test
    void homeActivities() {
        try (LogCapture log = new LogCapture("cruddur.services.HomeActivities")) {
            JsonNode home = json(http.get("/api/activities/home"), 200);
            assertEquals(List.of(HOME_UUID, "66e12864-8c26-4c3a-9658-95a10f8fea67",
                    "248959df-3079-4947-b847-9e0892d1bab4"), texts(home, "uuid"));
            assertEquals(List.of("Andrew Brown", "Worf", "Garek"), texts(home, "handle"));
            assertEquals(List.of("Cloud is very fun!", "I am out of prune juice",
                    "My dear doctor, I am just simple tailor"), texts(home, "message"));
            JsonNode first = home.get(0);
            assertEquals(5, first.get("likes_count").asInt());
            assertEquals(1, first.get("replies_count").asInt());
            assertEquals(0, first.get("reposts_count").asInt());
            assertAbout(Duration.ofDays(-2), first.get("created_at"));
            assertAbout(Duration.ofDays(5), first.get("expires_at"));
            JsonNode reply = first.get("replies").get(0);
            assertEquals("26e12864-1c26-5c3a-9658-97a10f8fea67", reply.get("uuid").asText());
            assertEquals(HOME_UUID, reply.get("reply_to_activity_uuid").asText());
            assertEquals("Worf", reply.get("handle").asText());
            assertEquals("This post has no honor!", reply.get("message").asText());
            assertAbout(Duration.ofDays(-7), home.get(1).get("created_at"));
            assertAbout(Duration.ofHours(12), home.get(2).get("expires_at"));
            assertEquals(0, home.get(2).get("replies").size());
            assertTrue(log.contains(Level.INFO, "HomeActivities"), () -> "log records: " + log.records());
        }
    }

    @Test
    void notificationsAnswerAsynchronouslyAfterTheDownstreamDelay() {
        long start = System.nanoTime();
        HttpResponse<String> r = http.get("/api/activities/notifications");
        long elapsedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        JsonNode notifications = json(r, 200);
        assertEquals(1, notifications.size());
        assertEquals(HOME_UUID, notifications.get(0).get("uuid").asText());
        assertEquals("coco", notifications.get(0).get("handle").asText());
        assertEquals("I am white unicorn", notifications.get(0).get("message").asText());
        assertEquals("worf", notifications.get(0).get("replies").get(0).get("handle").asText());
        assertTrue(elapsedMs >= 25, () -> "answered in " + elapsedMs + " ms, before the simulated downstream call");
    }

    @Test
    void asyncRoutesUnderConcurrentLoad() {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String path = i % 2 == 0 ? "/api/activities/notifications" : "/api/message_groups";
            calls.add(CompletableFuture.supplyAsync(() -> http.get(path)));
        }
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> r = call.join();
            assertFalse(json(r, 200).isEmpty(), () -> HttpTestClient.describe(r));
        }
    }

    @Test
    void userActivities() {
        JsonNode activities = json(http.get("/api/activities/@andrewbrown"), 200);
        assertEquals(1, activities.size());
        JsonNode a = activities.get(0);
        assertEquals("248959df-3079-4947-b847-9e0892d1bab4", a.get("uuid").asText());
        assertEquals("Andrew Brown", a.get("handle").asText());
        assertEquals("Cloud is fun!", a.get("message").asText());
        assertAbout(Duration.ofDays(-1), a.get("created_at"));
        assertAbout(Duration.ofDays(31), a.get("expires_at"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/activities/@", "/api/activities/@%20"})
    void userActivitiesWithABlankHandle(String path) {
        assertEquals(List.of("blank_user_handle"), errors(json(http.get(path), 422)));
    }

    @Test
    void search() {
        JsonNode results = json(http.get("/api/activities/search?term=cloud"), 200);
        assertEquals(1, results.size());
        assertEquals("248959df-3079-4947-b847-9e0892d1bab4", results.get(0).get("uuid").asText());
        assertAbout(Duration.ZERO, results.get(0).get("created_at"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/activities/search", "/api/activities/search?term=", "/api/activities/search?term=%20"})
    void searchWithoutATerm(String target) {
        assertEquals(List.of("search_term_blank"), errors(json(http.get(target), 422)));
    }

    @Test
    void createActivity() {
        JsonNode created = json(http.post("/api/activities", "{\"message\":\"Hello Cruddur\",\"ttl\":\"7-days\"}"), 200);
        UUID.fromString(created.get("uuid").asText());
        assertEquals("Andrew Brown", created.get("display_name").asText());
        assertEquals("andrewbrown", created.get("handle").asText());
        assertEquals("Hello Cruddur", created.get("message").asText());
        assertAbout(Duration.ZERO, created.get("created_at"));
        assertEquals(Duration.ofDays(7), Duration.between(time(created.get("created_at")), time(created.get("expires_at"))));
        JsonNode again = json(http.post("/api/activities", "{\"message\":\"Hello Cruddur\",\"ttl\":\"7-days\"}"), 200);
        assertNotEquals(created.get("uuid"), again.get("uuid"), "a new uuid every time");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"message\":\"Hi\",\"ttl\":\"2-days\"}                        | ttl_blank",
        "{\"message\":\"Hi\",\"ttl\":\"\"}                              | ttl_blank",
        "{\"message\":\"Hi\",\"ttl\":null}                              | ttl_blank",
        "{\"message\":\"\",\"ttl\":\"1-day\"}                           | message_blank",
        "{\"message\":null,\"ttl\":\"1-day\"}                           | message_blank",
        "{\"message\":\"   \",\"ttl\":\"1-day\"}                        | message_blank",
        // the last failing check wins: message is checked after ttl
        "{\"message\":\"\",\"ttl\":\"2-days\"}                          | message_blank",
    })
    void createActivityValidation(String body, String code) {
        assertEquals(List.of(code), errors(json(http.post("/api/activities", body), 422)));
    }

    @Test
    void createActivityMessageLength() {
        String ok = "{\"message\":\"" + "x".repeat(280) + "\",\"ttl\":\"1-hour\"}";
        assertEquals(280, json(http.post("/api/activities", ok), 200).get("message").asText().length());
        String tooLong = "{\"message\":\"" + "x".repeat(281) + "\",\"ttl\":\"1-hour\"}";
        assertEquals(List.of("message_exceed_max_chars"), errors(json(http.post("/api/activities", tooLong), 422)));
        String tooLongAndBadTtl = "{\"message\":\"" + "x".repeat(281) + "\",\"ttl\":\"forever\"}";
        assertEquals(List.of("message_exceed_max_chars"),
                errors(json(http.post("/api/activities", tooLongAndBadTtl), 422)), "the last failing check wins");
    }

    @ParameterizedTest
    @ValueSource(strings = {"this is not json", "", "[]", "\"text\"", "null", "{\"message\":\"Hi\"}",
        "{\"ttl\":\"1-day\"}", "{\"message\":5,\"ttl\":\"1-day\"}", "{\"message\":\"Hi\",\"ttl\":\"1-day\"} trailing",
        "{\"message\":\"Hi\",\"ttl\":\"1-day\""})
    void createActivityWithABadBody(String body) {
        assertEquals("{\"error\":\"bad_request\"}", json(http.post("/api/activities", body), 400).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {HOME_UUID, "66e12864-8c26-4c3a-9658-95a10f8fea67", "248959df-3079-4947-b847-9e0892d1bab4"})
    void showActivity(String uuid) {
        JsonNode activity = json(http.get("/api/activities/" + uuid), 200);
        assertTrue(activity.isObject());
        assertEquals(uuid, activity.get("uuid").asText());
        assertTrue(activity.get("replies").isArray());
    }

    @Test
    void showActivityWithItsReplies() {
        JsonNode activity = json(http.get("/api/activities/" + HOME_UUID), 200);
        assertEquals("Cloud is very fun!", activity.get("message").asText());
        assertEquals("26e12864-1c26-5c3a-9658-97a10f8fea67", activity.get("replies").get(0).get("uuid").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"00000000-1111-4222-8333-444444444444", "not-a-uuid"})
    void showUnknownActivity(String uuid) {
        assertEquals("{\"error\":\"not_found\"}", json(http.get("/api/activities/" + uuid), 404).toString());
    }

    @Test
    void createReply() {
        JsonNode reply = json(http.post("/api/activities/" + HOME_UUID + "/reply", "{\"message\":\"Agreed\"}"), 200);
        UUID.fromString(reply.get("uuid").asText());
        assertEquals("Andrew Brown", reply.get("display_name").asText());
        assertEquals("andrewbrown", reply.get("handle").asText());
        assertEquals("Agreed", reply.get("message").asText());
        assertEquals(HOME_UUID, reply.get("reply_to_activity_uuid").asText());
        assertAbout(Duration.ZERO, reply.get("created_at"));
    }

    @Test
    void createReplyValidation() {
        String path = "/api/activities/" + HOME_UUID + "/reply";
        assertEquals(List.of("message_blank"), errors(json(http.post(path, "{\"message\":\"\"}"), 422)));
        assertEquals(List.of("message_exceed_max_chars"),
                errors(json(http.post(path, "{\"message\":\"" + "y".repeat(1025) + "\"}"), 422)));
        assertEquals(200, http.post(path, "{\"message\":\"" + "y".repeat(1024) + "\"}").statusCode());
        assertEquals("{\"error\":\"bad_request\"}", json(http.post(path, "{}"), 400).toString());
        assertEquals("{\"error\":\"bad_request\"}", json(http.post(path, "nope"), 400).toString());
    }

    @Test
    void messageGroupsByAnAsyncDispatch() {
        JsonNode groups = json(http.get("/api/message_groups"), 200);
        assertEquals(List.of("24b95582-9e7b-4e0a-9ad1-639773ab7552", "417c360e-c4e6-4fce-873b-d2d71469b4ac"),
                texts(groups, "uuid"));
        assertEquals(List.of("Andrew Brown", "Worf"), texts(groups, "display_name"));
        assertEquals(List.of("andrewbrown", "worf"), texts(groups, "handle"));
        assertAbout(Duration.ZERO, groups.get(0).get("created_at"));
    }

    @Test
    void messages() {
        JsonNode messages = json(http.get("/api/messages/@worf"), 200);
        assertEquals(List.of("4e81c06a-db0f-4281-b4cc-98208537772a", "66e12864-8c26-4c3a-9658-95a10f8fea67"),
                texts(messages, "uuid"));
        assertEquals(List.of("Cloud is fun!", "This platform is great!"), texts(messages, "message"));
        assertEquals(List.of("andrewbrown", "andrewbrown"), texts(messages, "handle"));
    }

    @Test
    void createMessage() {
        JsonNode message = json(http.post("/api/messages", "{\"message\":\"Hello Worf\",\"user_receiver_handle\":\"worf\"}"), 200);
        UUID.fromString(message.get("uuid").asText());
        assertEquals("Andrew Brown", message.get("display_name").asText());
        assertEquals("andrewbrown", message.get("handle").asText());
        assertEquals("Hello Worf", message.get("message").asText());
        assertAbout(Duration.ZERO, message.get("created_at"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"message\":\"Hi\",\"user_receiver_handle\":\"\"}     | user_reciever_handle_blank",
        "{\"message\":\"Hi\",\"user_receiver_handle\":null}     | user_reciever_handle_blank",
        "{\"message\":\"\",\"user_receiver_handle\":\"worf\"}   | message_blank",
        "{\"message\":\"\",\"user_receiver_handle\":\"\"}       | message_blank",
    })
    void createMessageValidation(String body, String code) {
        assertEquals(List.of(code), errors(json(http.post("/api/messages", body), 422)));
    }

    @Test
    void createMessageTooLongAndBadBodies() {
        String tooLong = "{\"message\":\"" + "z".repeat(1025) + "\",\"user_receiver_handle\":\"worf\"}";
        assertEquals(List.of("message_exceed_max_chars"), errors(json(http.post("/api/messages", tooLong), 422)));
        assertEquals("{\"error\":\"bad_request\"}", json(http.post("/api/messages", "{\"message\":\"Hi\"}"), 400).toString());
        assertEquals("{\"error\":\"bad_request\"}", json(http.post("/api/messages", "<xml/>"), 400).toString());
    }

    @Test
    void rollbarTestLogsAWarningAndAnswersPlainText() {
        try (LogCapture log = new LogCapture("cruddur.web.RollbarTestServlet")) {
            HttpResponse<String> r = http.get("/api/rollbar/test");
            assertEquals(200, r.statusCode());
            assertEquals("Hello World!", r.body());
            String contentType = r.headers().firstValue("Content-Type").orElse("");
            assertTrue(contentType.startsWith("text/plain"), contentType);
            assertTrue(log.contains(Level.WARNING, "Hello World!"), () -> "log records: " + log.records());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"*/*", "text/html", "application/json", "text/plain"})
    void debugErrorIsASmallJson500(String accept) {
        HttpResponse<String> r = http.send("GET", "/api/debug/error", null, Map.of("Accept", accept));
        assertEquals("{\"error\":\"internal_server_error\"}", json(r, 500).toString());
        assertFalse(r.body().contains("IllegalStateException"), "no exception details leak out");
    }

    // ---- 404, 405, HEAD, CORS -------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"/", "/no-such-page", "/api", "/api/", "/api/unknown", "/api/activities/",
        "/api/activities/home/extra", "/api/activities/" + HOME_UUID + "/replies", "/api/activities/a/b/c",
        "/api/messages/", "/api/messages/worf", "/api/messages/@worf/more", "/api/health-check/"})
    void unknownPathsAre404Json(String path) {
        assertEquals("{\"error\":\"not_found\"}", json(http.get(path), 404).toString());
        assertEquals(404, http.post(path, "{}").statusCode());
    }

    @ParameterizedTest
    @CsvSource({
        "POST, /api/health-check, 'GET, HEAD'",
        "DELETE, /api/activities/home, 'GET, HEAD'",
        "POST, /api/activities/notifications, 'GET, HEAD'",
        "PUT, /api/activities/search, 'GET, HEAD'",
        "GET, /api/activities, POST",
        "PATCH, /api/activities, POST",
        "POST, /api/activities/@andrewbrown, 'GET, HEAD'",
        "POST, /api/activities/" + HOME_UUID + ", 'GET, HEAD'",
        "GET, /api/activities/" + HOME_UUID + "/reply, POST",
        "POST, /api/message_groups, 'GET, HEAD'",
        "DELETE, /api/messages/@worf, 'GET, HEAD'",
        "GET, /api/messages, POST",
        "POST, /api/rollbar/test, 'GET, HEAD'",
        "POST, /api/debug/error, 'GET, HEAD'",
    })
    void wrongMethodsAre405Json(String method, String path, String allow) {
        HttpResponse<String> r = http.send(method, path, method.equals("GET") ? null : "{}", Map.of());
        assertEquals("{\"error\":\"method_not_allowed\"}", json(r, 405).toString());
        assertEquals(allow, r.headers().firstValue("Allow").orElse(null));
    }

    @Test
    void headAnswersWithoutABody() {
        HttpResponse<String> r = http.send("HEAD", "/api/activities/home", null, Map.of());
        assertEquals(200, r.statusCode());
        assertEquals("", r.body());
        HttpTestClient.assertJsonContentType(r);
    }

    @Test
    void corsAllowsAnyOriginByDefault() {
        HttpResponse<String> r = http.send("GET", "/api/health-check", null, Map.of("Origin", "http://localhost:3000"));
        assertEquals(200, r.statusCode());
        assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertEquals("location, link", r.headers().firstValue("Access-Control-Expose-Headers").orElse(null));
        assertEquals("Content-Type, Authorization, traceparent, tracestate",
                r.headers().firstValue("Access-Control-Allow-Headers").orElse(null));
    }

    @Test
    void corsPreflightIs204() {
        HttpResponse<String> r = http.send("OPTIONS", "/api/activities", null, Map.of(
                "Origin", "http://localhost:3000",
                "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "content-type, traceparent"));
        assertEquals(204, r.statusCode());
        assertEquals("", r.body());
        assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        String allowHeaders = r.headers().firstValue("Access-Control-Allow-Headers").orElse("");
        assertTrue(allowHeaders.contains("traceparent") && allowHeaders.contains("tracestate"), allowHeaders);
        assertTrue(r.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
    }

    @Test
    void responsesAreTheSameApartFromTimestampsAndUuids() {
        for (String path : List.of("/api/activities/home", "/api/activities/notifications", "/api/message_groups",
                "/api/messages/@worf", "/api/activities/@andrewbrown", "/api/activities/search?term=x")) {
            String a = http.get(path).body().replaceAll(ISO, "<TS>");
            String b = http.get(path).body().replaceAll(ISO, "<TS>");
            assertEquals(a, b, path);
            assertFalse(a.contains("+00:00"), () -> "timestamps not normalised in " + a);
        }
    }
}
