package dev.quartet.deploy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** aws/: the JSON files, the IAM policies' exact grants, and setup.sh (shellcheck, dry run, idempotency). */
class AwsFilesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path AWS = RepoTools.repo().resolve("aws");
  static final Path SETUP = AWS.resolve("bin/setup.sh");

  static JsonNode read(Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }

  @Test
  void everyJsonFileParses() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(AWS)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
    }
    assertTrue(files.size() >= 4, files::toString);
    List<Executable> checks = new ArrayList<>();
    for (Path f : files) {
      checks.add(() -> assertTrue(read(f).isObject(), f + " is not a JSON object"));
    }
    assertAll(checks);
  }

  @Test
  void theSamplingRuleAndGroupAreCruddursSeed() throws IOException {
    JsonNode rule = read(AWS.resolve("json/xray.json")).get("SamplingRule");
    assertEquals("Cruddur", rule.get("RuleName").asText());
    assertEquals("backend-flask", rule.get("ServiceName").asText());
    assertEquals(5, rule.get("ReservoirSize").asInt());
    assertEquals(0.1, rule.get("FixedRate").asDouble());
    assertEquals(9000, rule.get("Priority").asInt());
    for (String any : List.of("ResourceARN", "ServiceType", "Host", "HTTPMethod", "URLPath")) {
      assertEquals("*", rule.get(any).asText(), any);
    }
    JsonNode group = read(AWS.resolve("json/xray-group.json"));
    assertEquals("Cruddur", group.get("GroupName").asText());
    assertEquals("service(\"backend-flask\") {fault OR error}", group.get("FilterExpression").asText());
  }

  /** Action → resources of a policy, each statement an Allow. */
  static Map<String, Set<String>> grants(Path policy) throws IOException {
    JsonNode doc = read(policy);
    assertEquals("2012-10-17", doc.get("Version").asText());
    Map<String, Set<String>> out = new java.util.TreeMap<>();
    for (JsonNode st : doc.get("Statement")) {
      assertEquals("Allow", st.get("Effect").asText(), policy + ": every statement allows");
      assertFalse(st.has("NotAction") || st.has("NotResource"), policy + ": no NotAction/NotResource");
      for (String action : texts(st.get("Action"))) {
        out.computeIfAbsent(action, a -> new TreeSet<>()).addAll(texts(st.get("Resource")));
      }
    }
    return out;
  }

  static List<String> texts(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else {
      out.add(node.asText());
    }
    return out;
  }

  @Test
  void theAgentMayShipLogsToItsDefaultLogGroupOnly() throws IOException {
    // the agent's default log group is the service name; the demo's service is backend-flask
    Set<String> group = Set.of("arn:aws:logs:*:*:log-group:backend-flask", "arn:aws:logs:*:*:log-group:backend-flask:*");
    Map<String, Set<String>> expected = new java.util.TreeMap<>();
    for (String action : List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams",
        "logs:PutLogEvents", "logs:PutRetentionPolicy")) {
      expected.put(action, new TreeSet<>(group));
    }
    assertEquals(expected, grants(AWS.resolve("iam/quartet-agent-policy.json")));
  }

  @Test
  void theDaemonMaySendSegmentsAndReadSamplingOnly() throws IOException {
    Map<String, Set<String>> expected = new java.util.TreeMap<>();
    for (String action : List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
        "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries")) {
      expected.put(action, new TreeSet<>(Set.of("*")));
    }
    assertEquals(expected, grants(AWS.resolve("iam/xray-daemon-policy.json")));
  }

  @Test
  void scriptsPassBashNAndShellcheck() throws IOException {
    RepoTools.requireTool("bash");
    RepoTools.requireTool("shellcheck");
    List<Executable> checks = new ArrayList<>();
    for (Path script : RepoTools.shellScripts()) {
      checks.add(() -> {
        RepoTools.Result n = RepoTools.run(RepoTools.repo(), Map.of(), 60, "bash", "-n", script.toString());
        assertEquals(0, n.exit(), () -> "bash -n " + script + "\n" + n.both());
      });
      checks.add(() -> {
        RepoTools.Result sc = RepoTools.run(RepoTools.repo(), Map.of(), 120, "shellcheck", script.toString());
        assertEquals(0, sc.exit(), () -> "shellcheck " + script + "\n" + sc.both());
      });
    }
    assertAll(checks);
  }

  @Test
  void aDryRunPrintsTheCommandsAndAsksAwsNothing(@TempDir Path tmp) throws IOException {
    RepoTools.requireTool("jq");
    Path calls = tmp.resolve("calls");
    Path bin = fakeAws(tmp, calls, "");
    RepoTools.Result r = RepoTools.run(RepoTools.repo(), Map.of("PATH", bin + ":" + System.getenv("PATH"),
        "AWS_REGION", "eu-west-1"), 60, "bash", SETUP.toString(), "--dry-run", "--log-group", "cruddur",
        "--retention-days", "14");
    assertEquals(0, r.exit(), r::both);
    assertFalse(Files.exists(calls), "a dry run called aws");
    String out = r.stdout();
    String rule = "file://" + AWS.resolve("json/xray.json");
    String group = "file://" + AWS.resolve("json/xray-group.json");
    for (String expected : List.of(
        "+ aws xray create-sampling-rule --region eu-west-1 --cli-input-json " + rule,
        "+ aws xray update-sampling-rule --region eu-west-1 --cli-input-json ",
        "+ aws xray create-group --region eu-west-1 --cli-input-json " + group,
        "+ aws xray update-group --region eu-west-1 --cli-input-json " + group,
        "+ aws logs create-log-group --region eu-west-1 --log-group-name cruddur",
        "+ aws logs put-retention-policy --region eu-west-1 --log-group-name cruddur --retention-in-days 14",
        "export OTEL_SERVICE_NAME=backend-flask",
        "export AWS_REGION=eu-west-1",
        "export QUARTET_CLOUDWATCH_LOG_GROUP=cruddur",
        "\"arn:aws:logs:*:*:log-group:cruddur:*\"")) {
      assertTrue(out.contains(expected), () -> "no '" + expected + "' in\n" + out);
    }
    // the update is the same rule, as update-sampling-rule takes it (no Version)
    String update = out.lines().filter(l -> l.startsWith("+ aws xray update-sampling-rule")).findFirst().orElseThrow();
    assertTrue(update.contains("SamplingRuleUpdate") && update.contains("Cruddur") && !update.contains("Version"),
        update);
  }

  @Test
  void aSecondRunUpdatesWhatTheFirstCreated(@TempDir Path tmp) throws IOException {
    RepoTools.requireTool("jq");
    Path calls = tmp.resolve("calls");
    Map<String, String> env = Map.of("AWS_REGION", "us-east-1");

    Path absent = fakeAws(tmp.resolve("absent"), calls, "");
    RepoTools.Result first = RepoTools.run(RepoTools.repo(), with(env, absent), 60, "bash", SETUP.toString());
    assertEquals(0, first.exit(), first::both);
    List<String> created = Files.readAllLines(calls);
    assertTrue(created.contains("xray create-sampling-rule --region us-east-1 --cli-input-json file://"
        + AWS.resolve("json/xray.json")), created::toString);
    assertTrue(created.contains("xray create-group --region us-east-1 --cli-input-json file://"
        + AWS.resolve("json/xray-group.json")), created::toString);
    assertTrue(created.contains("logs create-log-group --region us-east-1 --log-group-name backend-flask"),
        created::toString);
    assertTrue(created.stream().noneMatch(c -> c.contains(" update-")), created::toString);

    Files.delete(calls);
    Path present = fakeAws(tmp.resolve("present"), calls, "found");
    RepoTools.Result second = RepoTools.run(RepoTools.repo(), with(env, present), 60, "bash", SETUP.toString());
    assertEquals(0, second.exit(), second::both);
    List<String> updated = Files.readAllLines(calls);
    assertTrue(updated.stream().anyMatch(c -> c.startsWith("xray update-sampling-rule ")), updated::toString);
    assertTrue(updated.contains("xray update-group --region us-east-1 --cli-input-json file://"
        + AWS.resolve("json/xray-group.json")), updated::toString);
    assertTrue(updated.stream().noneMatch(c -> c.contains(" create-")), updated::toString);
    assertTrue(updated.contains(
        "logs put-retention-policy --region us-east-1 --log-group-name backend-flask --retention-in-days 30"),
        updated::toString);
  }

  private static Map<String, String> with(Map<String, String> env, Path bin) {
    Map<String, String> out = new java.util.HashMap<>(env);
    out.put("PATH", bin + ":" + System.getenv("PATH"));
    return out;
  }

  /** An {@code aws} that records its arguments and answers every query with {@code answer}. */
  private static Path fakeAws(Path dir, Path calls, String answer) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path aws = bin.resolve("aws");
    Files.writeString(aws, "#!/usr/bin/env bash\n"
        + "echo \"$*\" >> '" + calls + "'\n"
        + "case \"$2\" in get-*|describe-*) echo '" + answer + "' ;; esac\n");
    Files.setPosixFilePermissions(aws, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }
}
