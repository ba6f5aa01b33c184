package cruddur.services;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static cruddur.services.MockData.map;
import static cruddur.services.Timestamps.iso;

/** The messages between two users: two mock messages by andrewbrown. */
public final class Messages {

    private Messages() {
    }

    public static Result<List<Map<String, Object>>> run(String userSenderHandle, String userReceiverHandle) {
        OffsetDateTime now = Timestamps.now();
        return Result.ok(List.of(
                map("uuid", "4e81c06a-db0f-4281-b4cc-98208537772a",
                        "display_name", "Andrew Brown",
                        "handle", "andrewbrown",
                        "message", "Cloud is fun!",
                        "created_at", iso(now)),
                map("uuid", "66e12864-8c26-4c3a-9658-95a10f8fea67",
                        "display_name", "Andrew Brown",
                        "handle", "andrewbrown",
                        "message", "This platform is great!",
                        "created_at", iso(now))));
    }
}
