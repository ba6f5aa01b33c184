package dev.quartet.instrumentation.container;

/** One container's side of {@link ContainerCapture}: reads its objects and knows how it reports completion. */
public interface ContainerHooks {
  /**
   * The container's request processing is entered with its own {@code request} and {@code response} objects.
   *
   * @return the {@link ContainerCapture.Scope} to close when the call returns, or null
   */
  Object enter(Object request, Object response) throws Throwable;

  /** The container completed the response of {@code request} (containers that say so by a call of their own). */
  default void completed(Object request) throws Throwable {}
}
