package cruddur.services;

import java.util.List;
import java.util.Map;

import static cruddur.services.MockData.map;
import static cruddur.services.Timestamps.iso;

/** Search: one mock activity for any non-blank term. */
public final class SearchActivities {

    public static final String SEARCH_TERM_BLANK = "search_term_blank";

    private SearchActivities() {
    }

    public static Result<List<Map<String, Object>>> run(String searchTerm) {
        if (MockData.blank(searchTerm)) {
            return Result.invalid(SEARCH_TERM_BLANK, null);
        }
        return Result.ok(List.of(map(
                "uuid", "248959df-3079-4947-b847-9e0892d1bab4",
                "handle", "Andrew Brown",
                "message", "Cloud is fun!",
                "created_at", iso(Timestamps.now()))));
    }
}
