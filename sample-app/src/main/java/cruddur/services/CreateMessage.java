package cruddur.services;

import java.util.Map;
import java.util.UUID;

import static cruddur.services.MockData.map;
import static cruddur.services.Timestamps.iso;

/**
 * Sends a message. The last failing check wins (order: sender, receiver, message). The receiver code keeps the
 * original's spelling, {@code user_reciever_handle_blank}.
 */
public final class CreateMessage {

    public static final String USER_SENDER_HANDLE_BLANK = "user_sender_handle_blank";
    public static final String USER_RECIEVER_HANDLE_BLANK = "user_reciever_handle_blank";
    public static final String MESSAGE_BLANK = "message_blank";
    public static final String MESSAGE_EXCEED_MAX_CHARS = "message_exceed_max_chars";
    public static final int MAX_CHARS = 1024;

    private CreateMessage() {
    }

    public static Result<Map<String, Object>> run(String message, String userSenderHandle, String userReceiverHandle) {
        String error = null;
        if (MockData.blank(userSenderHandle)) {
            error = USER_SENDER_HANDLE_BLANK;
        }
        if (MockData.blank(userReceiverHandle)) {
            error = USER_RECIEVER_HANDLE_BLANK;
        }
        if (MockData.blank(message)) {
            error = MESSAGE_BLANK;
        } else if (MockData.length(message) > MAX_CHARS) {
            error = MESSAGE_EXCEED_MAX_CHARS;
        }
        if (error != null) {
            return Result.invalid(error, map(
                    "display_name", CurrentUser.DISPLAY_NAME,
                    "handle", userSenderHandle,
                    "message", message));
        }
        return Result.ok(map(
                "uuid", UUID.randomUUID().toString(),
                "display_name", CurrentUser.DISPLAY_NAME,
                "handle", userSenderHandle,
                "message", message,
                "created_at", iso(Timestamps.now())));
    }
}
