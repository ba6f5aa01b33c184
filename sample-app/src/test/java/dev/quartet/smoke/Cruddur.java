package dev.quartet.smoke;

import java.util.List;
import java.util.Optional;

/**
 * Catalogue of the Cruddur API (see /work/shared/reference/cruddur-api.md): every route with one representative
 * request, its expected status and the {@code http.route} the agent must report (null when there is none).
 */
public final class Cruddur {

  /** One representative request. {@code target} is the path plus an optional {@code ?query}. */
  public record Route(String method, String target, String body, int expectedStatus, String httpRoute) {

    public String path() {
      int q = target.indexOf('?');
      return q < 0 ? target : target.substring(0, q);
    }

    /** The raw query without '?', or empty when the target has none. */
    public Optional<String> query() {
      int q = target.indexOf('?');
      return q < 0 ? Optional.empty() : Optional.of(target.substring(q + 1));
    }

    /** The expected server span name: {@code METHOD route}, or just the method without a route. */
    public String spanName() {
      return httpRoute == null ? method : method + " " + httpRoute;
    }

    @Override
    public String toString() {
      return method + " " + target + (body == null ? "" : " " + body) + " (" + expectedStatus + ")";
    }
  }

  public static final String HOME_UUID = "68f126b0-1ceb-4a33-88be-d90fa7109eee";
  public static final String UNKNOWN_UUID = "00000000-1111-4222-8333-444444444444";

  public static final Route HEALTH = get("/api/health-check", 200, "/api/health-check");
  public static final Route HOME = get("/api/activities/home", 200, "/api/activities/home");
  public static final Route NOTIFICATIONS = get("/api/activities/notifications", 200, "/api/activities/notifications");
  public static final Route USER_ACTIVITIES = get("/api/activities/@andrewbrown", 200, "/api/activities/@{handle}");
  /**
   * An empty handle is the only blank one a URL can carry ({@code @%20} stays encoded in the path info). A template
   * placeholder matches a non-empty segment only, so {@code @{handle}} does not match and the first template that
   * does is {@code /api/activities/{uuid}}.
   */
  public static final Route USER_ACTIVITIES_BLANK = get("/api/activities/@", 422, "/api/activities/{uuid}");
  public static final Route SEARCH = get("/api/activities/search?term=cloud", 200, "/api/activities/search");
  public static final Route SEARCH_BLANK = get("/api/activities/search?term=", 422, "/api/activities/search");
  public static final Route CREATE_ACTIVITY = post("/api/activities",
      "{\"message\":\"Smoke testing Cruddur\",\"ttl\":\"7-days\"}", 200, "/api/activities");
  public static final Route CREATE_ACTIVITY_INVALID = post("/api/activities",
      "{\"message\":\"\",\"ttl\":\"7-days\"}", 422, "/api/activities");
  public static final Route CREATE_ACTIVITY_NOT_JSON = post("/api/activities", "this is not json", 400,
      "/api/activities");
  public static final Route SHOW_ACTIVITY = get("/api/activities/" + HOME_UUID, 200, "/api/activities/{uuid}");
  public static final Route SHOW_ACTIVITY_UNKNOWN = get("/api/activities/" + UNKNOWN_UUID, 404,
      "/api/activities/{uuid}");
  public static final Route CREATE_REPLY = post("/api/activities/" + HOME_UUID + "/reply",
      "{\"message\":\"A reply from the smoke tests\"}", 200, "/api/activities/{uuid}/reply");
  public static final Route CREATE_REPLY_INVALID = post("/api/activities/" + HOME_UUID + "/reply",
      "{\"message\":\"\"}", 422, "/api/activities/{uuid}/reply");
  public static final Route MESSAGE_GROUPS = get("/api/message_groups", 200, "/api/message_groups");
  public static final Route MESSAGES = get("/api/messages/@worf", 200, "/api/messages/@{handle}");
  public static final Route CREATE_MESSAGE = post("/api/messages",
      "{\"message\":\"Hello Worf\",\"user_receiver_handle\":\"worf\"}", 200, "/api/messages");
  public static final Route CREATE_MESSAGE_INVALID = post("/api/messages",
      "{\"message\":\"\",\"user_receiver_handle\":\"worf\"}", 422, "/api/messages");
  public static final Route ROLLBAR_TEST = get("/api/rollbar/test", 200, "/api/rollbar/test");
  public static final Route DEBUG_ERROR = get("/api/debug/error", 500, "/api/debug/error");
  /** Served by the default servlet ("/"): no http.route. */
  public static final Route UNKNOWN_PATH = get("/no-such-page", 404, null);

  /** Every route, each once, in a stable order. */
  public static final List<Route> ALL = List.of(
      HEALTH, HOME, NOTIFICATIONS, USER_ACTIVITIES, USER_ACTIVITIES_BLANK, SEARCH, SEARCH_BLANK,
      CREATE_ACTIVITY, CREATE_ACTIVITY_INVALID, CREATE_ACTIVITY_NOT_JSON, SHOW_ACTIVITY, SHOW_ACTIVITY_UNKNOWN,
      CREATE_REPLY, CREATE_REPLY_INVALID, MESSAGE_GROUPS, MESSAGES, CREATE_MESSAGE, CREATE_MESSAGE_INVALID,
      ROLLBAR_TEST, DEBUG_ERROR, UNKNOWN_PATH);

  private Cruddur() {}

  private static Route get(String target, int status, String httpRoute) {
    return new Route("GET", target, null, status, httpRoute);
  }

  private static Route post(String target, String body, int status, String httpRoute) {
    return new Route("POST", target, body, status, httpRoute);
  }
}
