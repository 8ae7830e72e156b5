package com.modelregistry.local.e2e;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/** Helpers of the tests that run the packaged runtime as a separate process. */
final class RuntimeProcesses {
  /** The packaged runtime (Failsafe runs after {@code package}). */
  static final Path JAR = Path.of(System.getProperty("user.dir"), "target", "model-registry-local.jar");
  /** The test handlers a test template names. */
  static final Path TEST_CLASSES = Path.of(System.getProperty("user.dir"), "target", "test-classes");

  private RuntimeProcesses() {}

  /**
   * Starts the packaged runtime's main class with the test classes on its class path, {@code jvmOptions} before
   * the class and {@code arguments} after it; its output goes to {@code <workDir>/runtime-<name>.log}.
   */
  static Process start(Path workDir, String name, List<String> jvmOptions, String... arguments) throws IOException {
    String mainClass;
    try (JarFile jar = new JarFile(JAR.toFile())) {
      mainClass = jar.getManifest().getMainAttributes().getValue("Main-Class");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", JAR + File.pathSeparator + TEST_CLASSES, mainClass));
    command.addAll(List.of(arguments));
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(workDir.resolve("runtime-" + name + ".log").toFile()).start();
  }

  /** A port free right now (the runtime binds it a moment later). */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** What the runtime named {@code name} wrote to {@code <workDir>/runtime-<name>.log}, for failure messages. */
  static String log(Path workDir, String name) {
    try {
      return Files.readString(workDir.resolve("runtime-" + name + ".log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
