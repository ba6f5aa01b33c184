package com.amazonaws.xray.strategy.sampling;

import java.net.URL;

/**
 * Quartet's stand-in for the X-Ray SDK's class of the same name (agent/pom.xml leaves the SDK's out of the shaded
 * jar). Same methods, same answers; the difference is when the work is done. The SDK's is an empty subclass of
 * {@link CentralizedSamplingStrategy}, and {@code AWSXRayRecorder}'s only constructor makes one: the default rules
 * parsed with a new Jackson mapper, a {@code SecureRandom} client id, a sampling client, a manifest and two pollers'
 * executors, thrown away at once because Quartet sets its own strategy (XrayBackend). Here that strategy is made on
 * first use, and a recorder whose strategy is replaced never makes it: the X-Ray start thread's CPU fell by 60-110 ms
 * with {@code QUARTET_XRAY_SAMPLING} all or none (Jackson's first mapper is now made by the SDK's serialiser, which
 * needs it anyway), by ~10 ms in the default centralized mode (its fallback rules load the same classes).
 *
 * <p>The one visible difference: this class implements {@link SamplingStrategy} instead of extending {@link
 * CentralizedSamplingStrategy} (extending it would run that constructor). Nothing in the SDK or Quartet uses a
 * {@code DefaultSamplingStrategy} as a {@code CentralizedSamplingStrategy} ({@code DefaultSamplingStrategyTest}
 * checks the SDK's classes, and that the public methods are the SDK's class's own).
 */
public class DefaultSamplingStrategy implements SamplingStrategy {
  private volatile CentralizedSamplingStrategy made;
  private boolean shutDown;

  public DefaultSamplingStrategy() {}

  /** As the SDK's: the manifest URL of the fallback rules, the SDK's bundled default rules. */
  public URL getSamplingManifestURL() {
    return strategy().getSamplingManifestURL();
  }

  @Override
  public SamplingResponse shouldTrace(SamplingRequest samplingRequest) {
    return strategy().shouldTrace(samplingRequest);
  }

  /** The SDK's constructor passes {@code false} to {@link CentralizedSamplingStrategy}: answered without making it. */
  @Override
  public boolean isForcedSamplingSupported() {
    return false;
  }

  /** Shuts the strategy down if it was made; one made later is shut down before its first use, as the SDK's was. */
  @Override
  public synchronized void shutdown() {
    shutDown = true;
    if (made != null) {
      made.shutdown();
    }
  }

  public static String getClientID() {
    return CentralizedSamplingStrategy.getClientID();
  }

  private CentralizedSamplingStrategy strategy() {
    CentralizedSamplingStrategy strategy = made;
    return strategy != null ? strategy : make();
  }

  private synchronized CentralizedSamplingStrategy make() {
    if (made == null) {
      CentralizedSamplingStrategy strategy = new CentralizedSamplingStrategy();
      if (shutDown) {
        strategy.shutdown();
      }
      made = strategy;
    }
    return made;
  }
}
