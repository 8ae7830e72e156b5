package com.modelregistry.local.states;

import static com.modelregistry.local.states.StatesHarness.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.aws.AwsServiceError;
import com.modelregistry.local.lambda.LambdaFunctionError;
import com.modelregistry.local.states.asl.DefinitionParser;
import com.modelregistry.local.states.asl.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shape of the promotion workflow: the real {@code statemachines/promotion.asl.json} run by the local
 * Step Functions interpreter against a scripted WorkflowFunction and ApprovalRequestFunction that record
 * every action they are asked for. The handlers themselves are tested end to end elsewhere; here the
 * question is which actions run, in which order, with which arguments, and how each path ends.
 */
class PromotionStateMachineTest {

  static final String WORKFLOW = "WorkflowFunction";
  static final String APPROVAL_REQUEST = "ApprovalRequestFunction";
  static final String PROMOTION = "p-0123";
  /** Plan with shadow and canary, as {@code begin} returns it. */
  static final String FULL_PLAN = """
      {"hasShadow": true, "shadowSeconds": 600, "approvalTimeoutSeconds": 86400,
       "canarySteps": [10, 50, 100], "bakeSeconds": 300}""";
  static final String DIRECT_PLAN = """
      {"hasShadow": false, "shadowSeconds": 0, "approvalTimeoutSeconds": 3600, "canarySteps": [], "bakeSeconds": 0}""";

  @TempDir Path directory;
  StatesHarness states;
  ScriptedWorkflow workflow;
  String machine;

  @BeforeEach
  void open() {
    states = new StatesHarness(directory);
    workflow = new ScriptedWorkflow();
    states.lambdas.define(WORKFLOW, workflow::invoke);
    states.lambdas.define(APPROVAL_REQUEST, workflow::requestApproval);
    machine = states.createMachine(definition());
  }

  @AfterEach
  void close() {
    states.close();
  }

  // ---------------------------------------------------------------------------------------------
  // Paths through the machine

  @Test
  void withShadowAndCanaryAnApprovedPromotionShiftsTrafficStepByStepThenPromotes() {
    workflow.plan(FULL_PLAN);
    String execution = start();
    assertEquals(List.of("begin", "evaluateGates", "enterStaging", "startShadow"), workflow.actions(),
        "the shadow runs for shadowSeconds before it is evaluated");

    states.advance(Duration.ofSeconds(599));
    assertEquals(4, workflow.actions().size());
    states.advance(Duration.ofSeconds(1));
    assertEquals(List.of("begin", "evaluateGates", "enterStaging", "startShadow", "evaluateHealth(SHADOW)"),
        workflow.actions());
    assertEquals(1, workflow.approvalRequests(), "waits for the approvers");
    assertEquals("RUNNING", states.status(execution));

    approve("APPROVE");
    assertEquals("shiftCanary(10)", last(workflow.actions()));
    for (int percent : new int[] {50, 100}) {
      states.advance(Duration.ofSeconds(299));
      assertFalse(workflow.actions().contains("shiftCanary(" + percent + ")"), "bakes bakeSeconds before evaluating");
      states.advance(Duration.ofSeconds(1));
      assertEquals("shiftCanary(" + percent + ")", last(workflow.actions()));
    }
    states.advance(Duration.ofSeconds(300));

    assertEquals(List.of("begin", "evaluateGates", "enterStaging", "startShadow", "evaluateHealth(SHADOW)",
        "shiftCanary(10)", "evaluateHealth(CANARY)", "shiftCanary(50)", "evaluateHealth(CANARY)",
        "shiftCanary(100)", "evaluateHealth(CANARY)", "promote"), workflow.actions());
    assertEquals("SUCCEEDED", states.status(execution));
    JsonNode output = states.output(execution);
    assertEquals(PROMOTION, output.get("promotionId").textValue(), "the input survives to the end: " + output);
    assertEquals(parse(FULL_PLAN), output.get("plan"));
    assertEquals("APPROVE", output.get("approval").get("decision").textValue());
  }

  @Test
  void withoutShadowOrCanaryAnApprovedPromotionGoesStraightToPromote() {
    workflow.plan(DIRECT_PLAN);
    String execution = start();
    assertEquals(List.of("begin", "evaluateGates", "enterStaging"), workflow.actions());

    approve("APPROVE");

    assertEquals(List.of("begin", "evaluateGates", "enterStaging", "promote"), workflow.actions());
    assertEquals("SUCCEEDED", states.status(execution));
  }

