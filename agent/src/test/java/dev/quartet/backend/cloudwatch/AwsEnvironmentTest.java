package dev.quartet.backend.cloudwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwsEnvironmentTest {
  @TempDir Path home;
  @TempDir Path sys;

  private AwsEnvironment env(Map<String, String> vars, Properties props) {
    return new AwsEnvironment(vars, props, home, sys);
  }

  private AwsEnvironment env(Map<String, String> vars) {
    return env(vars, new Properties());
  }

  @Test
  void nothingConfiguredMeansLocalMode() {
    AwsEnvironment e = env(Map.of());
    assertNull(e.credentialSource());
    assertNull(e.sdkEndpoint());
  }

  @Test
  void serviceEndpointWinsOverTheGlobalOneAndCanBeIgnored() {
    assertEquals("http://a", env(Map.of("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "http://a", "AWS_ENDPOINT_URL", "http://b")).sdkEndpoint());
    assertEquals("http://b", env(Map.of("AWS_ENDPOINT_URL", "http://b")).sdkEndpoint());
    Properties p = new Properties();
    p.setProperty("aws.endpointUrlCloudWatchLogs", "http://c");
    assertEquals("http://c", env(Map.of("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "http://a"), p).sdkEndpoint());
    assertNull(env(Map.of("AWS_ENDPOINT_URL", "http://b", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")).sdkEndpoint());
  }

  @Test
  void credentialSourcesOfTheDefaultChain() throws Exception {
    assertEquals("environment", env(Map.of("AWS_ACCESS_KEY_ID", "AKIA")).credentialSource());
    Properties p = new Properties();
    p.setProperty("aws.accessKeyId", "AKIA");
    assertEquals("system properties", env(Map.of(), p).credentialSource());
    assertEquals("web identity token", env(Map.of("AWS_WEB_IDENTITY_TOKEN_FILE", "/t")).credentialSource());
    assertEquals("container credentials", env(Map.of("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/x")).credentialSource());
    Files.createDirectories(home.resolve(".aws"));
    Files.writeString(home.resolve(".aws/credentials"), "[dev]\naws_access_key_id=x\n");
    assertEquals("profile dev", env(Map.of("AWS_PROFILE", "dev")).credentialSource());
    assertNull(env(Map.of("AWS_SHARED_CREDENTIALS_FILE", home.resolve("none").toString(),
        "AWS_CONFIG_FILE", home.resolve("none2").toString())).credentialSource());
  }

  @Test
  void ec2IsRecognisedFromSysfsUnlessMetadataIsDisabled() throws Exception {
    Files.createDirectories(sys.resolve("devices/virtual/dmi/id"));
    Files.writeString(sys.resolve("devices/virtual/dmi/id/sys_vendor"), "Amazon EC2\n");
    assertEquals("EC2 instance profile", env(Map.of()).credentialSource());
    assertNull(env(Map.of("AWS_EC2_METADATA_DISABLED", "true")).credentialSource());
  }
}
