package cruddur.services;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServicesTest {

    static final String ISO = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}\\+00:00";

    static OffsetDateTime time(Object value) {
        String text = (String) value;
        assertTrue(text.matches(ISO), () -> "not an ISO-8601 timestamp with offset: " + text);
        return OffsetDateTime.parse(text);
    }

    /** {@code value} is {@code offset} from now, give or take a few seconds. */
    static void assertRelativeToNow(Duration offset, Object value) {
        OffsetDateTime expected = OffsetDateTime.now(ZoneOffset.UTC).plus(offset);
        Duration off = Duration.between(expected, time(value)).abs();
        assertTrue(off.compareTo(Duration.ofSeconds(10)) < 0, () -> value + " is not now" + offset);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> replies(Map<String, Object> activity) {
        return (List<Map<String, Object>>) activity.get("replies");
    }

    // ---- HomeActivities -------------------------------------------------------------------------------------

    @Test
    void homeActivitiesAreTheThreeMockActivities() {
        List<Map<String, Object>> home = HomeActivities.run();
        assertEquals(List.of("68f126b0-1ceb-4a33-88be-d90fa7109eee", "66e12864-8c26-4c3a-9658-95a10f8fea67",
                "248959df-3079-4947-b847-9e0892d1bab4"), home.stream().map(a -> a.get("uuid")).toList());
        assertEquals(List.of("Andrew Brown", "Worf", "Garek"), home.stream().map(a -> a.get("handle")).toList());
        assertEquals(List.of("Cloud is very fun!", "I am out of prune juice",
                "My dear doctor, I am just simple tailor"), home.stream().map(a -> a.get("message")).toList());

        Map<String, Object> first = home.get(0);
        assertEquals(5, first.get("likes_count"));
        assertEquals(1, first.get("replies_count"));
        assertEquals(0, first.get("reposts_count"));
        assertRelativeToNow(Duration.ofDays(-2), first.get("created_at"));
        assertRelativeToNow(Duration.ofDays(5), first.get("expires_at"));
        List<Map<String, Object>> replies = replies(first);
        assertEquals(1, replies.size());
        Map<String, Object> reply = replies.get(0);
        assertEquals("26e12864-1c26-5c3a-9658-97a10f8fea67", reply.get("uuid"));
        assertEquals(first.get("uuid"), reply.get("reply_to_activity_uuid"));
        assertEquals("Worf", reply.get("handle"));
        assertEquals("This post has no honor!", reply.get("message"));
        assertEquals(0, reply.get("likes_count"));
        assertEquals(0, reply.get("replies_count"));
        assertEquals(0, reply.get("reposts_count"));
        assertRelativeToNow(Duration.ofDays(-2), reply.get("created_at"));

        Map<String, Object> worf = home.get(1);
        assertRelativeToNow(Duration.ofDays(-7), worf.get("created_at"));
        assertRelativeToNow(Duration.ofDays(9), worf.get("expires_at"));
        assertEquals(0, worf.get("likes"));
        assertEquals(List.of(), worf.get("replies"));

        Map<String, Object> garek = home.get(2);
        assertRelativeToNow(Duration.ofHours(-1), garek.get("created_at"));
        assertRelativeToNow(Duration.ofHours(12), garek.get("expires_at"));
        assertEquals(0, garek.get("likes"));
        assertEquals(List.of(), garek.get("replies"));
    }

    @Test
    void homeActivitiesLogsHomeActivitiesAtInfo() {
        try (LogCapture log = new LogCapture("cruddur.services.HomeActivities")) {
            HomeActivities.run();
            assertTrue(log.contains(Level.INFO, "HomeActivities"), () -> "records: " + log.records());
            assertEquals(1, log.records().size());
        }
    }

    @Test
    void timestampsAreIsoWithOffsetAndMicroseconds() {
        OffsetDateTime t = OffsetDateTime.of(2023, 3, 1, 12, 34, 56, 123_456_000, ZoneOffset.UTC);
        assertEquals("2023-03-01T12:34:56.123456+00:00", Timestamps.iso(t));
        assertEquals("2023-03-01T12:34:56.000000+00:00", Timestamps.iso(t.withNano(0)));
        assertEquals(ZoneOffset.UTC, Timestamps.now().getOffset());
    }

    // ---- NotificationsActivities, UserActivities, SearchActivities ------------------------------------------

    @Test
    void notificationsAreOneActivityByCocoWithAReplyByWorf() {
        List<Map<String, Object>> notifications = NotificationsActivities.run();
        assertEquals(1, notifications.size());
        Map<String, Object> a = notifications.get(0);
        assertEquals("68f126b0-1ceb-4a33-88be-d90fa7109eee", a.get("uuid"));
        assertEquals("coco", a.get("handle"));
        assertEquals("I am white unicorn", a.get("message"));
        assertEquals(5, a.get("likes_count"));
        assertEquals(1, a.get("replies_count"));
        assertRelativeToNow(Duration.ofDays(-2), a.get("created_at"));
        assertRelativeToNow(Duration.ofDays(5), a.get("expires_at"));
        assertEquals("worf", replies(a).get(0).get("handle"));
        assertEquals(a.get("uuid"), replies(a).get(0).get("reply_to_activity_uuid"));
    }

    @Test
    void userActivitiesNeedAHandle() {
        for (String blank : new String[] {null, "", " ", "\t"}) {
            Result<List<Map<String, Object>>> r = UserActivities.run(blank);
            assertTrue(r.hasErrors());
            assertEquals(List.of("blank_user_handle"), r.errors());
            assertNull(r.data());
        }
        Result<List<Map<String, Object>>> r = UserActivities.run("andrewbrown");
        assertFalse(r.hasErrors());
        assertNull(r.errors());
        assertEquals(1, r.data().size());
        Map<String, Object> a = r.data().get(0);
        assertEquals("248959df-3079-4947-b847-9e0892d1bab4", a.get("uuid"));
        assertEquals("Andrew Brown", a.get("handle"));
        assertEquals("Cloud is fun!", a.get("message"));
        assertRelativeToNow(Duration.ofDays(-1), a.get("created_at"));
        assertRelativeToNow(Duration.ofDays(31), a.get("expires_at"));
    }

    @Test
    void searchNeedsATerm() {
        for (String blank : new String[] {null, "", "  "}) {
            assertEquals(List.of("search_term_blank"), SearchActivities.run(blank).errors());
        }
        Result<List<Map<String, Object>>> r = SearchActivities.run("cloud");
        assertFalse(r.hasErrors());
        assertEquals(1, r.data().size());
        assertEquals("248959df-3079-4947-b847-9e0892d1bab4", r.data().get(0).get("uuid"));
        assertEquals("Cloud is fun!", r.data().get(0).get("message"));
        assertRelativeToNow(Duration.ZERO, r.data().get(0).get("created_at"));
    }

    // ---- CreateActivity ------------------------------------------------------------------------------------

    @Test
    void createActivityWithEveryTtl() {
        Map<String, Duration> ttls = Map.of("30-days", Duration.ofDays(30), "7-days", Duration.ofDays(7),
                "3-days", Duration.ofDays(3), "1-day", Duration.ofDays(1), "12-hours", Duration.ofHours(12),
                "3-hours", Duration.ofHours(3), "1-hour", Duration.ofHours(1));
        assertEquals(ttls, CreateActivity.TTLS);
        ttls.forEach((ttl, duration) -> {
            Result<Map<String, Object>> r = CreateActivity.run("Hello", "andrewbrown", ttl);
            assertFalse(r.hasErrors(), ttl);
            Map<String, Object> d = r.data();
            assertEquals(List.of("uuid", "display_name", "handle", "message", "created_at", "expires_at"),
                    List.copyOf(d.keySet()));
            UUID.fromString((String) d.get("uuid"));
            assertEquals("Andrew Brown", d.get("display_name"));
            assertEquals("andrewbrown", d.get("handle"));
            assertEquals("Hello", d.get("message"));
            assertRelativeToNow(Duration.ZERO, d.get("created_at"));
            assertEquals(duration, Duration.between(time(d.get("created_at")), time(d.get("expires_at"))), ttl);
        });
    }

    @Test
    void createActivityGivesRandomUuids() {
        assertNotEquals(CreateActivity.run("a", "h", "1-day").data().get("uuid"),
                CreateActivity.run("a", "h", "1-day").data().get("uuid"));
    }

    @Test
    void createActivityValidationCodes() {
        assertEquals(List.of("ttl_blank"), CreateActivity.run("Hello", "andrewbrown", null).errors());
        assertEquals(List.of("ttl_blank"), CreateActivity.run("Hello", "andrewbrown", "").errors());
        assertEquals(List.of("ttl_blank"), CreateActivity.run("Hello", "andrewbrown", "2-days").errors());
        assertEquals(List.of("user_handle_blank"), CreateActivity.run("Hello", "", "1-day").errors());
        assertEquals(List.of("user_handle_blank"), CreateActivity.run("Hello", null, "1-day").errors());
        assertEquals(List.of("message_blank"), CreateActivity.run("", "andrewbrown", "1-day").errors());
        assertEquals(List.of("message_blank"), CreateActivity.run(null, "andrewbrown", "1-day").errors());
        assertEquals(List.of("message_exceed_max_chars"),
                CreateActivity.run("x".repeat(281), "andrewbrown", "1-day").errors());
        assertFalse(CreateActivity.run("x".repeat(280), "andrewbrown", "1-day").hasErrors());
    }

    @Test
    void createActivityCountsCharactersNotUtf16Units() {
        String emoji = "\uD83D\uDE00"; // one code point, two chars
        assertFalse(CreateActivity.run(emoji.repeat(280), "andrewbrown", "1-day").hasErrors());
        assertEquals(List.of("message_exceed_max_chars"),
                CreateActivity.run(emoji.repeat(281), "andrewbrown", "1-day").errors());
    }

    @Test
    void createActivityLastFailingCheckWins() {
        // order of the checks: ttl, handle, message; each failing one replaces the previous error
        assertEquals(List.of("user_handle_blank"), CreateActivity.run("Hello", "", "bad").errors());
        assertEquals(List.of("message_blank"), CreateActivity.run("", "andrewbrown", "bad").errors());
        assertEquals(List.of("message_blank"), CreateActivity.run("", "", "1-day").errors());
        assertEquals(List.of("message_blank"), CreateActivity.run("", "", "bad").errors());
        assertEquals(List.of("message_exceed_max_chars"), CreateActivity.run("x".repeat(300), "", "bad").errors());
        Result<Map<String, Object>> r = CreateActivity.run("", "someone", "bad");
        assertEquals(Map.of("handle", "someone", "message", ""), r.data(), "the submitted data is kept");
    }

    // ---- ShowActivity, CreateReply -------------------------------------------------------------------------

    @Test
    void showActivityFindsTheHomeActivitiesByUuid() {
        for (String uuid : List.of("68f126b0-1ceb-4a33-88be-d90fa7109eee", "66e12864-8c26-4c3a-9658-95a10f8fea67",
                "248959df-3079-4947-b847-9e0892d1bab4")) {
            Optional<Map<String, Object>> a = ShowActivity.run(uuid);
            assertTrue(a.isPresent(), uuid);
            assertEquals(uuid, a.get().get("uuid"));
            assertTrue(a.get().containsKey("replies"));
        }
        Map<String, Object> first = ShowActivity.run("68f126b0-1ceb-4a33-88be-d90fa7109eee").orElseThrow();
        assertEquals("26e12864-1c26-5c3a-9658-97a10f8fea67", replies(first).get(0).get("uuid"));
        assertTrue(ShowActivity.run("00000000-1111-4222-8333-444444444444").isEmpty());
        assertTrue(ShowActivity.run("not-a-uuid").isEmpty());
        assertTrue(ShowActivity.run("").isEmpty());
        assertTrue(ShowActivity.run(null).isEmpty());
    }

    @Test
    void showActivityDoesNotLogLikeTheHomeFeed() {
        try (LogCapture log = new LogCapture("cruddur.services.HomeActivities")) {
            ShowActivity.run("68f126b0-1ceb-4a33-88be-d90fa7109eee");
            assertEquals(List.of(), log.records());
        }
    }

    @Test
    void createReply() {
        Result<Map<String, Object>> r = CreateReply.run("Nice", "andrewbrown", "68f126b0-1ceb-4a33-88be-d90fa7109eee");
        assertFalse(r.hasErrors());
        Map<String, Object> d = r.data();
        assertEquals(List.of("uuid", "display_name", "handle", "message", "created_at", "reply_to_activity_uuid"),
                List.copyOf(d.keySet()));
        UUID.fromString((String) d.get("uuid"));
        assertEquals("Andrew Brown", d.get("display_name"));
        assertEquals("andrewbrown", d.get("handle"));
        assertEquals("Nice", d.get("message"));
        assertRelativeToNow(Duration.ZERO, d.get("created_at"));
        assertEquals("68f126b0-1ceb-4a33-88be-d90fa7109eee", d.get("reply_to_activity_uuid"));
    }

    @Test
    void createReplyValidationCodesAndLastFailingCheckWins() {
        String uuid = "68f126b0-1ceb-4a33-88be-d90fa7109eee";
        assertEquals(List.of("user_handle_blank"), CreateReply.run("Nice", "", uuid).errors());
        assertEquals(List.of("activity_uuid_blank"), CreateReply.run("Nice", "andrewbrown", "").errors());
        assertEquals(List.of("activity_uuid_blank"), CreateReply.run("Nice", "andrewbrown", null).errors());
        assertEquals(List.of("message_blank"), CreateReply.run("", "andrewbrown", uuid).errors());
        assertEquals(List.of("message_exceed_max_chars"), CreateReply.run("x".repeat(1025), "andrewbrown", uuid).errors());
        assertFalse(CreateReply.run("x".repeat(1024), "andrewbrown", uuid).hasErrors());
        assertEquals(List.of("activity_uuid_blank"), CreateReply.run("Nice", "", "").errors());
        assertEquals(List.of("message_blank"), CreateReply.run(null, null, null).errors());
    }

    // ---- MessageGroups, Messages, CreateMessage ------------------------------------------------------------

    @Test
    void messageGroups() {
        Result<List<Map<String, Object>>> r = MessageGroups.run("andrewbrown");
        assertFalse(r.hasErrors());
        List<Map<String, Object>> groups = r.data();
        assertEquals(List.of("24b95582-9e7b-4e0a-9ad1-639773ab7552", "417c360e-c4e6-4fce-873b-d2d71469b4ac"),
                groups.stream().map(g -> g.get("uuid")).toList());
        assertEquals(List.of("Andrew Brown", "Worf"), groups.stream().map(g -> g.get("display_name")).toList());
        assertEquals(List.of("andrewbrown", "worf"), groups.stream().map(g -> g.get("handle")).toList());
        groups.forEach(g -> assertRelativeToNow(Duration.ZERO, g.get("created_at")));
    }

    @Test
    void messages() {
        Result<List<Map<String, Object>>> r = Messages.run("andrewbrown", "worf");
        assertFalse(r.hasErrors());
        List<Map<String, Object>> messages = r.data();
        assertEquals(List.of("4e81c06a-db0f-4281-b4cc-98208537772a", "66e12864-8c26-4c3a-9658-95a10f8fea67"),
                messages.stream().map(m -> m.get("uuid")).toList());
        assertEquals(List.of("Cloud is fun!", "This platform is great!"),
                messages.stream().map(m -> m.get("message")).toList());
        messages.forEach(m -> assertEquals("andrewbrown", m.get("handle")));
        messages.forEach(m -> assertRelativeToNow(Duration.ZERO, m.get("created_at")));
    }

    @Test
    void createMessage() {
        Result<Map<String, Object>> r = CreateMessage.run("Hello Worf", "andrewbrown", "worf");
        assertFalse(r.hasErrors());
        Map<String, Object> d = r.data();
        assertEquals(List.of("uuid", "display_name", "handle", "message", "created_at"), List.copyOf(d.keySet()));
        UUID.fromString((String) d.get("uuid"));
        assertEquals("andrewbrown", d.get("handle"));
        assertEquals("Hello Worf", d.get("message"));
        assertRelativeToNow(Duration.ZERO, d.get("created_at"));
    }

    @Test
    void createMessageValidationCodesAndLastFailingCheckWins() {
        assertEquals(List.of("user_sender_handle_blank"), CreateMessage.run("Hi", "", "worf").errors());
        assertEquals(List.of("user_reciever_handle_blank"), CreateMessage.run("Hi", "andrewbrown", "").errors());
        assertEquals(List.of("user_reciever_handle_blank"), CreateMessage.run("Hi", "andrewbrown", null).errors());
        assertEquals(List.of("message_blank"), CreateMessage.run("", "andrewbrown", "worf").errors());
        assertEquals(List.of("message_exceed_max_chars"),
                CreateMessage.run("x".repeat(1025), "andrewbrown", "worf").errors());
        assertFalse(CreateMessage.run("x".repeat(1024), "andrewbrown", "worf").hasErrors());
        assertEquals(List.of("user_reciever_handle_blank"), CreateMessage.run("Hi", "", "").errors());
        assertEquals(List.of("message_blank"), CreateMessage.run("", "", "").errors());
    }

    @Test
    void resultHoldsDataOrErrors() {
        Result<String> ok = Result.ok("data");
        assertFalse(ok.hasErrors());
        assertNull(ok.errors());
        Result<String> invalid = Result.invalid("code", "submitted");
        assertTrue(invalid.hasErrors());
        assertEquals(List.of("code"), invalid.errors());
        assertEquals("submitted", invalid.data());
    }
}
