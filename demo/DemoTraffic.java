import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Drives every route of the Cruddur API, the way a browser session would, so the demo has traffic to report on.
 * Run as a single-file program: java demo/DemoTraffic.java http://127.0.0.1:4567 [rounds]
 */
public class DemoTraffic {
  record Call(String method, String path, String body) {}

  static final String ACTIVITY = "68f126b0-1ceb-4a33-88be-d90fa7109eee";

  static final List<Call> CALLS =
      List.of(
          new Call("GET", "/api/health-check", null),
          new Call("GET", "/api/activities/home", null),
          new Call("GET", "/api/activities/notifications", null),
          new Call("GET", "/api/activities/@andrewbrown", null),
          new Call("GET", "/api/activities/search?term=cloud", null),
          new Call("GET", "/api/activities/search?term=", null),
          new Call("POST", "/api/activities", "{\"message\":\"Hello from the demo\",\"ttl\":\"7-days\"}"),
          new Call("POST", "/api/activities", "{\"message\":\"\",\"ttl\":\"forever\"}"),
          new Call("GET", "/api/activities/" + ACTIVITY, null),
          new Call("POST", "/api/activities/" + ACTIVITY + "/reply", "{\"message\":\"A reply\"}"),
          new Call("GET", "/api/message_groups", null),
          new Call("GET", "/api/messages/@worf", null),
          new Call("POST", "/api/messages", "{\"message\":\"Hi\",\"user_receiver_handle\":\"worf\"}"),
          new Call("GET", "/api/rollbar/test", null),
          new Call("GET", "/api/debug/error", null),
          new Call("GET", "/api/no-such-route", null));

  public static void main(String[] args) throws Exception {
    String base = args.length > 0 ? args[0] : "http://127.0.0.1:4567";
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    waitForHealth(client, base);

    Map<String, Integer> byClass = new TreeMap<>();
    int total = 0;
    for (int round = 0; round < rounds; round++) {
      for (Call call : CALLS) {
        HttpRequest.Builder b =
            HttpRequest.newBuilder(URI.create(base + call.path())).timeout(Duration.ofSeconds(10));
        if (call.body() == null) {
          b.method(call.method(), HttpRequest.BodyPublishers.noBody());
        } else {
          b.header("Content-Type", "application/json")
              .method(call.method(), HttpRequest.BodyPublishers.ofString(call.body()));
        }
        int status = client.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        byClass.merge(status / 100 + "xx", 1, Integer::sum);
        total++;
      }
    }
    System.out.println("demo: sent " + total + " requests over " + rounds + " rounds " + byClass);
  }

  static void waitForHealth(HttpClient client, String base) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/api/health-check")).build();
        if (client.send(r, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (Exception notYet) {
        // the app is still starting
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the app did not answer " + base + "/api/health-check within 60 s");
  }
}
