package dev.quartet.instrumentation.container;

import dev.quartet.core.AgentLog;
import dev.quartet.core.RequestView;
import dev.quartet.core.ServerRequest;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request a known container serves, from the moment its connector hands it over until the container completes
 * the response. The servlet layer finds it on the serving thread ({@link ContainerCapture#serving()}) and only adds
 * what the container cannot know: the route, the user, the exception the chain threw, whether it went async.
 */
public final class Exchange implements RequestView {
  private final ContainerCapture owner;
  private final ServerRequest request;
  private final ContainerRequest container;
  private final boolean containerReportsCompletion;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile boolean servletAsync;
  private volatile String userPrincipal;

  Exchange(
      ContainerCapture owner,
      ServerRequest request,
      ContainerRequest container,
      boolean containerReportsCompletion) {
    this.owner = owner;
    this.request = request;
    this.container = container;
    this.containerReportsCompletion = containerReportsCompletion;
  }

  public ServerRequest request() {
    return request;
  }

  ContainerRequest container() {
    return container;
  }

  /**
   * The servlet layer started async processing. Where the container tells when the response is complete (Jetty 12,
   * Undertow) nothing changes; elsewhere (Tomcat) the AsyncContext's completion ends the request instead of the
   * container's call returning.
   */
  public void servletAsyncStarted() {
    servletAsync = true;
  }

  boolean endsWhenTheCallReturns() {
    return !containerReportsCompletion && !servletAsync;
  }

  /** The AsyncContext completed: the end of the request when the container does not report it itself. */
  public void servletAsyncCompleted() {
    if (!containerReportsCompletion) {
      end();
    }
  }

  /** Read by the servlet layer while it still holds the request: containers recycle it before they complete. */
  public void userPrincipal(String name) {
    userPrincipal = name;
  }

  /** Ends the request once: the status and length the container sent. */
  public void end() {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    try {
      owner.end(this);
    } catch (Throwable t) {
      AgentLog.warnOnce("container.end", "container: could not complete a request", t);
    }
  }

  @Override
  public String header(String name) {
    try {
      return container.header(name);
    } catch (Throwable t) {
      return null;
    }
  }

  @Override
  public List<String> headerNames() {
    try {
      return container.headerNames();
    } catch (Throwable t) {
      return Collections.emptyList();
    }
  }

  @Override
  public String userPrincipal() {
    return userPrincipal;
  }

  @Override
  public String url() {
    return null; // the backends build it from the captured scheme, host, port and path
  }
}
