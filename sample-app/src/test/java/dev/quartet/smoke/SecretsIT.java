package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A full run of the sample app with credentials planted where real ones travel — request headers, the query string,
 * cookies, the environment — and every backend on: once shipping to loopback receivers, once in local mode. None of
 * the planted values may turn up in anything Quartet sends (bodies and headers), prints (the app's stdout and stderr)
 * or writes (every file of the run). The only exceptions are the credentials the user gave Quartet for a destination,
 * each in the one header of that destination: the OTLP header and the Rollbar token.
 */
class SecretsIT {
  static final String BEARER = "PLANTED-bearer-5c1e9a";
  static final String COOKIE = "PLANTED-cookie-77d0b3";
  static final String API_KEY_HEADER = "PLANTED-xapikey-a1b2c3";
  static final String CUSTOM_TOKEN_HEADER = "PLANTED-xtoken-d4e5f6";
  static final String QUERY_TOKEN = "PLANTED-qtoken-0f9e8d";
  static final String QUERY_PASSWORD = "PLANTED-qpass-3a4b5c";
  static final String QUERY_SIGNATURE = "PLANTED-qsig-6d7e8f";
  static final String QUERY_CODE = "PLANTED-qcode-112233";
  static final String ENV_DB_PASSWORD = "PLANTED-envdb-445566";
  static final String AWS_SECRET = "PLANTED-awssecret-778899";
  static final String HONEYCOMB_KEY = "PLANTED-honeycomb-aabbcc";
  static final String ROLLBAR_TOKEN = RollbarReceiver.TOKEN;

  static final Map<String, String> HEADERS = Map.of(
      "Authorization", "Bearer " + BEARER,
      "Cookie", "session=" + COOKIE + "; theme=dark",
      "X-Api-Key", API_KEY_HEADER,
      "X-Custom-Token", CUSTOM_TOKEN_HEADER);
  static final String QUERY = "?term=cloud&token=" + QUERY_TOKEN + "&password=" + QUERY_PASSWORD
      + "&X-Amz-Signature=" + QUERY_SIGNATURE + "&code=" + QUERY_CODE;

  /** Every planted value, by where it was planted. */
  static Map<String, String> planted() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("Authorization header", BEARER);
    m.put("cookie", COOKIE);
    m.put("X-Api-Key header", API_KEY_HEADER);
    m.put("X-Custom-Token header", CUSTOM_TOKEN_HEADER);
    m.put("query token", QUERY_TOKEN);
    m.put("query password", QUERY_PASSWORD);
    m.put("query X-Amz-Signature", QUERY_SIGNATURE);
    m.put("query code", QUERY_CODE);
    m.put("env DB_PASSWORD", ENV_DB_PASSWORD);
    m.put("env AWS_SECRET_ACCESS_KEY", AWS_SECRET);
    m.put("env OTEL_EXPORTER_OTLP_HEADERS", HONEYCOMB_KEY);
    m.put("env ROLLBAR_ACCESS_TOKEN", ROLLBAR_TOKEN);
    return m;
  }

  /** Sends every route, then the failing and the Rollbar routes with the planted credentials, several times. */
  static void drive(AppProcess app) {
    Http http = app.http();
    Traffic.callAll(http, Cruddur.ALL);
    for (int i = 0; i < 3; i++) {
      http.send("GET", Cruddur.DEBUG_ERROR.target() + QUERY, null, HEADERS);
      http.send("GET", Cruddur.ROLLBAR_TEST.target() + QUERY, null, HEADERS);
      http.send("GET", Cruddur.HOME.target() + QUERY, null, HEADERS);
      http.send("GET", Cruddur.SEARCH.target() + "&token=" + QUERY_TOKEN, null, HEADERS);
    }
  }

  static AppProcess.Builder withPlantedEnv(AppProcess.Builder b) {
    return b.env("DB_PASSWORD", ENV_DB_PASSWORD)
        .env("ROLLBAR_ACCESS_TOKEN", ROLLBAR_TOKEN)
        .env("QUARTET_CLOUDWATCH_SEND_INTERVAL", "200ms");
  }

  @Test
  void noPlantedCredentialLeavesThroughAnyBackend() throws IOException {
    List<String> leaks = new ArrayList<>();
    try (OtlpHttpReceiver otlp = new OtlpHttpReceiver();
         XrayDaemonReceiver daemon = new XrayDaemonReceiver();
         CloudWatchLogsReceiver cloudwatch = new CloudWatchLogsReceiver();
         RollbarReceiver rollbar = new RollbarReceiver()) {
      Map<String, String> aws = new LinkedHashMap<>(cloudwatch.clientEnv());
      aws.put("AWS_SECRET_ACCESS_KEY", AWS_SECRET);
      AppProcess.Builder b = withPlantedEnv(AppProcess.withAgent("SecretsIT-remote"))
          .otlpEndpoint(otlp.endpoint())
          .env("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=" + HONEYCOMB_KEY)
          .env("OTEL_TRACES_EXPORTER", "otlp,quartet-local")
          .env("AWS_XRAY_DAEMON_ADDRESS", daemon.address())
          .env("QUARTET_XRAY_SAMPLING", "all")
          .env("ROLLBAR_ENDPOINT", rollbar.itemUrl())
          .env(aws);
      Path workDir;
      String out;
      String err;
      try (AppProcess app = b.start()) {
        workDir = app.workDir();
        drive(app);
        rollbar.awaitItems(i -> true, 3, Duration.ofSeconds(30));
        app.stop(Duration.ofSeconds(30));
        out = app.stdout();
        err = app.stderr();
      }
      assertTrue(otlp.spans().size() > 10, "spans arrived: " + otlp.spans().size());
      assertTrue(daemon.documents().size() > 10, "segments arrived");
      assertTrue(cloudwatch.events().size() > 10, "log events arrived");
      assertTrue(rollbar.items().size() >= 3, "items arrived");
      assertTrue(otlp.requests().stream().anyMatch(r -> r.bodyText().contains("token=REDACTED")),
          "url.query kept, redacted");

      scan("stdout", out, leaks);
      scan("stderr", err, leaks);
      scanReceived("OTLP", otlp.requests(), "x-honeycomb-team", HONEYCOMB_KEY, leaks);
      scanReceived("CloudWatch Logs", cloudwatch.requests(), null, null, leaks);
      scanReceived("Rollbar", rollbar.requests(), "x-rollbar-access-token", ROLLBAR_TOKEN, leaks);
      for (Object doc : daemon.documents()) {
        scan("X-Ray segment", doc.toString(), leaks);
      }
      scanFiles(workDir, leaks);
    }
    assertEquals(List.of(), leaks);
  }

  @Test
  void noPlantedCredentialReachesALocalModeFile() throws IOException {
    List<String> leaks = new ArrayList<>();
    Path workDir;
    try (AppProcess app = withPlantedEnv(AppProcess.withAgent("SecretsIT-local"))
        .removeEnv("ROLLBAR_ACCESS_TOKEN").env("QUARTET_XRAY_SAMPLING", "all").start()) {
      workDir = app.workDir();
      drive(app);
      app.stop(Duration.ofSeconds(30));
      scan("stdout", app.stdout(), leaks);
      scan("stderr", app.stderr(), leaks);
    }
    for (String file : List.of("traces.jsonl", "segments.jsonl", "logs.jsonl", "errors.jsonl")) {
      assertTrue(Files.size(workDir.resolve("telemetry").resolve(file)) > 0, file + " was written");
    }
    scanFiles(workDir, leaks);
    assertEquals(List.of(), leaks);
  }

  static void scan(String where, String text, List<String> leaks) {
    for (Map.Entry<String, String> p : planted().entrySet()) {
      if (text != null && text.contains(p.getValue())) {
        int at = text.indexOf(p.getValue());
        leaks.add(p.getKey() + " in " + where + ": …"
            + text.substring(Math.max(0, at - 80), Math.min(text.length(), at + 40)).replace('\n', ' ') + "…");
      }
    }
  }

  /** Bodies, and every header but the one that carries the destination's own credential. */
  static void scanReceived(String where, List<LoopbackHttpReceiver.RecordedRequest> requests, String credentialHeader,
      String credential, List<String> leaks) {
    for (LoopbackHttpReceiver.RecordedRequest r : requests) {
      scan(where + " body", new String(r.body(), StandardCharsets.ISO_8859_1), leaks);
      scan(where + " body", r.bodyText(), leaks);
      scan(where + " URL", r.path() + "?" + r.query(), leaks);
      for (Map.Entry<String, List<String>> h : r.headers().entrySet()) {
        if (h.getKey().equals(credentialHeader)) {
          assertTrue(h.getValue().stream().allMatch(v -> v.contains(credential)), where + ": its credential header");
          continue;
        }
        scan(where + " header " + h.getKey(), String.join(",", h.getValue()), leaks);
      }
    }
  }

  static void scanFiles(Path workDir, List<String> leaks) throws IOException {
    try (Stream<Path> files = Files.walk(workDir)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        scan("file " + workDir.relativize(f), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1), leaks);
      }
    }
  }
}
