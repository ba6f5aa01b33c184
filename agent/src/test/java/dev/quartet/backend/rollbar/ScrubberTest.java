package dev.quartet.backend.rollbar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScrubberTest {

    private static final Scrubber DEFAULTS =
            new Scrubber(Arrays.asList(RollbarSettings.SCRUB_FIELDS.defaultValue().split(",")));

    @ParameterizedTest
    @ValueSource(strings = {"Authorization", "authorization", "AUTHORIZATION", "Proxy-Authorization", "Cookie",
        "Set-Cookie", "X-Api-Key", "x-honeycomb-team", "X-Honeycomb-Team", "X-Rollbar-Access-Token"})
    void theAlwaysListIsScrubbedWhateverTheConfiguredFields(String name) {
        assertTrue(new Scrubber(Collections.emptyList()).isSensitive(name), name);
        assertTrue(DEFAULTS.isSensitive(name), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Auth-Token", "access_token", "client_secret", "password", "X-CSRF-TOKEN", "JSESSIONID",
        "session_id", "db_passwd", "X-Api-Key-2", "api_key", "apikey", "AWS-Credentials"})
    void theDefaultPatternsCatchCommonSecretNames(String name) {
        assertTrue(DEFAULTS.isSensitive(name), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Accept", "User-Agent", "Content-Type", "X-Forwarded-For", "traceparent", "term", "Host"})
    void ordinaryNamesAreKept(String name) {
        assertFalse(DEFAULTS.isSensitive(name), name);
    }

    @Test
    void configuredFieldsAreCaseInsensitiveGlobsAndExactNamesMatchWhole() {
        Scrubber s = new Scrubber(Arrays.asList("ssn", "x-*-pin", "*card"));
        assertTrue(s.isSensitive("SSN"));
        assertFalse(s.isSensitive("ssn2"), "a name without * matches exactly");
        assertTrue(s.isSensitive("X-Bank-PIN"));
        assertFalse(s.isSensitive("X-Bank-PIN-hint"));
        assertTrue(s.isSensitive("CreditCard"));
        assertFalse(s.isSensitive("password"), "the configured list replaces the default patterns");
        assertTrue(s.isSensitive("Authorization"), "but never the always-list");
    }

    @Test
    void regexCharactersInFieldsAreLiteral() {
        Scrubber s = new Scrubber(Collections.singletonList("a.b+(c)"));
        assertTrue(s.isSensitive("A.B+(C)"));
        assertFalse(s.isSensitive("axb+(c)"));
    }

    @Test
    void queryValuesOfSensitiveParametersAreMaskedAndRemembered() {
        List<String> secrets = new ArrayList<>();
        String q = DEFAULTS.scrubQuery("term=cloud&access_token=abc%2Fdef&x=1&Password=hunter22&&flag", secrets);
        assertEquals("term=cloud&access_token=********&x=1&Password=********&&flag", q);
        assertTrue(secrets.containsAll(Arrays.asList("abc%2Fdef", "abc/def", "hunter22")), secrets.toString());
    }

    @Test
    void encodedParameterNamesAreDecodedBeforeMatching() {
        List<String> secrets = new ArrayList<>();
        assertEquals("api%5Fkey=********", DEFAULTS.scrubQuery("api%5Fkey=k123", secrets));
        assertEquals("bad%zz=1", DEFAULTS.scrubQuery("bad%zz=1", secrets), "a malformed escape is compared raw");
    }

    @Test
    void headerSecretsIncludeTheCredentialAfterTheSchemeAndEachCookieValue() {
        List<String> secrets = new ArrayList<>();
        Scrubber.secretsOfHeader("Authorization", "Bearer s3cr3t-token", secrets);
        Scrubber.secretsOfHeader("Cookie", "session=abcd1234; theme=dark", secrets);
        assertTrue(secrets.containsAll(Arrays.asList("Bearer s3cr3t-token", "s3cr3t-token",
                "session=abcd1234; theme=dark", "abcd1234", "dark")), secrets.toString());
    }

    @Test
    void secretsAreMaskedInFreeTextLongestFirst() {
        List<String> secrets = Scrubber.forFreeText(Arrays.asList("s3cr3t", "Bearer s3cr3t", "ab", "s3cr3t"));
        assertEquals(Arrays.asList("Bearer s3cr3t", "s3cr3t"), secrets, "long enough, once each, longest first");
        assertEquals("login with ******** failed; token ******** rejected; ab stays",
                Scrubber.scrubText("login with Bearer s3cr3t failed; token s3cr3t rejected; ab stays", secrets));
        assertEquals(null, Scrubber.scrubText(null, secrets));
        assertEquals("nothing", Scrubber.scrubText("nothing", Collections.emptyList()));
    }
}
