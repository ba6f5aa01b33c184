package dev.quartet.instrumentation.undertow;

import dev.quartet.core.AgentLog;
import dev.quartet.instrumentation.container.ContainerCapture;
import dev.quartet.instrumentation.container.ContainerHooks;
import dev.quartet.instrumentation.container.Exchange;

/**
 * Undertow: the exchange starts at the first {@code Connectors.executeRootHandler} (later calls are dispatches of
 * the same exchange, often onto a worker thread, and make it current there) and ends when Undertow completes it.
 */
public final class UndertowHooks implements ContainerHooks {
  private final ContainerCapture containers;

  public UndertowHooks(ContainerCapture containers) {
    this.containers = containers;
  }

  @Override
  public Object enter(Object serverExchange, Object unused) throws Throwable {
    UndertowApi api = UndertowApi.of(serverExchange);
    if (api == null) {
      return null;
    }
    Object known = api.attachment(serverExchange);
    if (known instanceof Exchange) {
      return containers.resume((Exchange) known);
    }
    ContainerCapture.Scope scope = containers.start(api.exchange(serverExchange), true);
    if (scope == null) {
      return null;
    }
    Exchange exchange = scope.exchange();
    api.attach(serverExchange, exchange);
    try {
      api.onCompletion(
          serverExchange,
          (proxy, method, args) -> {
            switch (method.getName()) {
              case "exchangeEvent":
                try {
                  exchange.end();
                } finally {
                  api.proceed(args[1]);
                }
                return null;
              case "equals":
                return proxy == args[0];
              case "hashCode":
                return System.identityHashCode(proxy);
              case "toString":
                return "QuartetExchangeCompletionListener";
              default:
                return null;
            }
          });
    } catch (Throwable t) {
      AgentLog.warnOnce("undertow.completion", "undertow: could not follow a request to its completion", t);
      exchange.end();
    }
    return scope;
  }
}
