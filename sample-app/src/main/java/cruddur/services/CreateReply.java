package cruddur.services;

import java.util.Map;
import java.util.UUID;

import static cruddur.services.MockData.map;
import static cruddur.services.Timestamps.iso;

/** Replies to an activity. The last failing check wins (order: handle, activity uuid, message). */
public final class CreateReply {

    public static final String USER_HANDLE_BLANK = "user_handle_blank";
    public static final String ACTIVITY_UUID_BLANK = "activity_uuid_blank";
    public static final String MESSAGE_BLANK = "message_blank";
    public static final String MESSAGE_EXCEED_MAX_CHARS = "message_exceed_max_chars";
    public static final int MAX_CHARS = 1024;

    private CreateReply() {
    }

    public static Result<Map<String, Object>> run(String message, String userHandle, String activityUuid) {
        String error = null;
        if (MockData.blank(userHandle)) {
            error = USER_HANDLE_BLANK;
        }
        if (MockData.blank(activityUuid)) {
            error = ACTIVITY_UUID_BLANK;
        }
        if (MockData.blank(message)) {
            error = MESSAGE_BLANK;
        } else if (MockData.length(message) > MAX_CHARS) {
            error = MESSAGE_EXCEED_MAX_CHARS;
        }
        if (error != null) {
            return Result.invalid(error, map(
                    "display_name", CurrentUser.DISPLAY_NAME,
                    "handle", userHandle,
                    "message", message,
                    "reply_to_activity_uuid", activityUuid));
        }
        return Result.ok(map(
                "uuid", UUID.randomUUID().toString(),
                "display_name", CurrentUser.DISPLAY_NAME,
                "handle", userHandle,
                "message", message,
                "created_at", iso(Timestamps.now()),
                "reply_to_activity_uuid", activityUuid));
    }
}
