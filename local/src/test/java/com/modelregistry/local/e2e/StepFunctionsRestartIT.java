package com.modelregistry.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * The packaged runtime as a user runs it, with the real SDK's Step Functions client on its AWS endpoint:
 * an execution waiting for a task token ({@code lambda:invoke.waitForTaskToken}) survives a SIGKILL of the
 * runtime. After a restart on the same data directory it is still RUNNING with the history it had, and the
 * token issued before the kill completes it; the same token sent again is refused as AWS refuses it
 * ({@code TaskTimedOut}).
 *
 * <p>The state machine's Lambda function is a test class ({@link TaskTokenFileHandler}), so the runtime runs
 * as {@code java -cp model-registry-local.jar:target/test-classes <the jar's Main-Class> ...}: the jar's own
 * classes first, exactly as {@code java -jar} would load them, plus the handler.
 */
class StepFunctionsRestartIT {

  private static final String STATE_MACHINE = "model-registry-local-ApprovalStateMachine";
  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final Duration BOUND = Duration.ofSeconds(30);

  @TempDir Path workDir;

  @Test
  void givenAnExecutionWaitingForItsToken_whenTheRuntimeIsKilledAndRestarted_thenTheTokenCompletesIt() throws Exception {
    assertTrue(Files.isRegularFile(RuntimeProcesses.JAR), "the jar is built in the package phase: " + RuntimeProcesses.JAR);
    assertTrue(Files.isRegularFile(RuntimeProcesses.TEST_CLASSES.resolve("com/modelregistry/local/e2e/TaskTokenFileHandler.class")),
        "the handler is compiled into " + RuntimeProcesses.TEST_CLASSES);
    Path template = workDir.resolve("template.yaml");
    try (InputStream in = StepFunctionsRestartIT.class.getResourceAsStream("/e2e/step-functions-restart.yaml")) {
      Files.write(template, in.readAllBytes());
    }
    Path dataDir = workDir.resolve("data");
    Path tokenFile = workDir.resolve("approval-token.txt");
    Path callsFile = workDir.resolve("approval-token.txt.calls");
    int awsPort = RuntimeProcesses.freePort();
    int apiPort = RuntimeProcesses.freePort();
    while (apiPort == awsPort) {
      apiPort = RuntimeProcesses.freePort();
    }
    String input = HttpJson.JSON.writeValueAsString(Map.of("tokenFile", tokenFile.toString(), "model", "fraud"));

    try (SfnClient sfn = SfnClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + awsPort))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "localsecret")))
        .httpClient(UrlConnectionHttpClient.create())
        .build()) {

      String executionArn;
      List<HistoryEvent> historyBeforeKill;
      String token;
      Process first = start(awsPort, apiPort, dataDir, template, "first");
      try {
        awaitReady(sfn, first, "first");
        List<StateMachineListItem> machines = sfn.listStateMachines(request -> {}).stateMachines();
        assertEquals(List.of(STATE_MACHINE), machines.stream().map(StateMachineListItem::name).toList());
        String stateMachineArn = machines.get(0).stateMachineArn();

        executionArn = sfn.startExecution(request -> request.stateMachineArn(stateMachineArn)
            .name("approve-fraud").input(input)).executionArn();

        await("the handler wrote the task token to " + tokenFile, first, "first", () -> Files.isRegularFile(tokenFile));
        token = Files.readString(tokenFile, StandardCharsets.UTF_8);
        // The token reaches the file before the handler returns; the execution is in its callback wait (and
        // saved so) once TaskSubmitted, the record of the handler's return, is in the history.
        await("TaskSubmitted in the history", first, "first",
            () -> types(history(sfn, executionArn)).contains(HistoryEventType.TASK_SUBMITTED));
        assertEquals(ExecutionStatus.RUNNING, describe(sfn, executionArn).status());
        historyBeforeKill = history(sfn, executionArn);
        assertEquals(List.of(HistoryEventType.EXECUTION_STARTED, HistoryEventType.TASK_STATE_ENTERED,
            HistoryEventType.TASK_SCHEDULED, HistoryEventType.TASK_STARTED, HistoryEventType.TASK_SUBMITTED),
            types(historyBeforeKill));
        assertTrue(historyBeforeKill.get(2).taskScheduledEventDetails().parameters().contains(token),
            "TaskScheduled shows the Payload with the token");
        // No settling time before the kill (unlike PackagedJarIT, whose writes go to DynamoDB Local, which
        // acknowledges before SQLite has them): the Step Functions service writes the execution to its own
        // file (fsync, then an atomic rename) on its engine thread before that thread answers any later
        // call, so once GetExecutionHistory shows TaskSubmitted the wait for the token is on disk.
      } finally {
        first.destroyForcibly();
        assertTrue(first.waitFor(10, TimeUnit.SECONDS), "SIGKILL ends the runtime");
      }
      assertEquals(128 + 9, first.exitValue(), "killed by SIGKILL, not stopped gracefully");

      Process second = start(awsPort, apiPort, dataDir, template, "second");
      try {
        awaitReady(sfn, second, "second");
        DescribeExecutionResponse resumed = describe(sfn, executionArn);
        assertEquals(ExecutionStatus.RUNNING, resumed.status(), log("second"));
        assertEquals(input, resumed.input());
        assertEquals(historyBeforeKill, history(sfn, executionArn), "the history from before the kill, nothing more");
        assertEquals(1, Files.readAllLines(callsFile).size(),
            "the handler had returned before the kill: the task is not invoked again");
        assertEquals(token, Files.readString(tokenFile, StandardCharsets.UTF_8));

        sfn.sendTaskSuccess(request -> request.taskToken(token).output("{\"approved\": true, \"by\": \"reviewer\"}"));

        await("the execution succeeded", second, "second",
            () -> describe(sfn, executionArn).status() != ExecutionStatus.RUNNING);
        DescribeExecutionResponse done = describe(sfn, executionArn);
        assertEquals(ExecutionStatus.SUCCEEDED, done.status(), done.error() + ": " + done.cause());
        JsonNode output = HttpJson.JSON.readTree(done.output());
        assertTrue(output.path("approval").path("approved").asBoolean(false), done.output());
        assertEquals("reviewer", output.path("approval").path("by").asText(), done.output());
        assertEquals("fraud", output.path("model").asText(), done.output());
        assertEquals(tokenFile.toString(), output.path("tokenFile").asText(), done.output());
        assertEquals("promoted", output.path("stage").asText(), done.output());

        List<HistoryEvent> history = history(sfn, executionArn);
        assertEquals(historyBeforeKill, history.subList(0, historyBeforeKill.size()));
        assertEquals(List.of(HistoryEventType.TASK_SUCCEEDED, HistoryEventType.TASK_STATE_EXITED,
            HistoryEventType.PASS_STATE_ENTERED, HistoryEventType.PASS_STATE_EXITED,
            HistoryEventType.SUCCEED_STATE_ENTERED, HistoryEventType.SUCCEED_STATE_EXITED,
            HistoryEventType.EXECUTION_SUCCEEDED), types(history.subList(historyBeforeKill.size(), history.size())));
        for (int i = 0; i < history.size(); i++) {
          assertEquals(i + 1, history.get(i).id(), "event ids continue across the restart");
        }
        assertEquals(1, Files.readAllLines(callsFile).size());

        // The task no longer waits: AWS answers a used token with TaskTimedOut ("Provided task does not exist anymore").
        TaskTimedOutException again = assertThrows(TaskTimedOutException.class,
            () -> sfn.sendTaskSuccess(request -> request.taskToken(token).output("{\"approved\": false}")));
        assertEquals("TaskTimedOut", again.awsErrorDetails().errorCode());
        assertEquals(400, again.statusCode());
        assertEquals(ExecutionStatus.SUCCEEDED, describe(sfn, executionArn).status());
      } finally {
        second.destroy();
        assertTrue(second.waitFor(20, TimeUnit.SECONDS), "SIGTERM stops the runtime");
      }
    }
  }

  private Process start(int awsPort, int apiPort, Path dataDir, Path template, String name) throws IOException {
    return RuntimeProcesses.start(workDir, name, List.of(), "--port", String.valueOf(apiPort), "--aws-port",
        String.valueOf(awsPort), "--data-dir", dataDir.toString(), "--template", template.toString());
  }

  /**
   * Step Functions answers on the AWS endpoint. The endpoint listens before the service is registered on it
   * (until then a call fails, and is tried again); the service is registered only after it has loaded its
   * executions from disk, and it answers calls on the same thread that resumes them.
   */
  private void awaitReady(SfnClient sfn, Process process, String name) throws InterruptedException {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      assertTrue(process.isAlive(), () -> "the runtime exited early:\n" + log(name));
      try {
        sfn.listStateMachines(request -> {});
        return;
      } catch (SdkException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the runtime did not answer within " + STARTUP + ":\n" + log(name));
  }

  private void await(String what, Process process, String name, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      assertTrue(process.isAlive(), () -> "the runtime exited early:\n" + log(name));
      Thread.sleep(50);
    }
    throw new AssertionError("not within " + BOUND + ": " + what + "\n" + log(name));
  }

  private static DescribeExecutionResponse describe(SfnClient sfn, String executionArn) {
    return sfn.describeExecution(request -> request.executionArn(executionArn));
  }

  private static List<HistoryEvent> history(SfnClient sfn, String executionArn) {
    return sfn.getExecutionHistoryPaginator(request -> request.executionArn(executionArn)).events().stream().toList();
  }

  private static List<HistoryEventType> types(List<HistoryEvent> events) {
    return events.stream().map(HistoryEvent::type).toList();
  }

  private String log(String name) {
    return RuntimeProcesses.log(workDir, name);
  }

}
