package com.modelregistry.local.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.modelregistry.local.aws.AwsEndpoint;
import com.modelregistry.local.aws.SdkSystemProperties;
import com.modelregistry.local.sam.SamTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.InvalidEventPatternException;
import software.amazon.awssdk.services.eventbridge.model.LimitExceededException;
import software.amazon.awssdk.services.eventbridge.model.ListRulesResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutTargetsResponse;
import software.amazon.awssdk.services.eventbridge.model.RemoveTargetsResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Target;

/**
 * Every operation of the local EventBridge through the real SDK v2 client, built without an endpoint
 * override: the endpoint comes from {@code aws.endpointUrlEventBridge}.
 */
class EventBridgeSdkIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:model-registry-local-Worker";

  @TempDir
  static Path dir;

  private static AwsEndpoint endpoint;
  private static LocalEventBridge eventBridge;
  private static SdkSystemProperties properties;
  private static EventBridgeClient events;
  private static final RecordingLambdaInvoker LAMBDAS = new RecordingLambdaInvoker();
  private static HookServer hooks;
  private final List<String> rulesToDelete = new ArrayList<>();

  @BeforeAll
  static void start() {
    hooks = HookServer.start();
    endpoint = AwsEndpoint.start(0);
    eventBridge = LocalEventBridge.start(dir.resolve("events"), SamTemplate.parse("Resources: {}\n", "empty.yaml"),
        LAMBDAS, endpoint, Clock.systemUTC());
    endpoint.register(eventBridge.service());
    properties = SdkSystemProperties.pointAt(endpoint.uri());
    events = EventBridgeClient.builder().build();
  }

  @AfterAll
  static void stop() {
    events.close();
    properties.close();
    eventBridge.close();
    endpoint.close();
    hooks.close();
  }

  @AfterEach
  void cleanUp() throws InterruptedException {
    assertTrue(eventBridge.awaitDeliveries(Duration.ofSeconds(10)));
    for (String rule : rulesToDelete) {
      events.deleteRule(request -> request.name(rule).force(true));
    }
    LAMBDAS.clear();
  }

  private String rule(String name, String pattern) {
    rulesToDelete.add(name);
    return events.putRule(request -> request.name(name).eventPattern(pattern)).ruleArn();
  }

  private static PutEventsRequestEntry entry(String source, String detailType, String detail) {
    return PutEventsRequestEntry.builder().source(source).detailType(detailType).detail(detail).build();
  }

  @Test
  void givenValidAndInvalidEntries_whenPuttingEvents_thenEachGetsItsResultInOrder() {
    PutEventsResponse response = events.putEvents(request -> request.entries(
        entry("registry.test", "Ok", "{\"a\": 1}"),
        entry("registry.test", "Array", "[1, 2]"),
        entry("registry.test", "NotJson", "{oops"),
        entry(null, "NoSource", "{}"),
        entry("registry.test", null, "{}"),
        entry("registry.test", "NoDetail", null),
        entry("registry.test", "String", "\"text\"")));

    assertEquals(6, response.failedEntryCount());
    assertTrue(response.entries().get(0).eventId().matches("[0-9a-f-]{36}"));
    assertNull(response.entries().get(0).errorCode());
    assertEquals("MalformedDetail", response.entries().get(1).errorCode());
    assertEquals("Detail is malformed.", response.entries().get(1).errorMessage());
    assertEquals("MalformedDetail", response.entries().get(2).errorCode());
    assertEquals("InvalidArgument", response.entries().get(3).errorCode());
    assertEquals("Parameter Source is not valid. Reason: Source is a required argument.",
        response.entries().get(3).errorMessage());
    assertEquals("Parameter DetailType is not valid. Reason: DetailType is a required argument.",
        response.entries().get(4).errorMessage());
    assertEquals("Parameter Detail is not valid. Reason: Detail is a required argument.",
        response.entries().get(5).errorMessage());
    assertEquals("MalformedDetail", response.entries().get(6).errorCode());
    assertNull(response.entries().get(6).eventId());
  }

  @Test
  void givenMoreThanTenEntriesOrNone_thenTheRequestFailsWithValidationException() {
    List<PutEventsRequestEntry> eleven = IntStream.range(0, 11)
        .mapToObj(i -> entry("registry.test", "Many", "{}")).toList();

    EventBridgeException tooMany = assertThrows(EventBridgeException.class,
        () -> events.putEvents(request -> request.entries(eleven)));
    assertEquals("ValidationException", tooMany.awsErrorDetails().errorCode());
    assertTrue(tooMany.getMessage().contains("less than or equal to 10"), tooMany.getMessage());

    EventBridgeException none = assertThrows(EventBridgeException.class,
        () -> events.putEvents(request -> request.entries(Collections.emptyList())));
    assertEquals("ValidationException", none.awsErrorDetails().errorCode());
  }

  @Test
  void givenEntriesOverTheSizeLimitTogether_thenTheRequestFails_andExactlyAtTheLimitItPasses() {
    // Size = UTF-8 bytes of Source + DetailType + Detail (+ Resources, + 14 for Time): here 1 + 1 + detail.
    String source = "s";
    String detailType = "d";
    int limit = 256 * 1024;
    String atLimit = detail(limit - 2);
    PutEventsResponse ok = events.putEvents(request -> request.entries(entry(source, detailType, atLimit)));
    assertEquals(0, ok.failedEntryCount());

    EventBridgeException over = assertThrows(EventBridgeException.class, () -> events.putEvents(request ->
        request.entries(entry(source, detailType, detail(limit / 2)), entry(source, detailType, detail(limit / 2)))));
    assertEquals("ValidationException", over.awsErrorDetails().errorCode());
    assertEquals("Total size of the entries in the request is over the limit.", over.awsErrorDetails().errorMessage());

    EventBridgeException withTime = assertThrows(EventBridgeException.class, () -> events.putEvents(request ->
        request.entries(entry(source, detailType, atLimit).toBuilder().time(Instant.now()).build())));
    assertEquals("ValidationException", withTime.awsErrorDetails().errorCode(), "Time counts 14 bytes");
  }

  /** A JSON object of exactly {@code bytes} bytes. */
  private static String detail(int bytes) {
    return "{\"p\":\"" + "x".repeat(bytes - 8) + "\"}";
  }

  @Test
  void givenAnEventForABusThatDoesNotExist_thenItIsAcceptedAndDropped_asEventBridgeDoes() {
    PutEventsResponse response = events.putEvents(request -> request.entries(
        entry("registry.test", "Lost", "{}").toBuilder().eventBusName("no-such-bus").build()));

    assertEquals(0, response.failedEntryCount());
    assertNotNull(response.entries().get(0).eventId());
  }

  @Test
  void givenARuleWithALambdaTarget_whenAnEventMatches_thenTheFunctionGetsTheEventAsEventBridgeDeliversIt()
      throws Exception {
    String ruleArn = rule("to-worker", "{\"source\": [\"registry.models\"], \"detail\": {\"stage\": [\"Production\"]}}");
    assertEquals("arn:aws:events:us-east-1:000000000000:rule/to-worker", ruleArn);
    PutTargetsResponse targets = events.putTargets(request -> request.rule("to-worker")
        .targets(Target.builder().id("worker").arn(FUNCTION).build()));
    assertEquals(0, targets.failedEntryCount());

    Instant time = Instant.parse("2026-11-23T10:15:30Z");
    String eventId = events.putEvents(request -> request.entries(
        entry("registry.models", "StageChanged", "{\"stage\": \"Production\", \"model\": \"fraud\"}").toBuilder()
            .time(time).resources("arn:aws:s3:::bucket/key").build(),
        entry("registry.models", "StageChanged", "{\"stage\": \"Staging\"}"))).entries().get(0).eventId();
    assertTrue(eventBridge.awaitDeliveries(Duration.ofSeconds(10)));

    List<RecordingLambdaInvoker.Call> calls = LAMBDAS.callsTo(FUNCTION);
    assertEquals(1, calls.size(), "only the matching event is delivered");
    JsonNode event = calls.get(0).payload();
    assertEquals(List.of("version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"),
        fieldNames(event));
    assertEquals("0", event.get("version").asText());
    assertEquals(eventId, event.get("id").asText());
    assertEquals("StageChanged", event.get("detail-type").asText());
    assertEquals("registry.models", event.get("source").asText());
    assertEquals("000000000000", event.get("account").asText());
    assertEquals("2026-11-23T10:15:30Z", event.get("time").asText());
    assertEquals("us-east-1", event.get("region").asText());
    assertEquals("[\"arn:aws:s3:::bucket/key\"]", event.get("resources").toString());
    assertEquals("{\"stage\":\"Production\",\"model\":\"fraud\"}", event.get("detail").toString());
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void givenInputAndInputPath_thenTargetsGetTheConstantOrTheSelectedPart() throws Exception {
    rule("inputs", "{\"source\": [\"registry.inputs\"]}");
    events.putTargets(request -> request.rule("inputs").targets(
        Target.builder().id("constant").arn(FUNCTION + "-constant").input("{\"fixed\": true}").build(),
        Target.builder().id("path").arn(FUNCTION + "-path").inputPath("$.detail.model").build(),
        Target.builder().id("hook").arn(hooks.url("/inputs/*")).inputPath("$['detail-type']")
            .httpParameters(parameters -> parameters.pathParameterValues("fraud detector")
                .headerParameters(java.util.Map.of("X-Registry", "local"))
                .queryStringParameters(java.util.Map.of("from", "rule")))
            .build()));

    events.putEvents(request -> request.entries(entry("registry.inputs", "Tested", "{\"model\": {\"name\": \"m\"}}")));
    assertTrue(eventBridge.awaitDeliveries(Duration.ofSeconds(10)));

    assertEquals("{\"fixed\":true}", LAMBDAS.callsTo(FUNCTION + "-constant").get(0).payload().toString());
    assertEquals("{\"name\":\"m\"}", LAMBDAS.callsTo(FUNCTION + "-path").get(0).payload().toString());
    HookServer.Received hook = hooks.received("/inputs/fraud detector").get(0);
    assertEquals("POST", hook.method());
    assertEquals("\"Tested\"", hook.body().toString());
    assertEquals("local", hook.header("X-Registry"));
    assertEquals("from=rule", hook.query());
    assertTrue(hook.header("Content-Type").startsWith("application/json"));
  }

  @Test
  void givenRules_whenDescribingListingEnablingAndDisabling_thenTheyAnswerAsEventBridge() {
    rule("list-a", "{\"source\": [\"a\"]}");
    rule("list-b", "{\"source\": [\"b\"]}");
    rule("other", "{\"source\": [\"c\"]}");

    DescribeRuleResponse described = events.describeRule(request -> request.name("list-a"));
    assertEquals("list-a", described.name());
    assertEquals("{\"source\": [\"a\"]}", described.eventPattern());
    assertEquals(RuleState.ENABLED, described.state());
    assertEquals("default", described.eventBusName());
    assertEquals("000000000000", described.createdBy());

    ListRulesResponse first = events.listRules(request -> request.namePrefix("list-").limit(1));
    assertEquals(List.of("list-a"), first.rules().stream().map(r -> r.name()).toList());
    assertNotNull(first.nextToken());
    ListRulesResponse second = events.listRules(request -> request.namePrefix("list-").nextToken(first.nextToken()));
    assertEquals(List.of("list-b"), second.rules().stream().map(r -> r.name()).toList());
    assertNull(second.nextToken());

    events.disableRule(request -> request.name("list-a"));
    assertEquals(RuleState.DISABLED, events.describeRule(request -> request.name("list-a")).state());
    events.enableRule(request -> request.name("list-a"));
    assertEquals(RuleState.ENABLED, events.describeRule(request -> request.name("list-a")).state());

    ResourceNotFoundException missing = assertThrows(ResourceNotFoundException.class,
        () -> events.describeRule(request -> request.name("nope")));
    assertEquals("Rule nope does not exist on EventBus default.", missing.awsErrorDetails().errorMessage());
  }

  @Test
  void givenADisabledRule_whenAnEventWouldMatch_thenNothingIsDelivered() throws Exception {
    rule("disabled", "{\"source\": [\"registry.disabled\"]}");
    events.putTargets(request -> request.rule("disabled").targets(Target.builder().id("w").arn(FUNCTION).build()));
    events.disableRule(request -> request.name("disabled"));

    events.putEvents(request -> request.entries(entry("registry.disabled", "X", "{}")));
    assertTrue(eventBridge.awaitDeliveries(Duration.ofSeconds(10)));

    assertTrue(LAMBDAS.calls().isEmpty());
  }

  @Test
  void givenBadRules_thenEventBridgesErrors() {
    InvalidEventPatternException pattern = assertThrows(InvalidEventPatternException.class,
        () -> events.putRule(request -> request.name("bad").eventPattern("{\"source\": \"not-a-list\"}")));
    assertTrue(pattern.awsErrorDetails().errorMessage().startsWith("Event pattern is not valid. Reason: "),
        pattern.getMessage());

    EventBridgeException noPattern = assertThrows(EventBridgeException.class,
        () -> events.putRule(request -> request.name("bad")));
    assertEquals("ValidationException", noPattern.awsErrorDetails().errorCode());
    assertEquals("Parameter(s) EventPattern or ScheduleExpression must be specified.",
        noPattern.awsErrorDetails().errorMessage());

    EventBridgeException schedule = assertThrows(EventBridgeException.class,
        () -> events.putRule(request -> request.name("bad").scheduleExpression("rate(5 minutes)")));
    assertEquals("ValidationException", schedule.awsErrorDetails().errorCode());

    EventBridgeException name = assertThrows(EventBridgeException.class,
        () -> events.putRule(request -> request.name("bad name").eventPattern("{\"source\": [\"a\"]}")));
    assertEquals("ValidationException", name.awsErrorDetails().errorCode());

    assertThrows(ResourceNotFoundException.class, () -> events.putRule(request ->
        request.name("r").eventBusName("no-such-bus").eventPattern("{\"source\": [\"a\"]}")));
  }

  @Test
  void givenTargets_whenPuttingListingAndRemoving_thenBadOnesAreFailedEntriesAndTheRestIsKept() {
    rule("targets", "{\"source\": [\"t\"]}");

    PutTargetsResponse put = events.putTargets(request -> request.rule("targets").targets(
        Target.builder().id("fn").arn(FUNCTION).build(),
        Target.builder().id("hook").arn(hooks.url("/t")).build(),
        Target.builder().id("remote").arn("https://example.com/hook").build(),
        Target.builder().id("garbage").arn("not-an-arn").build(),
        Target.builder().id("transform").arn(FUNCTION)
            .inputTransformer(transformer -> transformer.inputTemplate("<x>")).build()));
    assertEquals(3, put.failedEntryCount());
    assertEquals(List.of("remote", "garbage", "transform"), put.failedEntries().stream().map(e -> e.targetId()).toList());
    assertTrue(put.failedEntries().stream().allMatch(e -> e.errorCode().equals("ValidationException")));
    assertEquals(List.of("fn", "hook"), events.listTargetsByRule(request -> request.rule("targets")).targets().stream()
        .map(Target::id).toList());
    assertEquals(FUNCTION, events.listTargetsByRule(request -> request.rule("targets")).targets().get(0).arn());

    RemoveTargetsResponse removed = events.removeTargets(request -> request.rule("targets").ids("hook", "ghost"));
    assertEquals(1, removed.failedEntryCount());
    assertEquals("ghost", removed.failedEntries().get(0).targetId());
    assertEquals("ResourceNotFoundException", removed.failedEntries().get(0).errorCode());
    assertEquals(List.of("fn"), events.listTargetsByRule(request -> request.rule("targets")).targets().stream()
        .map(Target::id).toList());

    EventBridgeException withTargets = assertThrows(EventBridgeException.class,
        () -> events.deleteRule(request -> request.name("targets")));
    assertEquals("Rule can't be deleted since it has targets.", withTargets.awsErrorDetails().errorMessage());

    assertThrows(LimitExceededException.class, () -> events.putTargets(request -> request.rule("targets").targets(
        IntStream.range(0, 5).mapToObj(i -> Target.builder().id("extra" + i).arn(FUNCTION).build()).toList())));
    assertThrows(ResourceNotFoundException.class, () -> events.putTargets(request -> request.rule("nope")
        .targets(Target.builder().id("x").arn(FUNCTION).build())));
  }

  @Test
  void givenCustomBuses_whenCreatingDescribingListingAndDeleting_thenTheyAnswerAsEventBridge() throws Exception {
    String arn = events.createEventBus(request -> request.name("registry-bus").description("the registry's")).eventBusArn();
    assertEquals("arn:aws:events:us-east-1:000000000000:event-bus/registry-bus", arn);
    assertThrows(ResourceAlreadyExistsException.class, () -> events.createEventBus(request -> request.name("registry-bus")));
    assertThrows(ResourceAlreadyExistsException.class, () -> events.createEventBus(request -> request.name("default")));

    assertEquals("the registry's", events.describeEventBus(request -> request.name(arn)).description());
    assertEquals("default", events.describeEventBus(request -> {}).name());
    assertEquals(List.of("registry-bus"), events.listEventBuses(request -> request.namePrefix("registry"))
        .eventBuses().stream().map(bus -> bus.name()).toList());

    String ruleArn = events.putRule(request -> request.name("on-bus").eventBusName("registry-bus")
        .eventPattern("{\"source\": [\"bus.test\"]}")).ruleArn();
    assertEquals("arn:aws:events:us-east-1:000000000000:rule/registry-bus/on-bus", ruleArn);
    events.putTargets(request -> request.rule("on-bus").eventBusName("registry-bus")
        .targets(Target.builder().id("w").arn(FUNCTION).build()));
    events.putEvents(request -> request.entries(
        entry("bus.test", "OnDefault", "{}"),
        entry("bus.test", "OnBus", "{}").toBuilder().eventBusName(arn).build()));
    assertTrue(eventBridge.awaitDeliveries(Duration.ofSeconds(10)));
    assertEquals(List.of("OnBus"), LAMBDAS.calls().stream().map(call -> call.payload().get("detail-type").asText()).toList());

    events.deleteEventBus(request -> request.name("registry-bus"));
    assertThrows(ResourceNotFoundException.class, () -> events.describeEventBus(request -> request.name("registry-bus")));
    EventBridgeException defaultBus = assertThrows(EventBridgeException.class,
        () -> events.deleteEventBus(request -> request.name("default")));
    assertEquals("ValidationException", defaultBus.awsErrorDetails().errorCode());
  }

  @Test
  void givenAStateMachineTarget_thenAnExecutionIsStartedThroughTheStepFunctionsServiceOnTheEndpoint() throws Exception {
    List<JsonNode> starts = new java.util.concurrent.CopyOnWriteArrayList<>();
    endpoint.register(new com.modelregistry.local.aws.AwsJsonService() {
      @Override
      public String targetPrefix() {
        return "AWSStepFunctions";
      }

      @Override
      public String contentType() {
        return "application/x-amz-json-1.0";
      }

      @Override
      public JsonNode handle(String operation, JsonNode input) {
        assertEquals("StartExecution", operation);
        starts.add(input);
        return JSON.createObjectNode().put("executionArn", "arn:aws:states:us-east-1:000000000000:execution:sm:1");
      }
    });
    String stateMachine = "arn:aws:states:us-east-1:000000000000:stateMachine:model-registry-local-Promotion";
    rule("to-workflow", "{\"source\": [\"registry.workflow\"]}");
    events.putTargets(request -> request.rule("to-workflow").targets(Target.builder().id("sm").arn(stateMachine).build()));

    String id = events.putEvents(request -> request.entries(entry("registry.workflow", "Start", "{\"v\": 1}")))
        .entries().get(0).eventId();
    assertTrue(eventBridge.awaitDeliveries(Duration.ofSeconds(10)));

    assertEquals(1, starts.size());
    assertEquals(stateMachine, starts.get(0).get("stateMachineArn").asText());
    assertEquals(id, JSON.readTree(starts.get(0).get("input").asText()).get("id").asText());
  }

  @Test
  void givenWebhooksAnswering400Or429_thenA400IsNotRetriedAndA429Is() throws Exception {
    hooks.answer("/refuses", 400);
    hooks.answer("/throttles", 429);
    rule("webhooks", "{\"source\": [\"registry.webhooks\"]}");
    events.putTargets(request -> request.rule("webhooks").targets(
        Target.builder().id("refuses").arn(hooks.url("/refuses")).build(),
        Target.builder().id("throttles").arn(hooks.url("/throttles")).build()));

    events.putEvents(request -> request.entries(entry("registry.webhooks", "W", "{}")));
    assertTrue(eventBridge.awaitDeliveries(Duration.ofSeconds(10)));

    assertEquals(1, hooks.received("/refuses").size());
    assertEquals(3, hooks.received("/throttles").size());
    List<String> deadLetters = Files.readAllLines(eventBridge.deadLetterFile());
    assertTrue(deadLetters.stream().anyMatch(line -> line.contains("\"target\":\"refuses\",\"arn\"")
        && line.contains("\"attempts\":1") && line.contains("HTTP 400")), deadLetters.toString());
  }

  @Test
  void givenAPatternAndAnEvent_whenTesting_thenEventRulerDecides() {
    String event = "{\"id\": \"1\", \"account\": \"000000000000\", \"source\": \"registry.models\", \"time\": "
        + "\"2026-11-23T00:00:00Z\", \"region\": \"us-east-1\", \"detail-type\": \"X\", \"detail\": {\"auc\": 0.93}}";
    assertTrue(events.testEventPattern(request -> request.event(event)
        .eventPattern("{\"detail\": {\"auc\": [{\"numeric\": [\">=\", 0.9]}]}}")).result());
    assertFalse(events.testEventPattern(request -> request.event(event)
        .eventPattern("{\"source\": [{\"anything-but\": {\"prefix\": \"registry.\"}}]}")).result());
    EventBridgeException notAnEvent = assertThrows(EventBridgeException.class,
        () -> events.testEventPattern(request -> request.event("{}").eventPattern("{\"source\": [\"a\"]}")));
    assertEquals("Parameter Event is not valid.", notAnEvent.awsErrorDetails().errorMessage());
  }

  @Test
  void givenRulesCreatedThroughTheApi_thenTheyAreWrittenToTheStateFile() throws Exception {
    rule("persisted", "{\"source\": [\"p\"]}");
    events.putTargets(request -> request.rule("persisted").targets(Target.builder().id("w").arn(FUNCTION).build()));

    JsonNode state = JSON.readTree(Files.readString(dir.resolve("events/state.json")));
    JsonNode persisted = null;
    for (JsonNode rule : state.get("rules")) {
      if (rule.get("name").asText().equals("persisted")) {
        persisted = rule;
      }
    }
    assertNotNull(persisted, state.toString());
    assertEquals(FUNCTION, persisted.get("targets").get(0).get("Arn").asText());
  }
}
