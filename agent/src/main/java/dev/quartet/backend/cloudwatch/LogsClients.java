package dev.quartet.backend.cloudwatch;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClientBuilder;

/** Builds the AWS SDK client; its own class so that nothing of the SDK is loaded before the sender needs it. */
final class LogsClients {
  private LogsClients() {}

  /**
   * URL-connection HTTP (no Netty, no Apache client, no threads) with connect and read timeouts; region and
   * credentials from the SDK's default chains; the endpoint from {@code endpointOverride}, else from the SDK's own
   * {@code AWS_ENDPOINT_URL_CLOUDWATCH_LOGS} / {@code AWS_ENDPOINT_URL}. Retries are the sender's (until delivered,
   * within the shutdown deadline), so the SDK makes one attempt per call.
   */
  static CloudWatchLogsClient build(String endpointOverride, Duration timeout, String version) {
    CloudWatchLogsClientBuilder b =
        CloudWatchLogsClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout))
            .overrideConfiguration(
                o ->
                    o.retryStrategy(DefaultRetryStrategy.doNotRetry())
                        .putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, "quartet/" + version));
    if (endpointOverride != null) {
      b.endpointOverride(URI.create(endpointOverride));
    }
    return b.build();
  }
}
