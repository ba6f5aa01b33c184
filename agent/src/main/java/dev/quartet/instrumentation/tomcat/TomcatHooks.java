package dev.quartet.instrumentation.tomcat;

import dev.quartet.instrumentation.container.ContainerCapture;
import dev.quartet.instrumentation.container.ContainerHooks;

/**
 * Tomcat: the exchange starts where the connector hands it to Catalina ({@code CoyoteAdapter.service}) and ends when
 * that call returns — after the valves, error pages, the wrapper valve's own error line and whatever Catalina
 * answered itself — or, for an async request, when its AsyncContext completes.
 */
public final class TomcatHooks implements ContainerHooks {
  /** The coyote request and its start time that {@code service} last served on this thread. */
  private static final ThreadLocal<long[]> LAST_SERVED = new ThreadLocal<>();

  private final ContainerCapture containers;

  public TomcatHooks(ContainerCapture containers) {
    this.containers = containers;
  }

  @Override
  public Object enter(Object request, Object response) throws Throwable {
    CoyoteApi api = CoyoteApi.of(request);
    if (api == null) {
      return null;
    }
    LAST_SERVED.set(new long[] {System.identityHashCode(request), api.startTime(request)});
    return containers.start(api.exchange(request, response), false);
  }

  /**
   * {@code CoyoteAdapter.log}: the connector rejected a request before {@code service} (a malformed request line or
   * header: 400), or {@code service} threw. The first is a request of its own, ended at once; the second was ended
   * when {@code service} returned.
   */
  public static final class Rejected implements ContainerHooks {
    private final ContainerCapture containers;

    public Rejected(ContainerCapture containers) {
      this.containers = containers;
    }

    @Override
    public Object enter(Object request, Object response) throws Throwable {
      CoyoteApi api = CoyoteApi.of(request);
      if (api == null) {
        return null;
      }
      long[] served = LAST_SERVED.get();
      if (served != null
          && served[0] == System.identityHashCode(request)
          && served[1] == api.startTime(request)) {
        return null;
      }
      containers.exit(containers.start(api.exchange(request, response), false), null);
      return null;
    }
  }
}
