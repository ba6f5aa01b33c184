package dev.quartet.instrumentation.jetty;

import static dev.quartet.instrumentation.container.Handles.method;

import dev.quartet.instrumentation.container.ContainerCapture;
import dev.quartet.instrumentation.container.ContainerHooks;
import dev.quartet.instrumentation.container.Exchange;
import dev.quartet.instrumentation.servlet.ServletContainerRequest;
import java.lang.invoke.MethodHandle;

/**
 * Jetty 9.4 to 11: the exchange starts at the first {@code HttpChannel.handle()} of a request (later calls are its
 * async dispatches and make it current again) and ends at {@code HttpChannel.onCompleted()}, after error pages and
 * async completion. Jetty's request there already is a servlet request, so it is read through the servlet API.
 */
public final class JettyChannelHooks implements ContainerHooks {
  private static final ClassValue<MethodHandle[]> CHANNEL_API =
      new ClassValue<MethodHandle[]>() {
        @Override
        protected MethodHandle[] computeValue(Class<?> type) {
          try {
            Class<?> channel = Class.forName("org.eclipse.jetty.server.HttpChannel", false, type.getClassLoader());
            return new MethodHandle[] {method(channel, "getRequest"), method(channel, "getResponse")};
          } catch (Throwable t) {
            return new MethodHandle[0];
          }
        }
      };

  private final ContainerCapture containers;

  public JettyChannelHooks(ContainerCapture containers) {
    this.containers = containers;
  }

  @Override
  public Object enter(Object channel, Object unused) throws Throwable {
    MethodHandle[] api = CHANNEL_API.get(channel.getClass());
    if (api.length == 0) {
      return null;
    }
    Object request = (Object) api[0].invokeExact(channel);
    Exchange known = ServletContainerRequest.exchangeOf(request);
    if (known != null) {
      return containers.resume(known);
    }
    ServletContainerRequest container = ServletContainerRequest.of(request, (Object) api[1].invokeExact(channel));
    if (container == null) {
      return null;
    }
    ContainerCapture.Scope scope = containers.start(container, true);
    if (scope != null) {
      ServletContainerRequest.remember(request, scope.exchange());
    }
    return scope;
  }

  @Override
  public void completed(Object channel) throws Throwable {
    MethodHandle[] api = CHANNEL_API.get(channel.getClass());
    if (api.length == 0) {
      return;
    }
    Exchange exchange = ServletContainerRequest.exchangeOf((Object) api[0].invokeExact(channel));
    if (exchange != null) {
      exchange.end();
    }
  }
}