  @Test
  void failedGatesRejectThePromotionWithoutStagingIt() {
    workflow.plan(FULL_PLAN).on("evaluateGates", payload -> parse("""
        {"passed": false, "failed": ["metric:auc", "modelCard"]}"""));

    String execution = start();

    assertEquals(List.of("begin", "evaluateGates", "rollback(REJECTED)"), workflow.actions());
    assertEquals(0, workflow.approvalRequests());
    assertEnded(execution, "PromotionRejected", "quality gates failed: [\"metric:auc\",\"modelCard\"]");
    assertFalse(workflow.lastRollback().has("error"), "a rejection is not an error");
  }

  @Test
  void anUnhealthyShadowRollsBackBeforeAskingForApproval() {
    workflow.plan(FULL_PLAN).on("evaluateHealth", payload -> parse("""
        {"healthy": false, "reasons": ["error rate 0.08 > 0.01"]}"""));
    String execution = start();

    states.advance(Duration.ofSeconds(600));

    assertEquals(List.of("begin", "evaluateGates", "enterStaging", "startShadow", "evaluateHealth(SHADOW)",
        "rollback(ROLLED_BACK)"), workflow.actions());
    assertEquals(0, workflow.approvalRequests());
    assertEnded(execution, "PromotionRolledBack", "shadow deployment unhealthy: [\"error rate 0.08 > 0.01\"]");
  }

  @Test
  void aRejectDecisionRollsBackWithOutcomeRejected() {
    workflow.plan(FULL_PLAN);
    String execution = start();
    states.advance(Duration.ofSeconds(600));

    approve("REJECT");

    assertEquals(List.of("begin", "evaluateGates", "enterStaging", "startShadow", "evaluateHealth(SHADOW)",
        "rollback(REJECTED)"), workflow.actions());
    assertEnded(execution, "PromotionRejected", "rejected by an approver");
  }

  @Test
  void anAnswerWithoutAnApproveDecisionDoesNotMoveTraffic() {
    workflow.plan(DIRECT_PLAN);
    String execution = start();

    states.call("SendTaskSuccess", Json.object().put("taskToken", workflow.taskToken()).put("output", "{\"approvers\": []}"));
    states.idle();

    assertEquals(List.of("begin", "evaluateGates", "enterStaging", "rollback(REJECTED)"), workflow.actions());
    assertEquals("FAILED", states.status(execution));
  }

  @Test
  void noDecisionBeforeTheApprovalTimeoutExpiresThePromotion() {
    workflow.plan(FULL_PLAN);
    String execution = start();
    states.advance(Duration.ofSeconds(600));

    states.advance(Duration.ofSeconds(86_399));
    assertEquals("RUNNING", states.status(execution), "TimeoutSecondsPath reads the plan's approvalTimeoutSeconds");
    states.advance(Duration.ofSeconds(1));

    assertEquals(List.of("begin", "evaluateGates", "enterStaging", "startShadow", "evaluateHealth(SHADOW)",
        "rollback(EXPIRED)"), workflow.actions());
    assertEnded(execution, "PromotionExpired", "no approval decision before the approval timeout");
  }

  @Test
  void anUnhealthyCanaryStepRollsBackAndNeverPromotes() {
    workflow.plan(FULL_PLAN).on("evaluateHealth", payload -> {
      boolean unhealthy = payload.path("phase").asText().equals("CANARY") && workflow.actions().contains("shiftCanary(50)");
      return parse(unhealthy ? "{\"healthy\": false, \"reasons\": [\"p95 840 ms > 300 ms\"]}"
          : "{\"healthy\": true, \"reasons\": []}");
    });
    String execution = start();
    states.advance(Duration.ofSeconds(600));
    approve("APPROVE");
    states.advance(Duration.ofSeconds(300));
    states.advance(Duration.ofSeconds(300));

    assertEquals(List.of("begin", "evaluateGates", "enterStaging", "startShadow", "evaluateHealth(SHADOW)",
        "shiftCanary(10)", "evaluateHealth(CANARY)", "shiftCanary(50)", "evaluateHealth(CANARY)",
        "rollback(ROLLED_BACK)"), workflow.actions());
    assertEnded(execution, "PromotionRolledBack", "canary unhealthy at 50%: [\"p95 840 ms > 300 ms\"]");
    states.advance(Duration.ofHours(1));
    assertFalse(workflow.actions().contains("promote"));
    assertFalse(workflow.actions().contains("shiftCanary(100)"));
  }

