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
 * Run as a single-file program: java demo/DemoTraffic.java http://127.0.0.1:4567 [rounds] [app pid]
 *
 * <p>With the app's pid it stops waiting as soon as the app has exited (a taken port, a bad setting) instead of
 * waiting out the 60 s. Every request the app answered is counted, the readiness probe included, so the total is the
 * report's.
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
    ProcessHandle app = args.length > 2 ? ProcessHandle.of(Long.parseLong(args[2])).orElse(null) : null;
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    int probes = waitForHealth(client, base, app);

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
    System.out.println(
        "demo: sent " + (probes + total) + " requests: " + probes + (probes == 1 ? " readiness probe" : " readiness probes")
            + " and " + total + " over " + rounds + " rounds " + byClass);
  }

  /** Waits for the first 200 from the health check; returns how many probes the app answered (that one included). */
  static int waitForHealth(HttpClient client, String base, ProcessHandle app) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    int answered = 0;
    while (System.nanoTime() < deadline) {
      if (app != null && !app.isAlive()) {
        System.err.println("demo: the app exited before answering " + base + "/api/health-check");
        System.exit(1);
      }
      try {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/api/health-check")).build();
        int status = client.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
        answered++;
        if (status == 200) {
          return answered;
        }
      } catch (Exception notYet) {
        // the app is still starting
      }
      Thread.sleep(200);
    }
    System.err.println("demo: the app did not answer " + base + "/api/health-check within 60 s");
    System.exit(1);
    return answered;
  }
}
