package com.modelregistry.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * The packaged runtime ({@code java -jar}, the real template) killed with SIGKILL while a promotion waits
 * for its approval: after a restart on the same data directory the mailed link still works, and the
 * approval completes the promotion.
 */
class PromotionRestartIT {
  private static final Path JAR = Path.of(System.getProperty("user.dir"), "target", "model-registry-local.jar");
  private static final Duration BOUND = Duration.ofSeconds(60);

  @TempDir Path workDir;

  @Test
  void givenAPromotionAwaitingApproval_whenTheRuntimeIsKilledAndRestarted_thenTheMailedLinkCompletesIt()
      throws Exception {
    assertTrue(Files.isRegularFile(JAR), "the jar is built in the package phase: " + JAR);
    Path dataDir = workDir.resolve("data");
    int apiPort = RuntimeProcesses.freePort();
    int awsPort = RuntimeProcesses.freePort();
    HttpJson http = new HttpJson("http://127.0.0.1:" + apiPort);

    String promotionId;
    String executionArn;
    Process first = start(apiPort, awsPort, dataDir, "first");
    try (SfnClient sfn = sfn(awsPort)) {
      awaitHealthy(http, first, "first");
      JsonNode principals = HttpJson.JSON.readTree(dataDir.resolve("principals.json").toFile());
      String publisher = token(principals, "publisher");
      assertEquals(201, http.call("POST", "/v1/models", publisher, Map.of("name", "churn")).status());
      byte[] bytes = "churn weights".getBytes(StandardCharsets.UTF_8);
      Map<String, Object> body = new HashMap<>();
      body.put("artifact", HttpJson.artifactSpec("model.bin", bytes));
      body.put("metrics", Map.of("auc", 0.9));
      var registered = http.call("POST", "/v1/models/churn/versions", publisher, body);
      assertEquals(201, registered.status(), registered.body());
      assertEquals(200, http.upload(registered.json().get("upload"), bytes).status());
      assertEquals(200, http.call("POST", "/v1/models/churn/versions/1/finalize", publisher, null).status());
      var started = http.call("POST", "/v1/models/churn/versions/1/promotions", publisher, Map.of("target", "Production",
          "reason", "first model", "plan", Map.of("gates", Map.of("metrics", Map.of("auc", Map.of("min", 0.8))),
              "approval", Map.of("approvers", List.of("approver-1@example.com"), "required", 1, "timeoutSeconds", 3600))));
      assertEquals(202, started.status(), started.body());
      promotionId = started.json().get("id").asText();
      executionArn = started.json().get("executionArn").asText();
      // The approval task has returned (its links stored, its mail sent) once TaskSubmitted is in the history.
      await("the approval task submitted", first, "first", () -> sfn.getExecutionHistoryPaginator(
          request -> request.executionArn(executionArn)).events().stream()
          .anyMatch(event -> event.type() == HistoryEventType.TASK_SUBMITTED));
    } finally {
      first.destroyForcibly();
      assertTrue(first.waitFor(10, TimeUnit.SECONDS), "SIGKILL ends the runtime");
    }
    assertEquals(128 + 9, first.exitValue(), "killed by SIGKILL, not stopped gracefully");

    Process second = start(apiPort, awsPort, dataDir, "second");
    try {
      awaitHealthy(http, second, "second");
      JsonNode principals = HttpJson.JSON.readTree(dataDir.resolve("principals.json").toFile());
      String reader = token(principals, "reader");
      String admin = token(principals, "admin");
      assertEquals("AWAITING_APPROVAL", http.call("GET", "/v1/promotions/" + promotionId, reader, null).json()
          .get("phase").asText());

      var outbox = http.call("GET", "/_local/outbox?to=approver-1@example.com", admin, null);
      assertEquals(1, outbox.json().get("messages").size(), outbox.body());
      Matcher link = PromotionEndToEndIT.LINK.matcher(outbox.json().get("messages").get(0).get("text").asText());
      assertTrue(link.find());
      var page = http.call("GET", link.group(1).substring(("http://127.0.0.1:" + apiPort).length()), null, null);
      assertEquals(200, page.status(), page.body());
      Matcher csrf = PromotionEndToEndIT.CSRF.matcher(page.body());
      assertTrue(csrf.find());
      String form = Map.of("sig", link.group(3), "csrf", csrf.group(1), "decision", "APPROVE", "comment", "after restart")
          .entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
          .collect(Collectors.joining("&"));
      var decided = http.call("POST", "/v1/approvals/" + link.group(2), null, form,
          Map.of("content-type", "application/x-www-form-urlencoded"));
      assertEquals(200, decided.status(), decided.body());

      await("the promotion succeeded", second, "second", () -> "SUCCEEDED".equals(
          http.call("GET", "/v1/promotions/" + promotionId, reader, null).json().get("status").asText()));
      var routing = http.call("GET", "/v1/models/churn/routing", reader, null).json();
      assertEquals(1, routing.get("production").get("version").asLong(), routing.toString());
      assertTrue(http.call("GET", "/v1/models/churn/audit/verify", reader, null).json().get("ok").asBoolean());
    } finally {
      second.destroy();
      assertTrue(second.waitFor(20, TimeUnit.SECONDS), "SIGTERM stops the runtime");
    }
  }

  private static String token(JsonNode principals, String name) {
    for (JsonNode principal : principals.get("principals")) {
      if (principal.get("name").asText().equals(name)) {
        return principal.get("token").asText();
      }
    }
    throw new AssertionError("no principal " + name + " in " + principals);
  }

  private Process start(int apiPort, int awsPort, Path dataDir, String name) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(java.toString(), "-jar", JAR.toString(), "--port", String.valueOf(apiPort),
        "--aws-port", String.valueOf(awsPort), "--s3-port", "0", "--data-dir", dataDir.toString())
        .redirectErrorStream(true).redirectOutput(workDir.resolve("runtime-" + name + ".log").toFile()).start();
  }

  private static SfnClient sfn(int awsPort) {
    return SfnClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + awsPort)).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "localsecret")))
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  private void awaitHealthy(HttpJson http, Process process, String name) throws InterruptedException {
    await("the runtime answers", process, name, () -> {
      try {
        return http.call("GET", "/v1/health", null, null).status() == 200;
      } catch (RuntimeException notYet) {
        return false;
      }
    });
  }

  private void await(String what, Process process, String name, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (SdkException notYet) {
        // the AWS endpoint is not serving Step Functions yet
      }
      assertTrue(process.isAlive(), () -> "the runtime exited early:\n" + log(name));
      Thread.sleep(50);
    }
    throw new AssertionError("not within " + BOUND + ": " + what + "\n" + log(name));
  }

  private String log(String name) {
    return RuntimeProcesses.log(workDir, name);
  }

}
