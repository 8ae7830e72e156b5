package com.modelregistry.local.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a user runs it: {@code java -jar model-registry-local.jar --port P --data-dir D
 * --config C}; killed with SIGKILL or stopped with SIGTERM right after a write and started again, it still
 * has every model, version and artifact.
 */
class PackagedJarIT {
  private static final Path JAR = Path.of(System.getProperty("user.dir"), "target", "model-registry-local.jar");

  @TempDir Path workDir;

  @Test
  void givenTheJar_whenKilledAndRestarted_thenModelsVersionsAndArtifactsSurvive() throws Exception {
    assertTrue(Files.isRegularFile(JAR), "the jar is built in the package phase: " + JAR);
    Path config = workDir.resolve("principals.json");
    Files.writeString(config, HttpJson.JSON.writeValueAsString(Map.of("principals", List.of(
        Map.of("name", "trainer", "email", "trainer@example.com", "roles", List.of("publisher"), "token", "trainer-token-0123456789"),
        Map.of("name", "auditor", "email", "auditor@example.com", "roles", List.of("reader"), "token", "auditor-token-0123456789")))));
    Path dataDir = workDir.resolve("data");
    int port = RuntimeProcesses.freePort();
    HttpJson http = new HttpJson("http://127.0.0.1:" + port);
    byte[] bytes = "weights that must survive a kill -9".getBytes(StandardCharsets.UTF_8);

    Process first = start(port, dataDir, config);
    try {
      awaitHealthy(http, first);
      assertEquals(201, http.call("POST", "/v1/models", "trainer-token-0123456789", Map.of("name", "survivor")).status());
      var registered = http.call("POST", "/v1/models/survivor/versions", "trainer-token-0123456789",
          Map.of("semver", "1.0.0", "artifact", HttpJson.artifactSpec("model.bin", bytes)));
      assertEquals(201, registered.status(), registered.body());
      assertEquals(200, http.upload(registered.json().get("upload"), bytes).status());
      assertEquals(200, http.call("POST", "/v1/models/survivor/versions/1/finalize", "trainer-token-0123456789", null).status());
      assertEquals(403, http.call("POST", "/v1/models", "auditor-token-0123456789", Map.of("name", "nope")).status());
    } finally {
      first.destroyForcibly();
      assertTrue(first.waitFor(10, TimeUnit.SECONDS));
    }

    Process second = start(port, dataDir, config);
    try {
      awaitHealthy(http, second);
      assertSurvived(http, bytes);
      // A write right before a graceful stop (SIGTERM, as Ctrl-C) is kept too.
      assertEquals(200, http.call("PATCH", "/v1/models/survivor", "trainer-token-0123456789",
          Map.of("description", "changed just before SIGTERM")).status());
    } finally {
      second.destroy();
      assertTrue(second.waitFor(20, TimeUnit.SECONDS), "SIGTERM stops the runtime");
    }

    Process third = start(port, dataDir, config);
    try {
      awaitHealthy(http, third);
      assertSurvived(http, bytes);
      assertEquals("changed just before SIGTERM",
          http.call("GET", "/v1/models/survivor", "auditor-token-0123456789", null).json().get("description").asText());
    } finally {
      third.destroy();
      assertTrue(third.waitFor(20, TimeUnit.SECONDS), "SIGTERM stops the runtime");
    }
  }

  private static void assertSurvived(HttpJson http, byte[] bytes) {
    JsonNode version = http.call("GET", "/v1/models/survivor/resolve?ref=1.0.0", "auditor-token-0123456789", null).json();
    assertEquals("READY", version.get("status").asText());
    var link = http.call("GET", "/v1/models/survivor/versions/1/artifact", "auditor-token-0123456789", null);
    assertArrayEquals(bytes, http.download(link.json().get("url").asText()));
    var verify = http.call("GET", "/v1/models/survivor/audit/verify", "auditor-token-0123456789", null);
    assertTrue(verify.json().get("ok").asBoolean(), verify.body());
  }

  private Process start(int port, Path dataDir, Path config) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(java.toString(), "-jar", JAR.toString(), "--port", String.valueOf(port),
        "--data-dir", dataDir.toString(), "--config", config.toString(), "--aws-port", "0")
        .redirectErrorStream(true).redirectOutput(workDir.resolve("runtime-" + System.nanoTime() + ".log").toFile())
        .start();
  }

  private static void awaitHealthy(HttpJson http, Process process) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      assertTrue(process.isAlive(), "the runtime exited early");
      try {
        if (http.call("GET", "/v1/health", null, null).status() == 200) {
          return;
        }
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the runtime did not become healthy within 60 s");
  }

}
