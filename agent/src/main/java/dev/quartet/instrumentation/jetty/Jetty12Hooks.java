package dev.quartet.instrumentation.jetty;

import dev.quartet.core.AgentLog;
import dev.quartet.instrumentation.container.ContainerCapture;
import dev.quartet.instrumentation.container.ContainerHooks;
import dev.quartet.instrumentation.container.Exchange;

/**
 * Jetty 12: the exchange starts at {@code Server.handle(Request, Response, Callback)} and ends when Jetty completes
 * its stream ({@code Request.addCompletionListener}), after async processing and error handling, with the status
 * sent — also when no handler took the request (Jetty's own 404).
 */
public final class Jetty12Hooks implements ContainerHooks {
  private final ContainerCapture containers;

  public Jetty12Hooks(ContainerCapture containers) {
    this.containers = containers;
  }

  @Override
  public Object enter(Object request, Object response) throws Throwable {
    Jetty12Api api = Jetty12Api.of(request);
    if (api == null) {
      return null; // a Jetty 12 without completion listeners: the servlet layer captures
    }
    ContainerCapture.Scope scope = containers.start(api.exchange(request, response), true);
    if (scope == null) {
      return null;
    }
    Exchange exchange = scope.exchange();
    try {
      api.onCompletion(
          request,
          failure -> {
            exchange.request().failed(failure);
            exchange.end();
          });
    } catch (Throwable t) {
      AgentLog.warnOnce("jetty.completion", "jetty: could not follow a request to its completion", t);
      exchange.end();
    }
    return scope;
  }
}
