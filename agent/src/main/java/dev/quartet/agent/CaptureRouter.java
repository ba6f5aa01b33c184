package dev.quartet.agent;

import dev.quartet.bootstrap.Capture;
import dev.quartet.core.CurrentRequest;
import dev.quartet.core.AgentLog;
import dev.quartet.core.Dispatcher;
import dev.quartet.instrumentation.container.ContainerCapture;
import dev.quartet.instrumentation.container.ContainerHooks;
import dev.quartet.instrumentation.httpclient.HttpClientCapture;
import dev.quartet.instrumentation.jaxrs.JaxRsRoutes;
import dev.quartet.instrumentation.logging.LoggingCapture;
import dev.quartet.instrumentation.methods.MethodCapture;
import dev.quartet.instrumentation.servlet.ServletCapture;
import java.util.Map;

/** The one {@link Capture} the bridge calls: routes each kind of event to the instrumentation that reads it. */
final class CaptureRouter implements Capture {
  private final ServletCapture servlets;
  private final LoggingCapture logs;
  private final HttpClientCapture clients;
  private final Dispatcher dispatcher;
  private final ContainerCapture containers;
  private final Map<String, ContainerHooks> containerHooks;
  private final JaxRsRoutes jaxrs = new JaxRsRoutes();

  CaptureRouter(
      ServletCapture servlets,
      LoggingCapture logs,
      HttpClientCapture clients,
      Dispatcher dispatcher,
      ContainerCapture containers,
      Map<String, ContainerHooks> containerHooks) {
    this.servlets = servlets;
    this.logs = logs;
    this.clients = clients;
    this.dispatcher = dispatcher;
    this.containers = containers;
    this.containerHooks = containerHooks;
  }

  @Override
  public Object containerEnter(String container, Object request, Object response) {
    ContainerHooks hooks = containerHooks.get(container);
    try {
      return hooks == null ? null : hooks.enter(request, response);
    } catch (Throwable t) {
      AgentLog.warnOnce(container + ".enter", container + ": could not capture a request", t);
      return null;
    }
  }

  @Override
  public void containerExit(Object token, Throwable thrown) {
    if (token instanceof ContainerCapture.Scope) {
      containers.exit((ContainerCapture.Scope) token, thrown);
    }
  }

  @Override
  public void containerCompleted(String container, Object request) {
    ContainerHooks hooks = containerHooks.get(container);
    try {
      if (hooks != null) {
        hooks.completed(request);
      }
    } catch (Throwable t) {
      AgentLog.warnOnce(container + ".completed", container + ": could not complete a request", t);
    }
  }

  @Override
  public Object serverEnter(Object request, Object response) {
    return servlets.serverEnter(request, response);
  }

  @Override
  public void serverExit(Object token, Object request, Object response, Throwable thrown) {
    servlets.serverExit(token, request, response, thrown);
  }

  @Override
  public void asyncStarted(Object request, Object asyncContext) {
    servlets.asyncStarted(request, asyncContext);
  }

  @Override
  public Runnable asyncTask(Object asyncContext, Runnable task) {
    return servlets.asyncTask(asyncContext, task);
  }

  @Override
  public Object logEnter(String library, Object source, Object event) {
    return logs.logEnter(library, source, event);
  }

  @Override
  public void logExit(Object token) {
    logs.logExit(token);
  }

  @Override
  public Object clientEnter(String library, Object request) {
    return clients.clientEnter(library, request);
  }

  @Override
  public Object clientRequest(Object token, Object request) {
    return clients.clientRequest(token, request);
  }

  @Override
  public void clientExit(Object token, Object result, Throwable thrown) {
    clients.clientExit(token, result, thrown);
  }

  @Override
  public void handlerEnter(String framework, Class<?> type, String method) {
    jaxrs.handlerEnter(type, method);
  }

  @Override
  public void uncaughtException(Thread thread, Throwable error) {
    dispatcher.uncaughtException(thread, error, CurrentRequest.get());
  }

  // --- methods named by rules or @WithSpan ---

  private MethodCapture methods;

  /** Routes method events to {@code capture}; set before the router is installed on the bridge. */
  CaptureRouter methods(MethodCapture capture) {
    this.methods = capture;
    return this;
  }

  @Override
  public Object methodEnter(int site, Object self, Object[] args) {
    return methods == null ? null : methods.methodEnter(site, self, args);
  }

  @Override
  public void methodExit(Object token, Object returned, Throwable thrown) {
    if (methods != null) {
      methods.methodExit(token, returned, thrown);
    }
  }
}
