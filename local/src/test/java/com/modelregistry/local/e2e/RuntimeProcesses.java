package com.modelregistry.local.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Helpers of the tests that run the packaged runtime as a separate process. */
final class RuntimeProcesses {
  private RuntimeProcesses() {}

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
