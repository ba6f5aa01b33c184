package dev.quartet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quartet.backend.rollbar.RollbarSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigTest {

    @TempDir
    Path dir;

    private final List<String> problems = new ArrayList<>();
    private Map<String, String> env;
    private Properties sys;

    @BeforeEach
    void clean() {
        problems.clear();
        env = new HashMap<>();
        sys = new Properties();
    }

    private Config load() {
        return Config.load(env, sys, problems::add);
    }

    /** Writes the lines to a file in the temp dir and names it by the quartet.config.file system property. */
    private Path configFile(String... lines) throws IOException {
        Path file = dir.resolve("quartet.properties");
        Files.write(file, Arrays.asList(lines), StandardCharsets.UTF_8);
        sys.setProperty("quartet.config.file", file.toString());
        return file;
    }

    private String onlyProblem() {
        assertEquals(1, problems.size(), "problems: " + problems);
        return problems.get(0);
    }

    private static void assertContains(String haystack, String... needles) {
        for (String n : needles) {
            assertTrue(haystack.contains(n), "\"" + n + "\" not in: " + haystack);
        }
    }

    // ---------------------------------------------------------------- defaults and names

    @Test
    void everySettingHasItsDefaultWhenNothingIsSet() {
        Config c = load();
        for (Setting s : Settings.ALL) {
            assertEquals(s.defaultValue(), c.getString(s), s.key());
            assertNull(c.raw(s.key()), s.key());
        }
        assertTrue(c.getBoolean(Settings.ENABLED));
        assertTrue(c.getBoolean(Settings.TRACE_RESPONSE_HEADER));
        assertTrue(c.getBoolean(Settings.SERVLET_ENABLED));
        assertTrue(c.getBoolean(Settings.OTEL_ENABLED));
        assertEquals(Duration.ofSeconds(5), c.getDuration(Settings.SHUTDOWN_TIMEOUT));
        assertEquals(Collections.emptyList(), c.getList(Settings.HTTP_ROUTES));
        assertEquals("info", c.getString(Settings.LOG_LEVEL));
        assertEquals("quartet-telemetry", c.getString(Settings.TELEMETRY_DIR));
        assertTrue(c.fileOtelProperties().isEmpty());
        assertEquals(Collections.emptyList(), problems);
    }

    @Test
    void environmentNamesFollowTheOpenTelemetryRule() {
        assertEquals("QUARTET_TRACE_RESPONSE_HEADER_ENABLED", Settings.TRACE_RESPONSE_HEADER.envName());
        assertEquals("QUARTET_SHUTDOWN_TIMEOUT", Settings.SHUTDOWN_TIMEOUT.envName());
        assertEquals("QUARTET_CONFIG_FILE", Settings.CONFIG_FILE.envName());
        assertEquals("QUARTET_INSTRUMENTATION_SERVLET_ENABLED", Settings.SERVLET_ENABLED.envName());
        assertEquals("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", Setting.envName("otel.exporter.otlp.traces.endpoint"));
        Pattern envForm = Pattern.compile("QUARTET_[A-Z0-9_]+");
        for (Setting s : Settings.ALL) {
            assertTrue(envForm.matcher(s.envName()).matches(), s.envName());
            assertEquals(s.key().toUpperCase().replace('.', '_').replace('-', '_'), s.envName());
        }
    }

    @Test
    void settingsAreWellFormedAndUnique() {
        Pattern keyForm = Pattern.compile("quartet(\\.[a-z0-9]+(-[a-z0-9]+)*)+");
        List<String> keys = new ArrayList<>();
        List<String> envNames = new ArrayList<>();
        for (Setting s : Settings.ALL) {
            assertTrue(keyForm.matcher(s.key()).matches(), s.key());
            assertNotNull(s.defaultValue(), s.key());
            assertFalse(s.description() == null || s.description().isEmpty(), s.key());
            assertFalse(keys.contains(s.key()), "duplicate " + s.key());
            assertFalse(envNames.contains(s.envName()), "two settings share " + s.envName());
            keys.add(s.key());
            envNames.add(s.envName());
            assertSame(s, Settings.find(s.key()));
            assertEquals(s.key(), s.toString());
        }
        assertNull(Settings.find("quartet.nope"));
        assertNull(Settings.find(Settings.ENABLED.envName()), "find takes the property form only");
    }

    @Test
    void defaultsOfTypedSettingsParse() {
        // A default that does not parse would make every read report a problem the user cannot fix.
        Config c = load();
        for (Setting s : Settings.ALL) {
            String d = s.defaultValue();
            if (d.equals("true") || d.equals("false")) {
                c.getBoolean(s);
            }
            if (s.key().endsWith(".timeout")) {
                assertNotNull(Config.parseDuration(d), s.key());
            }
        }
        assertEquals(Collections.emptyList(), problems);
    }

    // ---------------------------------------------------------------- precedence

    @Test
    void systemPropertyThenEnvironmentThenFileThenDefault() throws IOException {
        configFile("quartet.log.level=warn", "otel.service.name=from-file");
        env.put("QUARTET_LOG_LEVEL", "error");
        env.put("OTEL_SERVICE_NAME", "from-env");
        sys.setProperty("quartet.log.level", "debug");
        sys.setProperty("otel.service.name", "from-sysprop");
        Config c = load();
        assertEquals("debug", c.getString(Settings.LOG_LEVEL));
        assertEquals("from-sysprop", c.raw("otel.service.name"));

        sys.remove("quartet.log.level");
        sys.remove("otel.service.name");
        c = load();
        assertEquals("error", c.getString(Settings.LOG_LEVEL));
        assertEquals("from-env", c.raw("otel.service.name"));

        env.clear();
        c = load();
        assertEquals("warn", c.getString(Settings.LOG_LEVEL));
        assertEquals("from-file", c.raw("otel.service.name"));

        sys.remove("quartet.config.file");
        c = load();
        assertEquals("info", c.getString(Settings.LOG_LEVEL));
        assertNull(c.raw("otel.service.name"));
        assertEquals(Collections.emptyList(), problems);
    }

    @Test
    void environmentVariableUsesTheMappedName() {
        env.put("QUARTET_TRACE_RESPONSE_HEADER_ENABLED", "false");
        assertFalse(load().getBoolean(Settings.TRACE_RESPONSE_HEADER));
        env.clear();
        env.put("quartet.trace-response-header.enabled", "false"); // not how env vars are named
        assertTrue(load().getBoolean(Settings.TRACE_RESPONSE_HEADER));
    }

    @Test
    void configFileCanBeNamedByEnvironmentVariable() throws IOException {
        Path file = dir.resolve("from-env.properties");
        Files.write(file, Arrays.asList("quartet.log.level=warn"), StandardCharsets.UTF_8);
        env.put("QUARTET_CONFIG_FILE", "  " + file + "  ");
        assertEquals("warn", load().getString(Settings.LOG_LEVEL));
        assertEquals(Collections.emptyList(), problems);
    }

    @Test
    void systemPropertyNamingTheConfigFileWinsOverEnvironment() throws IOException {
        Path envFile = dir.resolve("env.properties");
        Files.write(envFile, Arrays.asList("quartet.log.level=warn"), StandardCharsets.UTF_8);
        Path sysFile = dir.resolve("sys.properties");
        Files.write(sysFile, Arrays.asList("quartet.log.level=error"), StandardCharsets.UTF_8);
        env.put("QUARTET_CONFIG_FILE", envFile.toString());
        sys.setProperty("quartet.config.file", sysFile.toString());
        assertEquals("error", load().getString(Settings.LOG_LEVEL));
    }

    @Test
    void blankConfigFileNameMeansNoFile() {
        sys.setProperty("quartet.config.file", "   ");
        Config c = load();
        assertEquals("info", c.getString(Settings.LOG_LEVEL));
        assertEquals(Collections.emptyList(), problems);
    }

    // ---------------------------------------------------------------- booleans

    @ParameterizedTest
    @CsvSource({"true,true", "false,false", "TRUE,true", "False,false", "' true ',true", "'\tfalse\n',false"})
    void booleans(String text, boolean expected) {
        env.put("QUARTET_ENABLED", text);
        assertEquals(expected, load().getBoolean(Settings.ENABLED));
        assertEquals(Collections.emptyList(), problems);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no", "1", "0", "on", "tru", "true!", "t"})
    void invalidBooleanGivesTheDefaultAndOneProblem(String text) {
        env.put("QUARTET_TRACE_RESPONSE_HEADER_ENABLED", text);
        assertTrue(load().getBoolean(Settings.TRACE_RESPONSE_HEADER));
        String p = onlyProblem();
        assertContains(p, "environment variable QUARTET_TRACE_RESPONSE_HEADER_ENABLED", "\"" + text + "\"",
                "true or false", "default true");
    }

    @Test
    void invalidBooleanInSystemPropertyNamesTheProperty() {
        sys.setProperty("quartet.otel.enabled", "nope");
        assertTrue(load().getBoolean(Settings.OTEL_ENABLED));
        assertContains(onlyProblem(), "system property quartet.otel.enabled", "\"nope\"", "default true");
    }

    @Test
    void invalidValueDoesNotFallThroughToALowerPrecedenceSource() {
        // Like OpenTelemetry: the highest-precedence value is the one used, or its default if it is bad.
        env.put("QUARTET_ENABLED", "false");
        sys.setProperty("quartet.enabled", "maybe");
        assertTrue(load().getBoolean(Settings.ENABLED));
        assertContains(onlyProblem(), "system property quartet.enabled");
    }

    // ---------------------------------------------------------------- durations

    @ParameterizedTest
    @CsvSource({
        "5s,5000", "500ms,500", "2m,120000", "1h,3600000", "1d,86400000", "250,250", "0,0", "0s,0",
        "' 7s ',7000", "7 s,7000", "10MS,10", "3S,3000", "000012,12", "999999999999,999999999999"
    })
    void durations(String text, long millis) {
        sys.setProperty("quartet.shutdown.timeout", text);
        assertEquals(Duration.ofMillis(millis), load().getDuration(Settings.SHUTDOWN_TIMEOUT));
        assertEquals(Collections.emptyList(), problems);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "5 parsecs", "-1s", "-1", "1.5s", "5sec", "s", "ms", "5s5", "+5s", "5 5s",
        "1234567890123", "5μs", "five seconds", "PT5S", "1e3", "0x10"})
    void invalidDurationGivesTheDefaultAndExactlyOneProblem(String text) {
        env.put("QUARTET_SHUTDOWN_TIMEOUT", text);
        Config c = load();
        assertEquals(Duration.ofSeconds(5), c.getDuration(Settings.SHUTDOWN_TIMEOUT));
        String p = onlyProblem();
        assertContains(p, "environment variable QUARTET_SHUTDOWN_TIMEOUT", "\"" + text + "\"", "not a duration",
                "default 5s");
    }

    @ParameterizedTest
    @CsvSource({"1,1", "500,500", "' 42 ',42", "007,7", "999999999,999999999"})
    void wholeNumbers(String text, int expected) {
        sys.setProperty(RollbarSettings.QUEUE_SIZE.key(), text);
        assertEquals(expected, load().getInt(RollbarSettings.QUEUE_SIZE, 1));
        assertEquals(Collections.emptyList(), problems);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "lots", "1.5", "", "1e3", "0x10", "1234567890", "99999999999999999999", "+5"})
    void aBadWholeNumberGivesTheDefaultAndExactlyOneProblem(String text) {
        env.put(RollbarSettings.QUEUE_SIZE.envName(), text);
        assertEquals(500, load().getInt(RollbarSettings.QUEUE_SIZE, 1));
        assertContains(onlyProblem(), "environment variable QUARTET_ROLLBAR_QUEUE_SIZE", "\"" + text + "\"",
                "whole number of at least 1", "default 500");
    }

    @Test
    void parseDurationNeverThrows() {
        for (String s : new String[] {"", " ", "99999999999999999999s", "9".repeat(1000), "\u0000", "ms5", "5\u00a0s",
            "999999999999d"}) {
            Config.parseDuration(s);
        }
        assertNull(Config.parseDuration(""));
        assertNull(Config.parseDuration("99999999999999999999s"));
    }

    @Test
    void aLongBadValueIsAbbreviatedInTheMessage() {
        String text = "x".repeat(500);
        sys.setProperty("quartet.shutdown.timeout", text);
        load().getDuration(Settings.SHUTDOWN_TIMEOUT);
        String p = onlyProblem();
        assertFalse(p.contains(text), "the whole 500-char value is printed");
        assertContains(p, "xxx...", "system property quartet.shutdown.timeout");
    }

    // ---------------------------------------------------------------- lists and choices

    @Test
    void listsAreCommaSeparatedTrimmedAndSkipEmptyEntries() {
        sys.setProperty("quartet.http.routes", " /api/activities/@{handle} ,, /api/activities/{uuid}/reply ,");
        assertEquals(Arrays.asList("/api/activities/@{handle}", "/api/activities/{uuid}/reply"),
                load().getList(Settings.HTTP_ROUTES));
        sys.setProperty("quartet.http.routes", " , ");
        assertEquals(Collections.emptyList(), load().getList(Settings.HTTP_ROUTES));
        sys.setProperty("quartet.http.routes", "/one");
        assertEquals(Collections.singletonList("/one"), load().getList(Settings.HTTP_ROUTES));
    }

    @Test
    void choices() {
        sys.setProperty("quartet.log.level", " DEBUG ");
        assertEquals("debug", load().getChoice(Settings.LOG_LEVEL, "debug", "info", "warn", "error", "off"));
        assertEquals(Collections.emptyList(), problems);
        sys.setProperty("quartet.log.level", "verbose");
        assertEquals("info", load().getChoice(Settings.LOG_LEVEL, "debug", "info", "warn", "error", "off"));
        assertContains(onlyProblem(), "system property quartet.log.level", "\"verbose\"", "debug, info, warn",
                "default info");
    }

    @Test
    void invalidValueOfASettingWithoutDefaultSaysNoValue() {
        Setting noDefault = new Setting("quartet.test.flag", "", "test");
        sys.setProperty("quartet.test.flag", "bad");
        Config c = load();
        problems.clear(); // "not a Quartet setting": it is not in Settings.ALL
        assertFalse(c.getBoolean(noDefault));
        assertContains(onlyProblem(), "using no value");
    }

    // ---------------------------------------------------------------- the configuration file

    @Test
    void fileSyntax() throws IOException {
        configFile(
                "# a comment",
                "! another comment",
                "   # an indented comment",
                "",
                "   ",
                "quartet.log.level=debug",
                "quartet.shutdown.timeout: 2m",
                "  quartet.telemetry.dir  =  /var/lib/quartet  ",
                "otel.exporter.otlp.endpoint=http://collector:4318",
                "otel.exporter.otlp.headers=x-honeycomb-team=abc,x-other=d:e",
                "otel.resource.attributes: deployment.environment=prod",
                "quartet.http.routes=/a/{b},/c");
        Config c = load();
        assertEquals(Collections.emptyList(), problems);
        assertEquals("debug", c.getString(Settings.LOG_LEVEL));
        assertEquals(Duration.ofMinutes(2), c.getDuration(Settings.SHUTDOWN_TIMEOUT));
        assertEquals("/var/lib/quartet", c.getString(Settings.TELEMETRY_DIR));
        assertEquals("http://collector:4318", c.raw("otel.exporter.otlp.endpoint"));
        assertEquals("x-honeycomb-team=abc,x-other=d:e", c.raw("otel.exporter.otlp.headers"));
        assertEquals("deployment.environment=prod", c.raw("otel.resource.attributes"));
        assertEquals(Arrays.asList("/a/{b}", "/c"), c.getList(Settings.HTTP_ROUTES));
    }

    @Test
    void laterLineForTheSameKeyWins() throws IOException {
        configFile("quartet.log.level=debug", "quartet.log.level=warn");
        assertEquals("warn", load().getString(Settings.LOG_LEVEL));
    }

    @Test
    void malformedLineNamesTheFileAndLine() throws IOException {
        Path file = configFile("# settings", "quartet.log.level=warn", "this line has no separator", "=value");
        Config c = load();
        assertEquals("warn", c.getString(Settings.LOG_LEVEL), "the good lines still count");
        assertEquals(2, problems.size(), "problems: " + problems);
        assertContains(problems.get(0), file.toString(), "line 3", "this line has no separator", "ignored");
        assertContains(problems.get(1), file.toString(), "line 4", "=value");
    }

    @Test
    void badValueInFileNamesTheFileLineAndKey() throws IOException {
        Path file = configFile("# settings", "quartet.shutdown.timeout=5 parsecs", "quartet.enabled = perhaps");
        Config c = load();
        assertEquals(Collections.emptyList(), problems, "nothing is wrong until a value is read");
        assertEquals(Duration.ofSeconds(5), c.getDuration(Settings.SHUTDOWN_TIMEOUT));
        assertContains(onlyProblem(), file.toString(), "line 2", "quartet.shutdown.timeout", "\"5 parsecs\"",
                "default 5s");
        problems.clear();
        assertTrue(c.getBoolean(Settings.ENABLED));
        assertContains(onlyProblem(), file.toString(), "line 3", "quartet.enabled", "\"perhaps\"");
    }

    @Test
    void unknownQuartetKeyInFileIsReportedWithFileLineAndKey() throws IOException {
        Path file = configFile("quartet.log.level=warn", "quartet.trace-response-header=false");
        Config c = load();
        assertEquals("warn", c.getString(Settings.LOG_LEVEL));
        assertContains(onlyProblem(), file.toString(), "line 2", "quartet.trace-response-header",
                "not a Quartet setting");
    }

    @Test
    void keyThatIsNeitherQuartetNorOtelInFileIsReported() throws IOException {
        Path file = configFile("otel.service.name=svc", "server.port=8080", "QUARTET_LOG_LEVEL=debug");
        Config c = load();
        assertEquals(2, problems.size(), "problems: " + problems);
        assertContains(problems.get(0), file.toString(), "line 2", "server.port", "ignored");
        assertContains(problems.get(1), file.toString(), "line 3", "QUARTET_LOG_LEVEL");
        assertEquals("info", c.getString(Settings.LOG_LEVEL), "env-var names are not file keys");
        assertNull(c.raw("server.port"));
        assertEquals(Collections.singletonMap("otel.service.name", "svc"), c.fileOtelProperties());
    }

    @Test
    void unknownOtelKeysAreLeftToOpenTelemetry() throws IOException {
        configFile("otel.some.future.setting=1");
        env.put("OTEL_ANOTHER_ONE", "2");
        sys.setProperty("otel.and.another", "3");
        load();
        assertEquals(Collections.emptyList(), problems);
    }

    @Test
    void unknownQuartetEnvironmentVariableIsReported() {
        env.put("QUARTET_LOG_LEVLE", "debug");
        env.put("PATH", "/usr/bin");
        env.put("OTEL_SERVICE_NAME", "svc");
        env.put("QUARTETX", "not ours");
        Config c = load();
        assertEquals("info", c.getString(Settings.LOG_LEVEL));
        assertContains(onlyProblem(), "environment variable QUARTET_LOG_LEVLE", "not a Quartet setting");
    }

    @Test
    void unknownQuartetSystemPropertyIsReported() {
        sys.setProperty("quartet.shutdown.timout", "5s");
        sys.setProperty("java.version.x", "whatever");
        load();
        assertContains(onlyProblem(), "system property quartet.shutdown.timout", "not a Quartet setting");
    }

    @Test
    void everyKnownSettingIsAcceptedInEverySourceWithoutComplaint() throws IOException {
        List<String> lines = new ArrayList<>();
        for (Setting s : Settings.ALL) {
            if (s != Settings.CONFIG_FILE) {
                lines.add(s.key() + "=" + s.defaultValue());
                env.put(s.envName(), s.defaultValue());
            }
        }
        configFile(lines.toArray(new String[0]));
        for (Setting s : Settings.ALL) {
            if (s != Settings.CONFIG_FILE) {
                sys.setProperty(s.key(), s.defaultValue());
            }
        }
        load();
        assertEquals(Collections.emptyList(), problems);
    }

    @Test
    void missingFileIsReportedAndIgnored() {
        Path missing = dir.resolve("does-not-exist.properties");
        env.put("QUARTET_CONFIG_FILE", missing.toString());
        env.put("QUARTET_LOG_LEVEL", "warn");
        Config c = load();
        assertEquals("warn", c.getString(Settings.LOG_LEVEL), "the other sources still work");
        assertEquals(Duration.ofSeconds(5), c.getDuration(Settings.SHUTDOWN_TIMEOUT));
        assertContains(onlyProblem(), missing.toString(), "cannot be read", "environment variable QUARTET_CONFIG_FILE");
    }

    @Test
    void directoryAsFileIsReportedAndIgnored() {
        sys.setProperty("quartet.config.file", dir.toString());
        Config c = load();
        assertEquals("info", c.getString(Settings.LOG_LEVEL));
        assertContains(onlyProblem(), dir.toString(), "cannot be read", "system property quartet.config.file");
    }

    @Test
    void fileNameThatIsNotAPathIsReportedAndIgnored() {
        // A NUL is invalid in every file system's paths; Windows also rejects names such as "C:\\a<b".
        sys.setProperty("quartet.config.file", "quartet\u0000.properties");
        Config c = load();
        assertEquals("info", c.getString(Settings.LOG_LEVEL));
        assertContains(onlyProblem(), "quartet.config.file", "cannot be read");
    }

    @Test
    void fileThatIsNotUtf8IsReportedAndIgnoredAsAWhole() throws IOException {
        Path file = dir.resolve("latin1.properties");
        // Far enough down that the reader has already handed out the first lines when it meets the bad byte.
        String text = "quartet.log.level=warn\n" + "# padding padding padding padding\n".repeat(1000)
                + "# caf\u00e9\nquartet.shutdown.timeout=1s\n";
        Files.write(file, text.getBytes(StandardCharsets.ISO_8859_1));
        sys.setProperty("quartet.config.file", file.toString());
        Config c = load();
        assertContains(onlyProblem(), file.toString(), "cannot be read", "ignored");
        // "ignored" must be true: no half of the file applies.
        assertEquals("info", c.getString(Settings.LOG_LEVEL));
        assertEquals(Duration.ofSeconds(5), c.getDuration(Settings.SHUTDOWN_TIMEOUT));
    }

    @Test
    void fileOtelPropertiesHoldsOnlyTheFilesOtelKeys() throws IOException {
        configFile("quartet.log.level=warn", "otel.service.name=svc", "otel.exporter.otlp.endpoint = http://c:4318",
                "otelx.nope=1");
        env.put("OTEL_TRACES_SAMPLER", "always_on");
        sys.setProperty("otel.metrics.exporter", "otlp");
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("otel.service.name", "svc");
        expected.put("otel.exporter.otlp.endpoint", "http://c:4318");
        assertEquals(expected, load().fileOtelProperties());
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(load().fileOtelProperties().keySet()),
                "in file order");
    }

    @Test
    void rawReadsOtelSettingsFromAllSources() throws IOException {
        configFile("otel.traces.exporter=console");
        assertEquals("console", load().raw("otel.traces.exporter"));
        env.put("OTEL_TRACES_EXPORTER", "otlp");
        assertEquals("otlp", load().raw("otel.traces.exporter"));
        sys.setProperty("otel.traces.exporter", "none");
        assertEquals("none", load().raw("otel.traces.exporter"));
        assertNull(load().raw("otel.not.set"));
    }
}
