package dev.quartet.backend.cloudwatch;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * What the AWS SDK would find, read without any network call or SDK class, so that the agent can decide at start
 * (in microseconds) whether there is a CloudWatch Logs destination at all or logs stay in a local file. Mirrors the
 * SDK's default chains: endpoint ({@code AWS_ENDPOINT_URL_CLOUDWATCH_LOGS}, then {@code AWS_ENDPOINT_URL}, and their
 * system properties) and credential sources (system properties, environment, web identity token, shared config and
 * credentials files, container credentials, EC2 instance profile). Whether the credentials work is learnt at the
 * first call, which the SDK makes with its real default chain.
 */
final class AwsEnvironment {
  private final Map<String, String> env;
  private final Properties sys;
  private final Path home;
  private final Path sysfs;

  AwsEnvironment(Map<String, String> env, Properties sys, Path home, Path sysfs) {
    this.env = env;
    this.sys = sys;
    this.home = home;
    this.sysfs = sysfs;
  }

  static AwsEnvironment current() {
    return new AwsEnvironment(
        System.getenv(),
        System.getProperties(),
        Paths.get(System.getProperty("user.home", ".")),
        Paths.get("/sys"));
  }

  private String value(String envName, String property) {
    String v = property == null ? null : sys.getProperty(property);
    if (v == null || v.trim().isEmpty()) {
      v = env.get(envName);
    }
    return v == null || v.trim().isEmpty() ? null : v.trim();
  }

  /** The endpoint the AWS SDK will use from its own configuration, or null for the AWS endpoint of the region. */
  String sdkEndpoint() {
    if ("true".equalsIgnoreCase(value("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "aws.ignoreConfiguredEndpointUrls"))) {
      return null;
    }
    String service = value("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "aws.endpointUrlCloudWatchLogs");
    return service != null ? service : value("AWS_ENDPOINT_URL", "aws.endpointUrl");
  }

  /** Where the SDK's default credential chain would find credentials, or null when it would find none. */
  String credentialSource() {
    if (value("AWS_ACCESS_KEY_ID", "aws.accessKeyId") != null) {
      return sys.getProperty("aws.accessKeyId") != null ? "system properties" : "environment";
    }
    if (value("AWS_WEB_IDENTITY_TOKEN_FILE", "aws.webIdentityTokenFile") != null) {
      return "web identity token";
    }
    Path credentials = file("AWS_SHARED_CREDENTIALS_FILE", "aws.sharedCredentialsFile", ".aws/credentials");
    Path config = file("AWS_CONFIG_FILE", "aws.configFile", ".aws/config");
    if (Files.isRegularFile(credentials) || Files.isRegularFile(config)) {
      return "profile " + profile();
    }
    if (value("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", null) != null
        || value("AWS_CONTAINER_CREDENTIALS_FULL_URI", null) != null) {
      return "container credentials";
    }
    if (!"true".equalsIgnoreCase(value("AWS_EC2_METADATA_DISABLED", "aws.disableEc2Metadata")) && onEc2()) {
      return "EC2 instance profile";
    }
    return null;
  }

  private String profile() {
    String p = value("AWS_PROFILE", "aws.profile");
    return p == null ? "default" : p;
  }

  private Path file(String envName, String property, String underHome) {
    String v = value(envName, property);
    if (v == null) {
      return home.resolve(underHome);
    }
    return v.startsWith("~/") ? home.resolve(v.substring(2)) : Paths.get(v);
  }

  /** EC2 (Nitro and Xen) identifies itself in sysfs; reading it is a local file read, not a metadata call. */
  private boolean onEc2() {
    Path dmi = sysfs.resolve("devices/virtual/dmi/id");
    String vendor = read(dmi.resolve("sys_vendor")) + " " + read(dmi.resolve("bios_vendor"));
    String assetTag = read(dmi.resolve("board_asset_tag"));
    String xen = read(sysfs.resolve("hypervisor/uuid"));
    return vendor.toLowerCase(Locale.ROOT).contains("amazon")
        || assetTag.startsWith("i-")
        || xen.toLowerCase(Locale.ROOT).startsWith("ec2");
  }

  private static String read(Path p) {
    try {
      return Files.isReadable(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8).trim() : "";
    } catch (Exception e) {
      return "";
    }
  }
}
