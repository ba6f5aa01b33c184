package cruddur.services;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import static cruddur.services.MockData.map;
import static cruddur.services.Timestamps.iso;

/**
 * Creates an activity (a "crud"). As in the original, every check overwrites the previous error, so the last
 * failing check wins; the order is ttl, handle, message.
 */
public final class CreateActivity {

    public static final String TTL_BLANK = "ttl_blank";
    public static final String USER_HANDLE_BLANK = "user_handle_blank";
    public static final String MESSAGE_BLANK = "message_blank";
    public static final String MESSAGE_EXCEED_MAX_CHARS = "message_exceed_max_chars";
    public static final int MAX_CHARS = 280;

    /** The accepted ttl values and what they add to the creation time. */
    public static final Map<String, Duration> TTLS = Map.of(
            "30-days", Duration.ofDays(30),
            "7-days", Duration.ofDays(7),
            "3-days", Duration.ofDays(3),
            "1-day", Duration.ofDays(1),
            "12-hours", Duration.ofHours(12),
            "3-hours", Duration.ofHours(3),
            "1-hour", Duration.ofHours(1));

    private CreateActivity() {
    }

    public static Result<Map<String, Object>> run(String message, String userHandle, String ttl) {
        OffsetDateTime now = Timestamps.now();
        String error = null;
        Duration ttlOffset = ttl == null ? null : TTLS.get(ttl);
        if (ttlOffset == null) {
            error = TTL_BLANK;
        }
        if (MockData.blank(userHandle)) {
            error = USER_HANDLE_BLANK;
        }
        if (MockData.blank(message)) {
            error = MESSAGE_BLANK;
        } else if (MockData.length(message) > MAX_CHARS) {
            error = MESSAGE_EXCEED_MAX_CHARS;
        }
        if (error != null) {
            return Result.invalid(error, map("handle", userHandle, "message", message));
        }
        return Result.ok(map(
                "uuid", UUID.randomUUID().toString(),
                "display_name", CurrentUser.DISPLAY_NAME,
                "handle", userHandle,
                "message", message,
                "created_at", iso(now),
                "expires_at", iso(now.plus(ttlOffset))));
    }
}
