package dev.quartet.backend.cloudwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.GeneratedServiceMetadataProvider;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;
import software.amazon.awssdk.regions.ServiceMetadata;
import software.amazon.awssdk.regions.internal.MetadataLoader;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * Quartet's replacement of the SDK's {@code MetadataLoader} (src/main/java/software/amazon/awssdk/regions/internal):
 * it answers as the SDK's does, in every partition, and building the CloudWatch Logs client no longer instantiates
 * the metadata of every AWS service.
 */
class RegionMetadataTest {
  private static final String ALL_SERVICES = "software.amazon.awssdk.regions.GeneratedServiceMetadataProvider";
  private static final List<Region> REGIONS =
      List.of(
          Region.US_EAST_1,
          Region.EU_WEST_1,
          Region.AP_SOUTHEAST_2,
          Region.CN_NORTH_1,
          Region.CN_NORTHWEST_1,
          Region.US_GOV_WEST_1,
          Region.US_ISO_EAST_1,
          Region.of("xx-unknown-1"));

  @Test
  void cloudWatchLogsMetadataIsTheGeneratedProvidersInEveryPartition() {
    ServiceMetadata generated =
        new GeneratedServiceMetadataProvider().serviceMetadata(CloudWatchLogsClient.SERVICE_METADATA_ID);
    ServiceMetadata ours = ServiceMetadata.of(CloudWatchLogsClient.SERVICE_METADATA_ID);
    assertSame(generated.getClass(), ours.getClass());
    assertSame(ours, ServiceMetadata.of(CloudWatchLogsClient.SERVICE_METADATA_ID), "one instance, as the SDK's table");
    for (Region r : REGIONS) {
      assertEquals(generated.signingRegion(r), ours.signingRegion(r), "signing region in " + r);
      assertEquals(generated.endpointFor(r), ours.endpointFor(r), "endpoint in " + r);
    }
    assertEquals(Region.CN_NORTH_1, ours.signingRegion(Region.CN_NORTH_1));
    assertEquals("logs.cn-north-1.amazonaws.com.cn", ours.endpointFor(Region.CN_NORTH_1).toString());
    assertEquals("logs.us-gov-west-1.amazonaws.com", ours.endpointFor(Region.US_GOV_WEST_1).toString());
    assertEquals(generated.regions(), ours.regions());
  }

  /**
   * Other services are unknown (the jar carries no metadata of theirs): null, the SDK's own answer for a service it
   * has no metadata of, so that {@code ServiceMetadata.of} falls back to the default endpoint pattern. Regions and
   * partitions still resolve in full.
   */
  @Test
  void otherServicesAreUnknownRegionsAndPartitionsStillResolve() {
    GeneratedServiceMetadataProvider generated = new GeneratedServiceMetadataProvider();
    assertNull(generated.serviceMetadata("no-such-service"), "the SDK's answer for a service it does not know");
    for (String service : List.of("sts", "s3", "monitoring", "no-such-service")) {
      assertNull(MetadataLoader.serviceMetadata(service), service);
      assertEquals(service + ".eu-west-1.amazonaws.com",
          ServiceMetadata.of(service).endpointFor(Region.EU_WEST_1).toString(), service);
    }
    assertEquals("aws-cn", PartitionMetadata.of(Region.CN_NORTH_1).id());
    assertEquals("aws-us-gov", PartitionMetadata.of(Region.US_GOV_WEST_1).id());
    assertEquals("aws", PartitionMetadata.of("aws").id());
    RegionMetadata gov = RegionMetadata.of(Region.US_GOV_WEST_1);
    assertNotNull(gov);
    assertEquals("amazonaws.com", gov.domain());
    assertEquals("aws-cn", RegionMetadata.of(Region.CN_NORTHWEST_1).partition().id());
  }

  /** An SDK upgrade that adds or changes a method of its MetadataLoader fails here, not at run time. */
  @Test
  void keepsEveryPublicMethodOfTheSdksMetadataLoader() throws Exception {
    assertTrue(isOurs(MetadataLoader.class), "the test class path sees Quartet's MetadataLoader first");
    try (Isolated sdkFirst = new Isolated(true)) {
      Class<?> sdks = sdkFirst.loadClass(MetadataLoader.class.getName());
      assertFalse(isOurs(sdks), "the regions jar's own MetadataLoader");
      assertEquals(publicMethods(sdks), publicMethods(MetadataLoader.class));
    }
  }

  /** What the replacement is for: the client build, as LogsClients does it, in a class loader of its own. */
  @Test
  void buildingTheClientInstantiatesNoOtherServicesMetadata() throws Exception {
    String before = System.getProperty("aws.region");
    System.setProperty("aws.region", "cn-north-1");
    try {
      try (Isolated ours = new Isolated(false)) {
        buildAndClose(ours);
        assertTrue(ours.loaded("software.amazon.awssdk.regions.servicemetadata.LogsServiceMetadata"));
        assertFalse(ours.loaded(ALL_SERVICES), "the table of every AWS service was built");
        assertFalse(ours.loaded("software.amazon.awssdk.regions.servicemetadata.S3ServiceMetadata"));
      }
      // the control: with the SDK's own MetadataLoader the same build loads them all (so the check above can fail)
      try (Isolated sdk = new Isolated(true)) {
        buildAndClose(sdk);
        assertTrue(sdk.loaded(ALL_SERVICES));
        assertTrue(sdk.loaded("software.amazon.awssdk.regions.servicemetadata.S3ServiceMetadata"));
      }
    } finally {
      if (before == null) {
        System.clearProperty("aws.region");
      } else {
        System.setProperty("aws.region", before);
      }
    }
  }

  private static void buildAndClose(Isolated loader) throws Exception {
    Method build =
        loader.loadClass(LogsClients.class.getName())
            .getDeclaredMethod("build", String.class, Duration.class, String.class);
    build.setAccessible(true);
    try (AutoCloseable client = (AutoCloseable) build.invoke(null, "http://127.0.0.1:9", Duration.ofSeconds(1), "t")) {
      assertNotNull(client);
    }
  }

  private static boolean isOurs(Class<?> metadataLoader) {
    return Arrays.stream(metadataLoader.getDeclaredClasses()).anyMatch(c -> c.getSimpleName().equals("Logs"));
  }

  private static Set<String> publicMethods(Class<?> c) {
    Set<String> out = new TreeSet<>();
    for (Method m : c.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers())) {
        out.add(m.toGenericString());
      }
    }
    return out;
  }

  /** The test class path in a loader of its own (parent: the platform loader), optionally the regions jar first. */
  private static final class Isolated extends URLClassLoader {
    Isolated(boolean regionsJarFirst) throws MalformedURLException {
      super(classPath(regionsJarFirst), ClassLoader.getPlatformClassLoader());
    }

    boolean loaded(String name) {
      return findLoadedClass(name) != null;
    }

    private static URL[] classPath(boolean regionsJarFirst) throws MalformedURLException {
      String regionsJar =
          new File(GeneratedServiceMetadataProvider.class.getProtectionDomain().getCodeSource().getLocation().getPath())
              .getPath();
      List<URL> urls = new ArrayList<>();
      if (regionsJarFirst) {
        urls.add(new File(regionsJar).toURI().toURL());
      }
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        if (!entry.equals(regionsJar)) {
          urls.add(new File(entry).toURI().toURL());
        }
      }
      if (!regionsJarFirst) {
        urls.add(new File(regionsJar).toURI().toURL());
      }
      assertTrue(urls.size() > 10, "the test class path: " + urls);
      return urls.toArray(new URL[0]);
    }
  }
}
