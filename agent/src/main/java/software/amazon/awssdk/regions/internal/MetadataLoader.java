package software.amazon.awssdk.regions.internal;

import software.amazon.awssdk.regions.GeneratedPartitionMetadataProvider;
import software.amazon.awssdk.regions.GeneratedRegionMetadataProvider;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.PartitionMetadataProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;
import software.amazon.awssdk.regions.RegionMetadataProvider;
import software.amazon.awssdk.regions.ServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.LogsServiceMetadata;

/**
 * Quartet's stand-in for the AWS SDK's class of the same name (agent/pom.xml leaves the SDK's out of the shaded
 * jar). Same methods; the difference is what it knows of services and when it builds the generated providers. The
 * SDK's builds all three in its static initializer, and the service provider instantiates the metadata class of
 * every AWS service (over 300 classes, ~150 ms of the CloudWatch Logs sender's start) while the client asks for one:
 * the signing region of {@code logs}, which every client build resolves. Here the region and partition providers are
 * built on first use, and {@code logs} is the only service known: the jar carries no other service's metadata (0.76
 * MB), and for any other service the answer is null, the SDK's own answer for a service it has no metadata of (its
 * {@code ServiceMetadata.of} then falls back to the default endpoint pattern). Quartet's client never asks for one.
 *
 * <p>Must keep the SDK's public methods ({@code RegionMetadataTest} compares them with the SDK's own class).
 */
public final class MetadataLoader {
  /** CloudWatch Logs' endpoint prefix: {@code CloudWatchLogsClient.SERVICE_METADATA_ID}. */
  static final String LOGS = "logs";

  private MetadataLoader() {}

  public static PartitionMetadata partitionMetadata(Region region) {
    return Partitions.PROVIDER.partitionMetadata(region);
  }

  public static PartitionMetadata partitionMetadata(String partition) {
    return Partitions.PROVIDER.partitionMetadata(partition);
  }

  public static RegionMetadata regionMetadata(Region region) {
    return Regions.PROVIDER.regionMetadata(region);
  }

  public static ServiceMetadata serviceMetadata(String service) {
    return LOGS.equals(service) ? Logs.METADATA : null;
  }

  // One holder class each: the JVM builds each provider once, on first use, thread-safely.
  private static final class Partitions {
    static final PartitionMetadataProvider PROVIDER = new GeneratedPartitionMetadataProvider();
  }

  private static final class Regions {
    static final RegionMetadataProvider PROVIDER = new GeneratedRegionMetadataProvider();
  }

  private static final class Logs {
    static final ServiceMetadata METADATA = new LogsServiceMetadata();
  }
}
