package cruddur.services;

import java.util.Map;
import java.util.Optional;

/**
 * One activity with its replies. The Python original answered the same mock activity for any uuid; ours looks
 * the uuid up among the home feed's activities and finds nothing for any other uuid (the web layer answers 404).
 */
public final class ShowActivity {

    private ShowActivity() {
    }

    public static Optional<Map<String, Object>> run(String activityUuid) {
        if (activityUuid == null) {
            return Optional.empty();
        }
        return HomeActivities.activities(Timestamps.now()).stream()
                .filter(activity -> activityUuid.equals(activity.get("uuid")))
                .findFirst();
    }
}
