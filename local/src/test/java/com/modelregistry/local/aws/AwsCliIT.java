package com.modelregistry.local.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.modelregistry.local.LocalRuntime;
import com.modelregistry.local.Options;
import com.modelregistry.local.events.RecordingLambdaInvoker;
import com.modelregistry.local.mail.OutboxMessage;
import com.modelregistry.local.testing.Http;
import com.modelregistry.local.testing.TestTemplates;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code aws} CLI against the runtime's AWS endpoint, as a user would run it with the banner's
 * settings. Skipped (with the reason in the report) where no {@code aws} is on the PATH.
 */
class AwsCliIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:model-registry-local-ApiFunction";

  @TempDir
  static Path dir;

  private static Path aws;
  private static LocalRuntime runtime;
  private static final RecordingLambdaInvoker LAMBDAS = new RecordingLambdaInvoker();

  @BeforeAll
  static void start() {
    aws = onPath("aws").orElse(null);
    Assumptions.assumeTrue(aws != null, "the aws CLI is not installed (no 'aws' on the PATH): skipping the CLI tests");
    runtime = LocalRuntime.start(Options.defaults().withPort(0).withAwsPort(0).withDataDir(dir.resolve("data"))
        .withTemplateFile(TestTemplates.write(dir.resolve("template"))), LAMBDAS);
  }

  @AfterAll
  static void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  private record Result(int exitCode, String stdout, String stderr) {
    JsonNode json() throws IOException {
      return JSON.readTree(stdout);
    }
  }

  /** Runs {@code aws --endpoint-url <endpoint> args...} with the local credentials and no user config. */
  private static Result cli(boolean endpointFromEnvironment, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(aws.toString()));
    if (!endpointFromEnvironment) {
      command.addAll(List.of("--endpoint-url", runtime.awsEndpoint().toString()));
    }
    command.addAll(List.of("--output", "json"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(dir.resolve("stdout").toFile())
        .redirectError(dir.resolve("stderr").toFile());
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.startsWith("AWS_"));
    environment.put("AWS_ACCESS_KEY_ID", "local");
    environment.put("AWS_SECRET_ACCESS_KEY", "localsecret");
    environment.put("AWS_DEFAULT_REGION", "us-east-1");
    environment.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
    environment.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
    environment.put("AWS_PAGER", "");
    if (endpointFromEnvironment) {
      environment.put("AWS_ENDPOINT_URL", runtime.awsEndpoint().toString());
    }
    Process process = builder.start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "aws " + String.join(" ", args) + " did not finish");
    return new Result(process.exitValue(), Files.readString(dir.resolve("stdout"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8));
  }

  @Test
  void givenTheCli_whenPuttingEventsAndManagingRules_thenItGetsEventBridgesAnswers() throws Exception {
    Result rule = cli(false, "events", "put-rule", "--name", "cli-rule",
        "--event-pattern", "{\"source\": [{\"prefix\": \"cli.\"}]}");
    assertEquals(0, rule.exitCode(), rule.stderr());
    assertEquals("arn:aws:events:us-east-1:000000000000:rule/cli-rule", rule.json().get("RuleArn").asText());

    Result targets = cli(false, "events", "put-targets", "--rule", "cli-rule", "--targets", "Id=fn,Arn=" + FUNCTION_ARN);
    assertEquals(0, targets.exitCode(), targets.stderr());
    assertEquals(0, targets.json().get("FailedEntryCount").asInt());

    Result put = cli(false, "events", "put-events", "--entries",
        "[{\"Source\": \"cli.test\", \"DetailType\": \"FromCli\", \"Detail\": \"{\\\"n\\\": 1}\"},"
            + " {\"Source\": \"cli.test\", \"DetailType\": \"Broken\", \"Detail\": \"[1]\"}]");
    assertEquals(0, put.exitCode(), put.stderr());
    JsonNode output = put.json();
    assertEquals(1, output.get("FailedEntryCount").asInt());
    String eventId = output.get("Entries").get(0).get("EventId").asText();
    assertEquals("MalformedDetail", output.get("Entries").get(1).get("ErrorCode").asText());
    assertEquals("Detail is malformed.", output.get("Entries").get(1).get("ErrorMessage").asText());

    assertTrue(runtime.eventBridge().awaitDeliveries(Duration.ofSeconds(10)));
    assertEquals(eventId, LAMBDAS.callsTo(FUNCTION_ARN).get(0).payload().get("id").asText());
    String admin = runtime.principals().byName("admin").orElseThrow().token();
    JsonNode logged = Http.json(Http.send(Http.request(runtime.baseUrl() + "/_local/events?source=cli.test")
        .header("Authorization", "Bearer " + admin))).get("events").get(0);
    assertEquals(eventId, logged.get("id").asText());
    assertEquals("FromCli", logged.get("detailType").asText());

    Result missing = cli(false, "events", "describe-rule", "--name", "no-such-rule");
    assertTrue(missing.exitCode() == 255 || missing.exitCode() == 254, "a service error (v1: 255, v2: 254)");
    assertTrue(missing.stderr().contains("(ResourceNotFoundException)"), missing.stderr());
    assertTrue(missing.stderr().contains("Rule no-such-rule does not exist on EventBus default."), missing.stderr());

    Result badPattern = cli(false, "events", "put-rule", "--name", "bad", "--event-pattern", "{\"source\": \"x\"}");
    assertTrue(badPattern.exitCode() != 0);
    assertTrue(badPattern.stderr().contains("(InvalidEventPatternException)"), badPattern.stderr());
  }

  @Test
  void givenTheBannersEnvironment_whenTheCliSendsMail_thenTheOutboxHasIt() throws Exception {
    Result sent = cli(true, "sesv2", "send-email",
        "--from-email-address", "registry@example.com",
        "--destination", "ToAddresses=approver-2@example.com",
        "--content", "{\"Simple\": {\"Subject\": {\"Data\": \"From the CLI\"}, "
            + "\"Body\": {\"Text\": {\"Data\": \"Decide at https://registry.example/d/1\"}}}}");
    assertEquals(0, sent.exitCode(), sent.stderr());
    String messageId = sent.json().get("MessageId").asText();

    OutboxMessage message = runtime.ses().outbox().newestFirst("approver-2@example.com", 1).get(0);
    assertEquals(messageId, message.id());
    assertEquals("From the CLI", message.subject());
    assertEquals("Decide at https://registry.example/d/1", message.text());

    Result noFrom = cli(true, "sesv2", "send-email", "--destination", "ToAddresses=a@example.com",
        "--content", "{\"Simple\": {\"Subject\": {\"Data\": \"s\"}, \"Body\": {\"Text\": {\"Data\": \"t\"}}}}");
    assertTrue(noFrom.exitCode() != 0);
    assertTrue(noFrom.stderr().contains("(BadRequestException)"), noFrom.stderr());
    assertTrue(noFrom.stderr().contains("Missing required header 'From'."), noFrom.stderr());
  }

  @Test
  void givenTheCli_whenItCreatesAndRunsAStateMachine_thenOutputAndHistoryAreStepFunctions() throws Exception {
    String definition = "{\"StartAt\": \"Shape\", \"States\": {"
        + "\"Shape\": {\"Type\": \"Pass\", \"Parameters\": {\"auc.$\": \"$.metrics.auc\", \"who.$\": \"$$.Execution.Name\"},"
        + " \"ResultPath\": \"$.gate\", \"Next\": \"Decide\"},"
        + "\"Decide\": {\"Type\": \"Choice\", \"Choices\": [{\"Variable\": \"$.gate.auc\", \"NumericGreaterThanEquals\": 0.9,"
        + " \"Next\": \"Pass\"}], \"Default\": \"Reject\"},"
        + "\"Pass\": {\"Type\": \"Succeed\", \"OutputPath\": \"$.gate\"},"
        + "\"Reject\": {\"Type\": \"Fail\", \"Error\": \"GateFailed\", \"Cause\": \"auc below 0.9\"}}}";
    Result created = cli(false, "stepfunctions", "create-state-machine", "--name", "cli-gates",
        "--definition", definition, "--role-arn", "arn:aws:iam::000000000000:role/local");
    assertEquals(0, created.exitCode(), created.stderr());
    String machine = created.json().get("stateMachineArn").asText();
    assertEquals("arn:aws:states:us-east-1:000000000000:stateMachine:cli-gates", machine);

    Result started = cli(false, "stepfunctions", "start-execution", "--state-machine-arn", machine,
        "--name", "run-1", "--input", "{\"metrics\": {\"auc\": 0.93}}");
    assertEquals(0, started.exitCode(), started.stderr());
    String execution = started.json().get("executionArn").asText();
    assertTrue(runtime.stepFunctions().awaitIdle(Duration.ofSeconds(10)));

    Result described = cli(false, "stepfunctions", "describe-execution", "--execution-arn", execution);
    assertEquals(0, described.exitCode(), described.stderr());
    assertEquals("SUCCEEDED", described.json().get("status").asText());
    assertEquals(Map.of("auc", 0.93, "who", "run-1"), JSON.convertValue(JSON.readTree(
        described.json().get("output").asText()), Map.class));

    Result history = cli(false, "stepfunctions", "get-execution-history", "--execution-arn", execution);
    assertEquals(0, history.exitCode(), history.stderr());
    List<String> types = new ArrayList<>();
    history.json().get("events").forEach(event -> types.add(event.get("type").asText()));
    assertEquals(List.of("ExecutionStarted", "PassStateEntered", "PassStateExited", "ChoiceStateEntered",
        "ChoiceStateExited", "SucceedStateEntered", "SucceedStateExited", "ExecutionSucceeded"), types);

    Result rejected = cli(false, "stepfunctions", "start-execution", "--state-machine-arn", machine,
        "--name", "run-2", "--input", "{\"metrics\": {\"auc\": 0.5}}");
    assertTrue(runtime.stepFunctions().awaitIdle(Duration.ofSeconds(10)));
    JsonNode failed = cli(false, "stepfunctions", "describe-execution", "--execution-arn",
        rejected.json().get("executionArn").asText()).json();
    assertEquals("FAILED", failed.get("status").asText());
    assertEquals("GateFailed", failed.get("error").asText());

    Result badToken = cli(false, "stepfunctions", "send-task-success", "--task-token", "not-a-token", "--task-output", "{}");
    assertTrue(badToken.exitCode() != 0);
    assertTrue(badToken.stderr().contains("(InvalidToken)"), badToken.stderr());
  }

  private static Optional<Path> onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String directory : path.split(File.pathSeparator)) {
      Path candidate = Path.of(directory, program);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
