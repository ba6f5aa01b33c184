package cruddur.services;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static cruddur.services.MockData.map;
import static cruddur.services.Timestamps.iso;

/** The message groups (conversations) of a user: two mock groups. */
public final class MessageGroups {

    private MessageGroups() {
    }

    public static Result<List<Map<String, Object>>> run(String userHandle) {
        OffsetDateTime now = Timestamps.now();
        return Result.ok(List.of(
                map("uuid", "24b95582-9e7b-4e0a-9ad1-639773ab7552",
                        "display_name", "Andrew Brown",
                        "handle", "andrewbrown",
                        "message", "Cloud is fun!",
                        "created_at", iso(now)),
                map("uuid", "417c360e-c4e6-4fce-873b-d2d71469b4ac",
                        "display_name", "Worf",
                        "handle", "worf",
                        "message", "Cloud is fun!",
                        "created_at", iso(now))));
    }
}
