package dev.quartet.rules;

/** Invocations for the tests: one call of a method, as the instrumentation would describe it at its exit. */
final class Calls implements Invocation {
  final Object self;
  final Object[] args;
  final String[] names;
  final Object returned;
  final Throwable thrown;
  final long start;

  private Calls(Object self, Object[] args, String[] names, Object returned, Throwable thrown, long start) {
    this.self = self;
    this.args = args;
    this.names = names;
    this.returned = returned;
    this.thrown = thrown;
    this.start = start;
  }

  static Calls of(Object... args) {
    return new Calls(null, args, null, null, null, 0L);
  }

  Calls self(Object self) {
    return new Calls(self, args, names, returned, thrown, start);
  }

  Calls names(String... names) {
    return new Calls(self, args, names, returned, thrown, start);
  }

  Calls returning(Object value) {
    return new Calls(self, args, names, value, thrown, start);
  }

  Calls throwing(Throwable t) {
    return new Calls(self, args, names, null, t, start);
  }

  Calls at(long epochMillis) {
    return new Calls(self, args, names, returned, thrown, epochMillis);
  }

  @Override
  public Object self() {
    return self;
  }

  @Override
  public Object[] args() {
    return args;
  }

  @Override
  public String[] parameterNames() {
    return names;
  }

  @Override
  public Object returned() {
    return returned;
  }

  @Override
  public Throwable thrown() {
    return thrown;
  }

  @Override
  public long startEpochMillis() {
    return start;
  }
}
