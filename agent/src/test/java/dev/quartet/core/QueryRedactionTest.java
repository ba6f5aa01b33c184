package dev.quartet.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QueryRedactionTest {
    @AfterEach
    void defaults() {
        QueryRedaction.configure(Arrays.asList(dev.quartet.config.Settings.REDACT_QUERY_PARAMETERS.defaultValue().split(",")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "AWSAccessKeyId=AKIA123&Signature=abc%2Bdef&Expires=1700000000"
            + "|AWSAccessKeyId=REDACTED&Signature=REDACTED&Expires=1700000000",
        "sig=xyz|sig=REDACTED",
        "X-Goog-Signature=0123abcd&X-Goog-Date=20240101T000000Z|X-Goog-Signature=REDACTED&X-Goog-Date=20240101T000000Z",
        "a=1&sig=2&b=3|a=1&sig=REDACTED&b=3",
        "awsaccesskeyid=k&SIGNATURE=s&Sig=t&x-goog-SIGNATURE=u"
            + "|awsaccesskeyid=REDACTED&SIGNATURE=REDACTED&Sig=REDACTED&x-goog-SIGNATURE=REDACTED",
        "sig=|sig=REDACTED",
        "sig=a=b|sig=REDACTED",
        "sig=1&sig=2|sig=REDACTED&sig=REDACTED",
    })
    void sensitiveValuesAreRedacted(String query, String expected) {
        assertEquals(expected, QueryRedaction.redact(query, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "q=hello&page=2",
        "signature_version=4&sigma=1&signatures=x&xsig=1&mysig=2",
        "Signature",
        "sig&AWSAccessKeyId",
        "a=1&&b=2",
        "a=1&",
        "&a=1",
        "&&a=1",
        "&",
        "",
        "=sig",
        "x=sig%3Dabc",
        "q=caf%C3%A9&z=\u00e9",
    })
    void everythingElseIsUntouched(String query) {
        assertEquals(query, QueryRedaction.redact(query, null));
    }

    @Test
    void redactionKeepsEmptyPairsAndOrderAroundSecrets() {
        assertEquals("&sig=REDACTED", QueryRedaction.redact("&sig=x", null));
        assertEquals("&&a=1&&Signature=REDACTED&", QueryRedaction.redact("&&a=1&&Signature=s&", null));
        assertEquals("z=1&y=2&Signature=REDACTED&x=3", QueryRedaction.redact("z=1&y=2&Signature=s&x=3", null));
    }

    @Test
    void secretValueNeverSurvives() {
        String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        for (String name : new String[] {"AWSAccessKeyId", "Signature", "sig", "X-Goog-Signature"}) {
            String redacted = QueryRedaction.redact("a=1&" + name + "=" + secret + "&b=2", null);
            assertFalse(redacted.contains(secret), redacted);
            assertEquals("a=1&" + name + "=REDACTED&b=2", redacted);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"token", "api_token", "password", "X-Amz-Signature", "X-Amz-Credential", "access_token",
        "code", "AWSAccessKeyId", "session_id", "client_secret", "apiKey", "X-Goog-Signature", "x-amz-security-token"})
    void credentialNamesOfEveryKindAreRedacted(String name) {
        List<String> values = new ArrayList<>();
        assertEquals("q=1&" + name + "=REDACTED", QueryRedaction.redact("q=1&" + name + "=s3cr%2Bet", values));
        assertEquals(Arrays.asList("s3cr%2Bet", "s3cr+et"), values);
    }

    @Test
    void anEncodedNameIsRecognised() {
        assertEquals("pass%77ord=REDACTED", QueryRedaction.redact("pass%77ord=x", null));
    }

    @Test
    void theServerRequestNeverHoldsTheValue() {
        ServerRequest r = new ServerRequest().query("page=2&token=abc123&password=hunter22");
        assertEquals("page=2&token=REDACTED&password=REDACTED", r.query());
        assertEquals(Arrays.asList("abc123", "hunter22"), r.redactedQueryValues());
    }

    @Test
    void anOutgoingCallsUrlIsRedacted() {
        ClientRequest call =
            new ClientRequest(new ServerRequest(), "test", "GET",
                "https://bucket.s3.amazonaws.com/k?X-Amz-Credential=AKIA%2F1&X-Amz-Signature=f00&x=1#frag",
                "bucket.s3.amazonaws.com", -1);
        assertEquals("https://bucket.s3.amazonaws.com/k?X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED&x=1",
            call.url());
    }

    @Test
    void theListIsConfigurable() {
        QueryRedaction.configure(Arrays.asList("ticket", "*pin*"));
        assertEquals("ticket=REDACTED&token=t&mypin2=REDACTED", QueryRedaction.redact("ticket=1&token=t&mypin2=3", null));
        QueryRedaction.configure(Collections.emptyList());
        assertEquals("token=t", QueryRedaction.redact("token=t", null));
    }

    @Test
    void aHugeQueryWithoutValuesIsQuick() {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            q.append('&');
        }
        q.append("token=x");
        assertTrue(QueryRedaction.redact(q.toString(), null).endsWith("token=REDACTED"));
    }
}
