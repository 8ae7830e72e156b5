package com.modelregistry.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged runtime with a table stream and its relay ({@code e2e/stream-restart.yaml}): records the relay
 * could not deliver before a SIGKILL (it was failing) are delivered after the restart on the same data
 * directory, in order, and the ones it had delivered are not sent again.
 *
 * <p>The functions are test classes ({@link OutboxWriterHandler}, {@link FileRelayHandler}), so the runtime runs
 * as {@code java -cp model-registry-local.jar:target/test-classes <Main-Class> ...}, as in StepFunctionsRestartIT.
 */
class StreamRestartIT {

  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final Duration BOUND = Duration.ofSeconds(30);

  @TempDir Path workDir;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void givenRecordsTheRelayFailedToDeliver_whenTheRuntimeIsKilledAndRestarted_thenTheyAreDeliveredOnce_inOrder()
      throws Exception {
    assertTrue(Files.isRegularFile(RuntimeProcesses.JAR), "the jar is built in the package phase: " + RuntimeProcesses.JAR);
    Path template = workDir.resolve("template.yaml");
    try (InputStream in = StreamRestartIT.class.getResourceAsStream("/e2e/stream-restart.yaml")) {
      Files.write(template, in.readAllBytes());
    }
    Path dataDir = workDir.resolve("data");
    Path relayDir = Files.createDirectories(workDir.resolve("relay"));
    Path delivered = relayDir.resolve("delivered");
    Path attempts = relayDir.resolve("attempts");
    int apiPort = RuntimeProcesses.freePort();

    Process first = start(apiPort, dataDir, relayDir, template, "first");
    try {
      awaitReady(apiPort, first, "first");
      post(apiPort, "1,2,3", "first");
      await("1 to 3 delivered", first, "first", () -> lines(delivered).size() == 3);
      Files.createFile(relayDir.resolve("fail"));
      post(apiPort, "4,5", "first");
      await("a failed attempt with 4 and 5", first, "first", () -> lines(attempts).contains("EVENT#0004,EVENT#0005"));
    } finally {
      first.destroyForcibly();
      assertTrue(first.waitFor(10, TimeUnit.SECONDS), "SIGKILL ends the runtime");
    }
    assertEquals(128 + 9, first.exitValue(), "killed by SIGKILL, not stopped gracefully");
    Files.delete(relayDir.resolve("fail"));

    Process second = start(apiPort, dataDir, relayDir, template, "second");
    try {
      awaitReady(apiPort, second, "second");
      post(apiPort, "6", "second");
      await("6 delivered", second, "second", () -> lines(delivered).contains("EVENT#0006"));
      assertEquals(List.of("EVENT#0001", "EVENT#0002", "EVENT#0003", "EVENT#0004", "EVENT#0005", "EVENT#0006"),
          lines(delivered), "what failed before the kill is delivered after it, nothing twice:\n"
              + RuntimeProcesses.log(workDir, "second"));
    } finally {
      second.destroy();
      assertTrue(second.waitFor(20, TimeUnit.SECONDS), "SIGTERM stops the runtime");
    }
  }

  private Process start(int apiPort, Path dataDir, Path relayDir, Path template, String name) throws IOException {
    return RuntimeProcesses.start(workDir, name, List.of("-Drelay.dir=" + relayDir), "--port", String.valueOf(apiPort),
        "--aws-port", "0", "--s3-port", "0", "--data-dir", dataDir.toString(), "--template", template.toString());
  }

  private void post(int port, String numbers, String name) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/items"))
        .POST(HttpRequest.BodyPublishers.ofString(numbers)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), () -> response.body() + "\n" + RuntimeProcesses.log(workDir, name));
  }

  private void awaitReady(int port, Process process, String name) throws InterruptedException {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      assertTrue(process.isAlive(), () -> "the runtime exited early:\n" + RuntimeProcesses.log(workDir, name));
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
            .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (ConnectException notYet) {
        // not listening yet
      } catch (IOException notYet) {
        // not serving yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the runtime did not answer within " + STARTUP + ":\n" + RuntimeProcesses.log(workDir, name));
  }

  private void await(String what, Process process, String name, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(process.isAlive(), () -> "the runtime exited early:\n" + RuntimeProcesses.log(workDir, name));
      assertTrue(System.nanoTime() < deadline, () -> "timed out waiting for " + what + ":\n"
          + RuntimeProcesses.log(workDir, name));
      Thread.sleep(20);
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
