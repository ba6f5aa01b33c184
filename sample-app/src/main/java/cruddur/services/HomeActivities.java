package cruddur.services;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import static cruddur.services.MockData.map;
import static cruddur.services.Timestamps.iso;

/** The home feed: three mock activities. */
public final class HomeActivities {

    private static final Logger LOGGER = Logger.getLogger(HomeActivities.class.getName());

    private HomeActivities() {
    }

    public static List<Map<String, Object>> run() {
        LOGGER.info("HomeActivities");
        return activities(Timestamps.now());
    }

    /** The mock data itself, without the log line (also used by {@link ShowActivity}). */
    static List<Map<String, Object>> activities(OffsetDateTime now) {
        String cloudUuid = "68f126b0-1ceb-4a33-88be-d90fa7109eee";
        return List.of(
                map("uuid", cloudUuid,
                        "handle", "Andrew Brown",
                        "message", "Cloud is very fun!",
                        "created_at", iso(now.minus(Duration.ofDays(2))),
                        "expires_at", iso(now.plus(Duration.ofDays(5))),
                        "likes_count", 5,
                        "replies_count", 1,
                        "reposts_count", 0,
                        "replies", List.of(map(
                                "uuid", "26e12864-1c26-5c3a-9658-97a10f8fea67",
                                "reply_to_activity_uuid", cloudUuid,
                                "handle", "Worf",
                                "message", "This post has no honor!",
                                "likes_count", 0,
                                "replies_count", 0,
                                "reposts_count", 0,
                                "created_at", iso(now.minus(Duration.ofDays(2)))))),
                map("uuid", "66e12864-8c26-4c3a-9658-95a10f8fea67",
                        "handle", "Worf",
                        "message", "I am out of prune juice",
                        "created_at", iso(now.minus(Duration.ofDays(7))),
                        "expires_at", iso(now.plus(Duration.ofDays(9))),
                        "likes", 0,
                        "replies", List.of()),
                map("uuid", "248959df-3079-4947-b847-9e0892d1bab4",
                        "handle", "Garek",
                        "message", "My dear doctor, I am just simple tailor",
                        "created_at", iso(now.minus(Duration.ofHours(1))),
                        "expires_at", iso(now.plus(Duration.ofHours(12))),
                        "likes", 0,
                        "replies", List.of()));
    }
}