  @Test
  void aNonRetriableErrorAfterTrafficMovedRollsBackWithOutcomeFailed() {
    workflow.plan(FULL_PLAN).on("shiftCanary", payload -> {
      if (payload.get("percent").intValue() == 50) {
        throw new LambdaFunctionError("com.modelregistry.core.RegistryException", "promotion p-0123 is not RUNNING", null);
      }
      return parse("{}");
    });
    String execution = start();
    states.advance(Duration.ofSeconds(600));
    approve("APPROVE");
    states.advance(Duration.ofSeconds(300));
    states.advance(Duration.ofHours(1));

    assertEquals(List.of("begin", "evaluateGates", "enterStaging", "startShadow", "evaluateHealth(SHADOW)",
        "shiftCanary(10)", "evaluateHealth(CANARY)", "shiftCanary(50)", "rollback(FAILED)"), workflow.actions(),
        "a RegistryException is not retried");
    assertEnded(execution, "PromotionFailed", "a workflow task failed with com.modelregistry.core.RegistryException");
    JsonNode error = workflow.lastRollback().get("error");
    assertEquals("com.modelregistry.core.RegistryException", error.get("Error").textValue());
    assertTrue(error.get("Cause").textValue().contains("promotion p-0123 is not RUNNING"), error.toString());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"Lambda.ServiceException", "Lambda.TooManyRequestsException",
      "com.modelregistry.core.ConcurrentUpdateException"})
  void aTransientErrorIsRetriedAndThePromotionCarriesOn(String error) {
    workflow.plan(DIRECT_PLAN).failFirst("enterStaging", 2, error);
    String execution = start();
    assertEquals(List.of("begin", "evaluateGates", "enterStaging"), workflow.actions());

    states.advance(Duration.ofSeconds(1));
    states.advance(Duration.ofSeconds(2));
    approve("APPROVE");

    assertEquals(List.of("begin", "evaluateGates", "enterStaging", "enterStaging", "enterStaging", "promote"),
        workflow.actions());
    assertEquals("SUCCEEDED", states.status(execution));
  }

  @Test
  void aTransientErrorThatOutlastsTheRetriesRollsBackWithOutcomeFailed() {
    workflow.plan(DIRECT_PLAN).failFirst("promote", 100, "Lambda.ServiceException");
    String execution = start();
    approve("APPROVE");
    for (int seconds : new int[] {1, 2, 4, 8}) {
      states.advance(Duration.ofSeconds(seconds));
    }

    assertEquals(5, workflow.actions().stream().filter("promote"::equals).count(), "one call and four retries");
    assertEquals("rollback(FAILED)", last(workflow.actions()));
    assertEnded(execution, "PromotionFailed", "a workflow task failed with Lambda.ServiceException");
  }

  @Test
  void aRollbackThatKeepsFailingEndsInRollbackFailed() {
    workflow.plan(FULL_PLAN)
        .on("evaluateGates", payload -> parse("{\"passed\": false, \"failed\": [\"metric:auc\"]}"))
        .failFirst("rollback", 100, "Lambda.ServiceException");
    String execution = start();
    for (int retry = 0; retry < 10; retry++) {
      states.advance(Duration.ofMinutes(1)); // each retry is scheduled when the previous attempt fails
    }

    long rollbacks = workflow.actions().stream().filter(a -> a.startsWith("rollback")).count();
    assertEquals(7, rollbacks, "one call and six retries: the first matching retrier decides, even when used up");
    JsonNode description = states.describe(execution);
    assertEquals("FAILED", description.get("status").textValue());
    assertEquals("RollbackFailed", description.get("error").textValue());
  }

  @Test
  void aRollbackRetriesOtherErrorsTwice() {
    workflow.plan(FULL_PLAN)
        .on("evaluateGates", payload -> parse("{\"passed\": false, \"failed\": [\"metric:auc\"]}"))
        .failFirst("rollback", 100, "java.lang.IllegalStateException");
    String execution = start();
    states.advance(Duration.ofSeconds(5));
    states.advance(Duration.ofSeconds(10));

    assertEquals(3, workflow.actions().stream().filter(a -> a.startsWith("rollback")).count());
    assertEquals("RollbackFailed", states.describe(execution).get("error").textValue());
  }

  @Test
  void aRollbackRetriesATransientErrorThenEndsWithTheOutcome() {
    workflow.plan(FULL_PLAN)
        .on("evaluateGates", payload -> parse("{\"passed\": false, \"failed\": [\"metric:auc\"]}"))
        .failFirst("rollback", 1, "Lambda.TooManyRequestsException");
    String execution = start();
    states.advance(Duration.ofSeconds(2));

    assertEquals(List.of("begin", "evaluateGates", "rollback(REJECTED)", "rollback(REJECTED)"), workflow.actions());
    assertEquals("PromotionRejected", states.describe(execution).get("error").textValue());
  }

  // ---------------------------------------------------------------------------------------------
  // The contract with the handlers

  @Test
  void everyPayloadCarriesThePromotionIdAndTheApprovalRequestGetsTheTaskToken() {
    workflow.plan(FULL_PLAN);
    start();
    states.advance(Duration.ofSeconds(600));
    approve("APPROVE");
    states.advance(Duration.ofHours(1));
    states.advance(Duration.ofHours(1));
    states.advance(Duration.ofHours(1));

    List<JsonNode> payloads = states.lambdas.payloads(WORKFLOW);
    assertEquals(12, payloads.size());
    for (JsonNode payload : payloads) {
      assertEquals(PROMOTION, payload.path("promotionId").asText(null), "promotionId in " + payload);
      assertTrue(payload.path("action").isTextual(), "action in " + payload);
    }
    assertEquals(parse("{\"action\": \"shiftCanary\", \"promotionId\": \"p-0123\", \"percent\": 10}"), payloads.get(5));
    assertEquals(parse("{\"action\": \"evaluateHealth\", \"phase\": \"SHADOW\", \"promotionId\": \"p-0123\"}"),
        payloads.get(4));
    JsonNode approvalRequest = states.lambdas.payloads(APPROVAL_REQUEST).get(0);
    assertEquals(List.of("promotionId", "taskToken"), fieldNames(approvalRequest));
    assertEquals(PROMOTION, approvalRequest.get("promotionId").textValue());
    assertFalse(approvalRequest.get("taskToken").textValue().isBlank());
  }

  @Test
  void theRollbackPayloadIsActionPromotionIdOutcomeReasonAndForFailuresTheError() {
    workflow.plan(DIRECT_PLAN).on("enterStaging", payload -> {
      throw new LambdaFunctionError("java.lang.IllegalStateException", "boom", null);
    });
    start();

    JsonNode rollback = workflow.lastRollback();
    assertEquals(List.of("action", "promotionId", "outcome", "reason", "error"), fieldNames(rollback));
    assertEquals("FAILED", rollback.get("outcome").textValue());
    assertEquals("a workflow task failed", rollback.get("reason").textValue(), "the handler adds the error to it");
    assertEquals(List.of("Error", "Cause"), fieldNames(rollback.get("error")));
    assertEquals("java.lang.IllegalStateException", rollback.get("error").get("Error").textValue());
  }

  @Test
  void theDefinitionUsesOnlyItsTwoSubstitutionsAndTheLocalInterpreterAcceptsIt() {
    String text = read(definitionFile());
    Matcher matcher = Pattern.compile("\\$\\{([^}]+)}").matcher(text);
    List<String> names = new ArrayList<>();
    while (matcher.find()) {
      if (!names.contains(matcher.group(1))) {
        names.add(matcher.group(1));
      }
    }
    assertEquals(List.of("WorkflowFunctionArn", "ApprovalRequestFunctionArn"), names);
    assertNotNull(DefinitionParser.parse(definition()));
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private String start() {
    ObjectNode request = Json.object().put("stateMachineArn", machine)
        .put("input", "{\"promotionId\": \"" + PROMOTION + "\"}").put("name", PROMOTION);
    String execution = states.call("StartExecution", request).get("executionArn").textValue();
    states.idle();
    return execution;
  }

  private void approve(String decision) {
    ObjectNode output = Json.object().put("decision", decision).put("comment", "looks fine");
    output.putArray("approvers").add("approver-1@example.com");
    states.call("SendTaskSuccess", Json.object().put("taskToken", workflow.taskToken()).put("output", Json.write(output)));
    states.idle();
  }

  private void assertEnded(String execution, String error, String cause) {
    JsonNode description = states.describe(execution);
    assertEquals("FAILED", description.get("status").textValue(), description.toString());
    assertEquals(error, description.get("error").textValue());
    assertEquals(cause, description.get("cause").textValue());
  }

  private static String last(List<String> list) {
    return list.isEmpty() ? null : list.get(list.size() - 1);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** The real definition with its substitutions as the template resolves them (function ARNs). */
  static String definition() {
    return read(definitionFile())
        .replace("${WorkflowFunctionArn}", TestLambdas.arn(WORKFLOW))
        .replace("${ApprovalRequestFunctionArn}", TestLambdas.arn(APPROVAL_REQUEST));
  }

  static Path definitionFile() {
    Path start = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path file = dir.resolve("statemachines/promotion.asl.json");
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    throw new IllegalStateException("no statemachines/promotion.asl.json in " + start + " or a parent");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * WorkflowFunction and ApprovalRequestFunction as the tests script them: each action answers what the
   * contract says by default (gates passed, healthy, {} for the others); tests override actions or make
   * them fail. Records every call as {@code action} or {@code action(detail)}.
   */
  static final class ScriptedWorkflow {
    private final Map<String, Function<JsonNode, JsonNode>> actions = new ConcurrentHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final List<JsonNode> rollbacks = new ArrayList<>();
    private final List<String> taskTokens = new ArrayList<>();

    ScriptedWorkflow() {
      on("evaluateGates", payload -> parse("{\"passed\": true, \"failed\": []}"));
      on("evaluateHealth", payload -> parse("{\"healthy\": true, \"reasons\": []}"));
      for (String action : List.of("enterStaging", "startShadow", "shiftCanary", "promote", "rollback")) {
        on(action, payload -> parse("{}"));
      }
    }

    ScriptedWorkflow plan(String plan) {
      return on("begin", payload -> parse(plan));
    }

    ScriptedWorkflow on(String action, Function<JsonNode, JsonNode> answer) {
      actions.put(action, answer);
      return this;
    }

    /** The action fails {@code times} times with {@code error} (a Lambda service error or a handler exception). */
    ScriptedWorkflow failFirst(String action, int times, String error) {
      Function<JsonNode, JsonNode> then = actions.get(action);
      int[] failures = {0};
      return on(action, payload -> {
        if (failures[0]++ < times) {
          if (error.startsWith("Lambda.")) {
            throw new AwsServiceError(error.substring("Lambda.".length()), "injected failure " + failures[0], 500);
          }
          throw new LambdaFunctionError(error, "injected failure " + failures[0], null);
        }
        return then.apply(payload);
      });
    }

    JsonNode invoke(JsonNode payload) {
      String action = payload.path("action").asText();
      String detail = switch (action) {
        case "evaluateHealth" -> "(" + payload.path("phase").asText() + ")";
        case "shiftCanary" -> "(" + payload.path("percent").asText() + ")";
        case "rollback" -> "(" + payload.path("outcome").asText() + ")";
        default -> "";
      };
      synchronized (this) {
        calls.add(action + detail);
        if (action.equals("rollback")) {
          rollbacks.add(payload);
        }
      }
      Function<JsonNode, JsonNode> answer = actions.get(action);
      if (answer == null) {
        throw new LambdaFunctionError("java.lang.IllegalArgumentException", "unknown action " + action, null);
      }
      return answer.apply(payload);
    }

    JsonNode requestApproval(JsonNode payload) {
      synchronized (this) {
        taskTokens.add(payload.path("taskToken").asText());
      }
      return parse("{}");
    }

    synchronized List<String> actions() {
      return List.copyOf(calls);
    }

    synchronized int approvalRequests() {
      return taskTokens.size();
    }

    synchronized String taskToken() {
      assertFalse(taskTokens.isEmpty(), "no approval was requested");
      return taskTokens.get(taskTokens.size() - 1);
    }

    synchronized JsonNode lastRollback() {
      assertFalse(rollbacks.isEmpty(), "no rollback");
      return rollbacks.get(rollbacks.size() - 1);
    }
  }
}
