package com.modelregistry.local;

import java.lang.management.ManagementFactory;

/** {@code java -jar model-registry-local.jar [--port 8080] [--data-dir DIR] ...}: see {@link CommandLine#USAGE}. */
public final class LocalRuntimeMain {

  private LocalRuntimeMain() {}

  public static void main(String[] args) {
    long jvmStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
    CommandLine commandLine;
    try {
      commandLine = CommandLine.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (commandLine.help()) {
      System.out.print(CommandLine.USAGE);
      return;
    }
    LocalRuntime runtime = null;
    try {
      runtime = LocalRuntime.start(commandLine.options());
      LocalRuntime started = runtime;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(started), "registry-shutdown"));
      Banner.print(System.out, runtime, System.currentTimeMillis() - jvmStartMillis);
    } catch (RuntimeException | Error e) {
      // Report and exit: an exception escaping main would leave the JVM hanging on non-daemon threads.
      System.err.println("error: " + describe(e));
      if (commandLine.debug()) {
        e.printStackTrace();
      } else {
        System.err.println("(run with --debug for the stack trace)");
      }
      if (runtime != null) {
        stop(runtime);
      }
      System.exit(1);
    }
  }

  private static String describe(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static void stop(LocalRuntime runtime) {
    try {
      runtime.close();
    } catch (RuntimeException e) {
      System.err.println("error while stopping: " + describe(e));
    }
  }
}
