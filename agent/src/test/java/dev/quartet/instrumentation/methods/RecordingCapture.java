package dev.quartet.instrumentation.methods;

import dev.quartet.bootstrap.Capture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** What instrumented methods handed the bridge: one line per enter and exit. */
class RecordingCapture implements Capture {
  final List<String> events = Collections.synchronizedList(new ArrayList<>());
  private final Sites sites;

  RecordingCapture(Sites sites) {
    this.sites = sites;
  }

  @Override
  public Object methodEnter(int site, Object self, Object[] args) {
    Site s = sites.get(site);
    events.add(
        "enter " + (s == null ? "unknown site " + site : s.displayName) + " this=" + (self == null ? "null" : "set")
            + " args=" + (args == null ? "null" : Arrays.toString(args)));
    return s;
  }

  @Override
  public void methodExit(Object token, Object returned, Throwable thrown) {
    events.add("exit " + ((Site) token).displayName + " returned=" + returned + " thrown=" + thrown);
  }

  @Override public Object serverEnter(Object request, Object response) { return null; }
  @Override public void serverExit(Object token, Object request, Object response, Throwable thrown) {}
  @Override public void asyncStarted(Object request, Object asyncContext) {}
  @Override public Object containerEnter(String container, Object request, Object response) { return null; }
  @Override public void containerExit(Object token, Throwable thrown) {}
  @Override public void containerCompleted(String container, Object request) {}
  @Override public Object logEnter(String library, Object source, Object event) { return null; }
  @Override public void logExit(Object token) {}
  @Override public void uncaughtException(Thread thread, Throwable error) {}
  @Override public Object clientEnter(String library, Object request) { return null; }
  @Override public Object clientRequest(Object token, Object request) { return request; }
  @Override public void clientExit(Object token, Object result, Throwable thrown) {}
}
