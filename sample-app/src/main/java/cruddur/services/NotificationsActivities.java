package cruddur.services;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static cruddur.services.MockData.map;
import static cruddur.services.Timestamps.iso;

/** The notifications feed: one mock activity. */
public final class NotificationsActivities {

    private NotificationsActivities() {
    }

    public static List<Map<String, Object>> run() {
        OffsetDateTime now = Timestamps.now();
        String uuid = "68f126b0-1ceb-4a33-88be-d90fa7109eee";
        return List.of(map(
                "uuid", uuid,
                "handle", "coco",
                "message", "I am white unicorn",
                "created_at", iso(now.minus(Duration.ofDays(2))),
                "expires_at", iso(now.plus(Duration.ofDays(5))),
                "likes_count", 5,
                "replies_count", 1,
                "reposts_count", 0,
                "replies", List.of(map(
                        "uuid", "26e12864-1c26-5c3a-9658-97a10f8fea67",
                        "reply_to_activity_uuid", uuid,
                        "handle", "worf",
                        "message", "This post has no honor!",
                        "likes_count", 0,
                        "replies_count", 0,
                        "reposts_count", 0,
                        "created_at", iso(now.minus(Duration.ofDays(2)))))));
    }
}
