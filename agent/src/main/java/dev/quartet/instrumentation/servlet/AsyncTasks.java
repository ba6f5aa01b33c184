package dev.quartet.instrumentation.servlet;

import dev.quartet.core.CurrentRequest;
import dev.quartet.core.ServerRequest;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Work a request hands off with {@code AsyncContext.start(task)}: the container runs the task on another of its
 * threads, where nothing would name the request; wrapped, the task runs with the request current (its log records
 * carry the trace) and the thread's own context comes back when it ends.
 */
final class AsyncTasks {
  /** {@code AsyncContext.getRequest()} of each implementation class, through its servlet interface; empty if none. */
  private static final ClassValue<MethodHandle[]> GET_REQUEST =
      new ClassValue<MethodHandle[]>() {
        @Override
        protected MethodHandle[] computeValue(Class<?> type) {
          for (String namespace : new String[] {"jakarta.servlet", "javax.servlet"}) {
            try {
              Class<?> asyncContext = Class.forName(namespace + ".AsyncContext", false, type.getClassLoader());
              if (asyncContext.isAssignableFrom(type)) {
                MethodHandle h =
                    MethodHandles.publicLookup()
                        .unreflect(asyncContext.getMethod("getRequest"))
                        .asType(MethodType.methodType(Object.class, Object.class));
                return new MethodHandle[] {h};
              }
            } catch (Throwable notThisOne) {
              // try the other namespace
            }
          }
          return new MethodHandle[0];
        }
      };

  private AsyncTasks() {}

  /** {@code task} within the request of {@code asyncContext} (else the one current on this thread), or as it is. */
  static Runnable withRequest(Object asyncContext, Runnable task) {
    if (task == null || task instanceof CurrentRequest.Carrier) {
      return task; // a wrapping AsyncContext delegated to the one that already wrapped it
    }
    ServerRequest request = requestOf(asyncContext);
    if (request == null) {
      request = CurrentRequest.get();
    }
    return request == null ? task : CurrentRequest.carrying(request, task);
  }

  private static ServerRequest requestOf(Object asyncContext) {
    try {
      MethodHandle[] getRequest = GET_REQUEST.get(asyncContext.getClass());
      if (getRequest.length == 0) {
        return null;
      }
      Object req = (Object) getRequest[0].invokeExact(asyncContext);
      ServletApi api = req == null ? null : ServletApi.of(req);
      Object tracked = api == null ? null : api.attribute(req, ServletCapture.REQUEST_ATTRIBUTE);
      return tracked instanceof ServletCapture.Tracked ? ((ServletCapture.Tracked) tracked).request : null;
    } catch (Throwable t) {
      return null; // a completed context throws IllegalStateException
    }
  }
}
