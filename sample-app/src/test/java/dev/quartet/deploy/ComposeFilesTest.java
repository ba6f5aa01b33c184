package dev.quartet.deploy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml, the collector's config and the Dockerfile, checked without a Docker engine: compose's own
 * validation, then what the demo promises (pinned images, credentials from the shell only, health checks, the
 * collector's pipelines).
 */
class ComposeFilesTest {
  static final Path REPO = RepoTools.repo();
  static final Set<String> FROM_THE_SHELL = Set.of("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "ROLLBAR_ACCESS_TOKEN");
  static final Pattern SECRET_NAME = Pattern.compile("(?i).*(SECRET|TOKEN|API_KEY|PASSWORD|ACCESS_KEY).*");

  @SuppressWarnings("unchecked")
  static Map<String, Object> yaml(Path file) throws IOException {
    return (Map<String, Object>) new Yaml().load(Files.readString(file));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o, String what) {
    assertTrue(o instanceof Map, () -> what + " is not a mapping: " + o);
    return (Map<String, Object>) o;
  }

  static Map<String, Object> services() throws IOException {
    return map(yaml(REPO.resolve("docker-compose.yml")).get("services"), "services");
  }

  @Test
  void dockerComposeAcceptsTheFile() {
    RepoTools.requireTool("docker-compose");
    RepoTools.Result r = RepoTools.run(REPO, Map.of(), 120, "docker-compose", "-f", "docker-compose.yml", "config", "-q");
    assertEquals(0, r.exit(), r::both);
  }

  @Test
  void everyImageIsPinned() throws IOException {
    List<Executable> checks = new ArrayList<>();
    for (Map.Entry<String, Object> s : services().entrySet()) {
      Object image = map(s.getValue(), s.getKey()).get("image");
      if (map(s.getValue(), s.getKey()).containsKey("build")) {
        continue; // built from this repository
      }
      checks.add(() -> assertTrue(image instanceof String && pinned((String) image),
          () -> s.getKey() + ": image " + image + " has no version tag"));
    }
    for (String from : dockerfileFroms()) {
      checks.add(() -> assertTrue(pinned(from), () -> "Dockerfile: FROM " + from + " has no version tag"));
    }
    assertAll(checks);
  }

  static boolean pinned(String image) {
    int colon = image.lastIndexOf(':');
    String tag = colon < 0 || image.indexOf('/', colon) >= 0 ? "" : image.substring(colon + 1);
    return tag.matches(".*\\d+\\.\\d+.*") && !tag.equals("latest");
  }

  static List<String> dockerfileFroms() throws IOException {
    List<String> froms = new ArrayList<>();
    for (String line : Files.readAllLines(REPO.resolve("Dockerfile"))) {
      Matcher m = Pattern.compile("^FROM\\s+(\\S+)").matcher(line.trim());
      if (m.find()) {
        froms.add(m.group(1));
      }
    }
    assertFalse(froms.isEmpty(), "no FROM in the Dockerfile");
    return froms;
  }

  @Test
  void theAppGetsItsSettingsAndCredentialsFromTheShellOnly() throws IOException {
    Map<String, Object> app = map(services().get("backend-java"), "backend-java");
    Map<String, Object> env = map(app.get("environment"), "backend-java environment");
    assertEquals("backend-flask", env.get("OTEL_SERVICE_NAME"));
    assertEquals("xray-daemon:2000", env.get("AWS_XRAY_DAEMON_ADDRESS"));
    assertEquals("http://otel-collector:4318", env.get("OTEL_EXPORTER_OTLP_ENDPOINT"));
    assertEquals("/app/quartet-rules.yaml", env.get("QUARTET_RULES_FILE"));
    for (String name : FROM_THE_SHELL) {
      assertTrue(env.containsKey(name), name + " is not passed on");
      assertNull(env.get(name), name + " must come from the shell, not from the file");
    }
    assertFalse(env.containsKey("HONEYCOMB_API_KEY"), "the Honeycomb key is the collector's, not the app's");
    Map<String, Object> collectorEnv = map(map(services().get("otel-collector"), "otel-collector").get("environment"),
        "otel-collector environment");
    assertTrue(collectorEnv.containsKey("HONEYCOMB_API_KEY"));
    assertNull(collectorEnv.get("HONEYCOMB_API_KEY"));
    // no service of the file gives a secret a value
    for (Map.Entry<String, Object> s : services().entrySet()) {
      Object e = map(s.getValue(), s.getKey()).get("environment");
      if (e != null) {
        map(e, s.getKey()).forEach((k, v) -> assertTrue(!SECRET_NAME.matcher(k).matches() || v == null,
            () -> s.getKey() + ": " + k + " has a value in the file"));
      }
    }
  }

  @Test
  void theImageCarriesTheSampleRules() throws IOException {
    List<String> lines = Files.readAllLines(REPO.resolve("Dockerfile"));
    assertTrue(lines.contains("COPY sample-app/quartet-rules.yaml /app/quartet-rules.yaml"), "the rules file is copied");
    assertTrue(lines.stream().anyMatch(l -> l.trim().startsWith("QUARTET_RULES_FILE=/app/quartet-rules.yaml")),
        "and named");
    assertTrue(Files.isRegularFile(REPO.resolve("sample-app/quartet-rules.yaml")));
  }

  @Test
  void theDockerfileCarriesNoSecret() throws IOException {
    for (String line : Files.readAllLines(REPO.resolve("Dockerfile"))) {
      String l = line.trim();
      if (l.startsWith("ENV") || l.startsWith("ARG")) {
        assertFalse(SECRET_NAME.matcher(l).matches(), () -> "Dockerfile: " + l);
      }
    }
    assertTrue(Files.readString(REPO.resolve(".dockerignore")).contains("**/target/"),
        ".dockerignore must keep local builds out of the build context");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theAppIsHealthCheckedAndTheTrafficWaitsForIt() throws IOException {
    Map<String, Object> app = map(services().get("backend-java"), "backend-java");
    assertTrue(((List<Object>) app.get("ports")).contains("4567:4567"), app.get("ports")::toString);
    List<Object> test = (List<Object>) map(app.get("healthcheck"), "healthcheck").get("test");
    assertTrue(test.toString().contains("/api/health-check"), test::toString);
    Map<String, Object> traffic = map(services().get("traffic"), "traffic");
    assertEquals("service_healthy",
        map(map(traffic.get("depends_on"), "traffic depends_on").get("backend-java"), "depends_on").get("condition"));
    assertTrue(traffic.get("command").toString().contains("/demo/DemoTraffic.java http://backend-java:4567"));
    Map<String, Object> jaeger = map(services().get("jaeger"), "jaeger");
    assertTrue(((List<Object>) jaeger.get("ports")).contains("16686:16686"), "the Jaeger UI is published");
    List<Object> daemon = (List<Object>) map(services().get("xray-daemon"), "xray-daemon").get("command");
    assertEquals(List.of("-o", "-b", "0.0.0.0:2000", "-t", "0.0.0.0:2000"), daemon);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theCollectorSendsToJaegerAlwaysAndToHoneycombWithAKey() throws IOException {
    Map<String, Object> mounted = map(services().get("otel-collector"), "otel-collector");
    assertTrue(mounted.get("volumes").toString().contains("./compose/otel-collector.yaml:"), mounted::toString);
    Map<String, Object> config = yaml(REPO.resolve("compose/otel-collector.yaml"));
    Map<String, Object> pipelines = map(map(config.get("service"), "service").get("pipelines"), "pipelines");
    assertFalse(pipelines.isEmpty());
    List<Executable> checks = new ArrayList<>();
    for (Map.Entry<String, Object> p : pipelines.entrySet()) {
      Map<String, Object> pipeline = map(p.getValue(), p.getKey());
      for (String kind : List.of("receivers", "processors", "exporters")) {
        for (Object component : (List<Object>) pipeline.getOrDefault(kind, List.of())) {
          checks.add(() -> assertNotNull(map(config.get(kind), kind).get(component),
              () -> p.getKey() + " uses " + kind + " " + component + ", which is not defined"));
        }
      }
    }
    assertAll(checks);
    Map<String, Object> jaeger = map(pipelines.get("traces/jaeger"), "traces/jaeger");
    assertEquals(List.of("otlp/jaeger"), jaeger.get("exporters"));
    assertFalse(jaeger.toString().contains("filter"), "nothing gates the Jaeger pipeline");
    Map<String, Object> honeycomb = map(pipelines.get("traces/honeycomb"), "traces/honeycomb");
    assertEquals(List.of("otlphttp/honeycomb"), honeycomb.get("exporters"));
    assertTrue(((List<Object>) honeycomb.get("processors")).contains("filter/no-honeycomb-key"));
    String gate = map(config.get("processors"), "processors").get("filter/no-honeycomb-key").toString();
    assertTrue(gate.contains("\"${env:HONEYCOMB_API_KEY}\" == \"\""), gate);
    Map<String, Object> exporters = map(config.get("exporters"), "exporters");
    assertEquals("jaeger:4317", map(exporters.get("otlp/jaeger"), "otlp/jaeger").get("endpoint"));
    assertEquals("${env:HONEYCOMB_API_KEY}",
        map(map(exporters.get("otlphttp/honeycomb"), "honeycomb").get("headers"), "headers").get("x-honeycomb-team"));
    Map<String, Object> http = map(map(map(map(config.get("receivers"), "receivers").get("otlp"), "otlp")
        .get("protocols"), "protocols").get("http"), "http");
    assertEquals("0.0.0.0:4318", http.get("endpoint"));
  }
}
