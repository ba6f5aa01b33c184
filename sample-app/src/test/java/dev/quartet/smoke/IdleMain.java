package dev.quartet.smoke;

/**
 * A program that records nothing: no request, no log record, no exception. It outlives the 5 s after which Quartet
 * loads its SDKs anyway, then returns. Run with the agent by {@link LocalFilesIT}.
 */
public final class IdleMain {
  public static final String DONE = "IdleMain done";

  private IdleMain() {}

  public static void main(String[] args) throws InterruptedException {
    Thread.sleep(8_000);
    System.out.println(DONE);
  }
}
