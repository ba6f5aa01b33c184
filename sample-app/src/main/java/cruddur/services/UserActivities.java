package cruddur.services;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static cruddur.services.MockData.map;
import static cruddur.services.Timestamps.iso;

/** The activities of one user. */
public final class UserActivities {

    public static final String BLANK_USER_HANDLE = "blank_user_handle";

    private UserActivities() {
    }

    public static Result<List<Map<String, Object>>> run(String userHandle) {
        if (MockData.blank(userHandle)) {
            return Result.invalid(BLANK_USER_HANDLE, null);
        }
        OffsetDateTime now = Timestamps.now();
        return Result.ok(List.of(map(
                "uuid", "248959df-3079-4947-b847-9e0892d1bab4",
                "handle", "Andrew Brown",
                "message", "Cloud is fun!",
                "created_at", iso(now.minus(Duration.ofDays(1))),
                "expires_at", iso(now.plus(Duration.ofDays(31))))));
    }
}
