package com.modelregistry.local.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.modelregistry.local.LocalRuntime;
import com.modelregistry.local.Options;
import com.modelregistry.local.testing.Http;
import com.modelregistry.local.testing.TestTemplates;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The runtime end to end: the template's bus and rules (an {@code AWS::Events::Rule} and a SAM
 * {@code EventBridgeRule} event), events put through the SDK client (endpoint from the runtime's system
 * properties), matched by Event Ruler, delivered to an in-process function and to webhooks (one failing:
 * retried, then dead-lettered), mail sent through SES v2, both read back at {@code /_local/*} with each
 * kind of caller, and all of it still there after a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalAwsEndToEndIT {

  private static final String FUNCTION_ARN =
      "arn:aws:lambda:us-east-1:000000000000:function:model-registry-local-ApiFunction";

  private static final String PARAMETERS = """
      Parameters:
        HookUrl:
          Type: String
        FailingHookUrl:
          Type: String
      """;

  private static final String FUNCTION_EVENT = """
            Events:
              Archived:
                Type: EventBridgeRule
                Properties:
                  Pattern:
                    source: [registry.models]
                    detail:
                      stage: [Archived]
                  InputPath: $.detail
      """;

  private static final String RESOURCES = """

        RegistryBus:
          Type: AWS::Events::EventBus
          Properties:
            Name: registry-events
        StageRule:
          Type: AWS::Events::Rule
          Properties:
            EventBusName: !Ref RegistryBus
            EventPattern:
              source: [{prefix: "registry."}]
              detail-type: [VersionStageChanged]
              detail:
                stage: [{anything-but: [Archived]}]
                metrics:
                  auc: [{numeric: [">=", 0.9]}]
            Targets:
              - Id: api-function
                Arn: !GetAtt ApiFunction.Arn
              - Id: webhook
                Arn: !Ref HookUrl
                HttpParameters:
                  HeaderParameters:
                    X-Source: local-test
        FailingRule:
          Type: AWS::Events::Rule
          Properties:
            EventBusName: !GetAtt RegistryBus.Arn
            EventPattern:
              source: [registry.failing]
            Targets:
              - Id: broken-webhook
                Arn: !Ref FailingHookUrl
      """;

  @TempDir
  static Path dir;

  private static final RecordingLambdaInvoker LAMBDAS = new RecordingLambdaInvoker();
  private static HookServer hooks;
  private static LocalRuntime runtime;
  private static String admin;
  private static String reader;
  private static final List<String> eventIds = new ArrayList<>();
  private static String messageId;

  @BeforeAll
  static void start() {
    hooks = HookServer.start();
    hooks.answer("/broken", 503);
    runtime = start(LAMBDAS);
    admin = runtime.principals().byName("admin").orElseThrow().token();
    reader = runtime.principals().byName("reader").orElseThrow().token();
  }

  private static LocalRuntime start(RecordingLambdaInvoker lambdas) {
    String template = TestTemplates.text()
        .replace("Parameters:\n", PARAMETERS)
        .replace("      Events:\n", FUNCTION_EVENT) + RESOURCES;
    return LocalRuntime.start(Options.defaults().withPort(0).withAwsPort(0).withDataDir(dir.resolve("data"))
        .withTemplateFile(TestTemplates.write(dir.resolve("template"), template))
        .withParameter("HookUrl", hooks.url("/hook"))
        .withParameter("FailingHookUrl", hooks.url("/broken")), lambdas);
  }

  @AfterAll
  static void stop() {
    runtime.close();
    hooks.close();
  }

  private static PutEventsRequestEntry event(String bus, String source, String detailType, String detail) {
    return PutEventsRequestEntry.builder().eventBusName(bus).source(source).detailType(detailType).detail(detail).build();
  }

  private static HttpResponse<byte[]> local(String pathAndQuery, String token) {
    HttpRequest.Builder request = Http.request(runtime.baseUrl() + pathAndQuery);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return Http.send(request);
  }

  private static JsonNode localJson(String pathAndQuery) {
    HttpResponse<byte[]> response = local(pathAndQuery, admin);
    assertEquals(200, response.statusCode(), () -> new String(response.body(), StandardCharsets.UTF_8));
    assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
    return Http.json(response);
  }

  @Test
  @Order(1)
  void givenTheTemplatesRules_whenEventsArePut_thenEventRulerPicksTheTargetsAndTheyAreDelivered() throws Exception {
    assertEquals(List.of("default", "registry-events"), runtime.eventBridge().busNames());
    assertTrue(runtime.awsServiceNames().containsAll(List.of("EventBridge", "SES v2")));
    PutEventsResponse response;
    try (EventBridgeClient events = EventBridgeClient.builder().build()) {
      response = events.putEvents(request -> request.entries(
          event("registry-events", "registry.models", "VersionStageChanged",
              "{\"model\": \"fraud\", \"stage\": \"Production\", \"metrics\": {\"auc\": 0.95}}"),
          event("registry-events", "registry.models", "VersionStageChanged",
              "{\"model\": \"fraud\", \"stage\": \"Archived\", \"metrics\": {\"auc\": 0.95}}"),
          event("registry-events", "registry.models", "VersionStageChanged",
              "{\"model\": \"fraud\", \"stage\": \"Staging\", \"metrics\": {\"auc\": 0.5}}"),
          event("registry-events", "other.models", "VersionStageChanged",
              "{\"model\": \"fraud\", \"stage\": \"Production\", \"metrics\": {\"auc\": 0.99}}"),
          event(null, "registry.models", "VersionArchived", "{\"model\": \"old\", \"stage\": \"Archived\"}"),
          event("registry-events", "registry.failing", "Anything", "{\"n\": 1}")));
    }
    assertEquals(0, response.failedEntryCount());
    response.entries().forEach(entry -> eventIds.add(entry.eventId()));
    assertTrue(runtime.eventBridge().awaitDeliveries(Duration.ofSeconds(20)));

    List<RecordingLambdaInvoker.Call> calls = LAMBDAS.callsTo(FUNCTION_ARN);
    assertEquals(2, calls.size(), calls.toString());
    JsonNode fromRule = calls.stream().filter(call -> call.payload().has("detail")).findFirst().orElseThrow().payload();
    assertEquals(eventIds.get(0), fromRule.get("id").asText());
    assertEquals("Production", fromRule.get("detail").get("stage").asText());
    JsonNode fromFunctionEvent = calls.stream().filter(call -> !call.payload().has("detail")).findFirst().orElseThrow()
        .payload();
    assertEquals("{\"model\":\"old\",\"stage\":\"Archived\"}", fromFunctionEvent.toString(), "InputPath: $.detail");

    List<HookServer.Received> webhook = hooks.received("/hook");
    assertEquals(1, webhook.size());
    assertEquals(eventIds.get(0), webhook.get(0).body().get("id").asText());
    assertEquals("local-test", webhook.get(0).header("X-Source"));
    assertEquals(3, hooks.received("/broken").size(), "a 503 is retried: three attempts in all");
  }

  @Test
  @Order(2)
  void givenAnAdmin_whenReadingTheEventLog_thenEveryPutEventIsThereWithItsRulesAndDeliveries() {
    JsonNode events = localJson("/_local/events").get("events");
    assertEquals(eventIds, ids(events), "newest last");
    JsonNode first = events.get(0);
    assertEquals("registry.models", first.get("source").asText());
    assertEquals("VersionStageChanged", first.get("detailType").asText());
    assertEquals("Production", first.get("detail").get("stage").asText());
    assertEquals("registry-events", first.get("bus").asText());
    assertTrue(first.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
    assertEquals("[\"StageRule\"]", first.get("rules").toString().replace("model-registry-local-", ""));
    assertEquals(2, first.get("deliveries").size());
    first.get("deliveries").forEach(delivery -> assertEquals("DELIVERED", delivery.get("outcome").asText()));
    assertEquals("default", events.get(4).get("bus").asText());
    assertEquals("model-registry-local-ApiFunctionArchived", events.get(4).get("rules").get(0).asText());

    JsonNode failing = localJson("/_local/events?source=registry.failing").get("events");
    assertEquals(1, failing.size());
    JsonNode delivery = failing.get(0).get("deliveries").get(0);
    assertEquals("DEAD_LETTERED", delivery.get("outcome").asText());
    assertEquals(3, delivery.get("attempts").asInt());
    assertTrue(delivery.get("error").asText().contains("503"), delivery.toString());

    assertEquals(List.of(eventIds.get(3)), ids(localJson("/_local/events?source=other.models").get("events")));
    assertEquals(List.of(eventIds.get(2), eventIds.get(3)),
        ids(localJson("/_local/events?detailType=VersionStageChanged&limit=2").get("events")));

    JsonNode deadLetters = localJson("/_local/dead-letters").get("deadLetters");
    assertEquals(1, deadLetters.size());
    assertEquals("broken-webhook", deadLetters.get(0).get("target").asText());
    assertEquals(eventIds.get(5), deadLetters.get(0).get("input").get("id").asText());
  }

  @Test
  @Order(3)
  void givenMailSentThroughSes_whenAnAdminReadsTheOutbox_thenItIsThereAsJsonAndAsAPage() {
    try (SesV2Client ses = SesV2Client.builder().build()) {
      messageId = ses.sendEmail(request -> request
          .fromEmailAddress("registry@example.com")
          .destination(destination -> destination.toAddresses("approver-1@example.com"))
          .content(content -> content.simple(message -> message
              .subject(subject -> subject.data("Approve fraud v3 <Production>"))
              .body(body -> body
                  .text(text -> text.data("Open https://registry.example/approvals/abc to decide."))
                  .html(html -> html.data("<p><a href=\"https://registry.example/approvals/abc\">Decide</a></p>")))))).messageId();
    }

    JsonNode message = localJson("/_local/outbox").get("messages").get(0);
    assertEquals(messageId, message.get("id").asText());
    assertEquals("registry@example.com", message.get("from").asText());
    assertEquals("[\"approver-1@example.com\"]", message.get("to").toString());
    assertEquals("Approve fraud v3 <Production>", message.get("subject").asText());
    assertEquals("Open https://registry.example/approvals/abc to decide.", message.get("text").asText());
    assertTrue(message.get("html").asText().startsWith("<p><a href"));
    assertTrue(message.get("sentAt").asText().endsWith("Z"));

    HttpResponse<byte[]> page = local("/_local/outbox.html?token=" + admin, null);
    assertEquals(200, page.statusCode());
    assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElseThrow());
    assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElseThrow());
    assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow().startsWith("default-src 'none'"));
    String html = new String(page.body(), StandardCharsets.UTF_8);
    assertTrue(html.contains("<h2>Approve fraud v3 &lt;Production&gt;</h2>"), html);
    assertTrue(html.contains("<a href=\"https://registry.example/approvals/abc\" target=\"_blank\""), html);
    assertTrue(html.contains("<iframe sandbox="), html);
  }

  @Test
  @Order(4)
  void givenCallersWithoutTheAdminRole_thenTheLocalPagesRefuseThemInTheApisErrorShape() {
    for (String path : List.of("/_local/events", "/_local/outbox", "/_local/outbox.html", "/_local/dead-letters")) {
      HttpResponse<byte[]> anonymous = local(path, null);
      assertEquals(401, anonymous.statusCode(), path);
      assertEquals("Bearer", anonymous.headers().firstValue("www-authenticate").orElseThrow());
      JsonNode unauthenticated = Http.json(anonymous);
      assertEquals("UNAUTHENTICATED", unauthenticated.get("errorCode").asText());
      assertFalse(unauthenticated.get("requestId").asText().isEmpty());

      HttpResponse<byte[]> readerResponse = local(path, reader);
      assertEquals(403, readerResponse.statusCode(), path);
      JsonNode denied = Http.json(readerResponse);
      assertEquals("PERMISSION_DENIED", denied.get("errorCode").asText());
      assertTrue(denied.get("message").asText().contains("needs the role admin"), denied.toString());

      assertEquals(403, local(path + "?token=" + reader, null).statusCode(), path);
      assertEquals(401, local(path + "?token=wrong", null).statusCode(), path);
    }
    assertEquals(404, local("/_local/nothing", admin).statusCode());
    assertEquals("NOT_FOUND", Http.json(local("/_local/nothing", admin)).get("errorCode").asText());
    assertEquals(400, local("/_local/events?limit=0", admin).statusCode());

    HttpResponse<byte[]> post = Http.send(Http.request(runtime.baseUrl() + "/_local/events")
        .header("Authorization", "Bearer " + admin).POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertEquals(405, post.statusCode());
    assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());
    HttpResponse<byte[]> postWithQueryToken = Http.send(Http.request(runtime.baseUrl() + "/_local/events?token=" + admin)
        .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertEquals(401, postWithQueryToken.statusCode(), "?token= is for GETs only");
  }

  @Test
  @Order(5)
  void givenARestart_thenTheEventLogTheOutboxAndRulesMadeThroughTheApiAreStillThere() throws Exception {
    try (EventBridgeClient events = EventBridgeClient.builder().build()) {
      events.putRule(request -> request.name("made-at-runtime").eventPattern("{\"source\": [\"runtime.rule\"]}"));
      events.putTargets(request -> request.rule("made-at-runtime")
          .targets(Target.builder().id("fn").arn(FUNCTION_ARN).build()));
    }
    runtime.close();
    RecordingLambdaInvoker afterRestart = new RecordingLambdaInvoker();
    runtime = start(afterRestart);

    assertEquals(eventIds, ids(localJson("/_local/events").get("events")));
    assertEquals(messageId, localJson("/_local/outbox").get("messages").get(0).get("id").asText());
    assertEquals(1, localJson("/_local/dead-letters").get("deadLetters").size());
    try (EventBridgeClient events = EventBridgeClient.builder().build()) {
      assertEquals("{\"source\": [\"runtime.rule\"]}",
          events.describeRule(request -> request.name("made-at-runtime")).eventPattern());
      assertEquals(List.of("api-function", "webhook"), events.listTargetsByRule(request -> request
          .rule("model-registry-local-StageRule").eventBusName("registry-events")).targets().stream()
          .map(Target::id).toList());
      events.putEvents(request -> request.entries(event(null, "runtime.rule", "After", "{}")));
    }
    assertTrue(runtime.eventBridge().awaitDeliveries(Duration.ofSeconds(10)));
    assertEquals(1, afterRestart.callsTo(FUNCTION_ARN).size());
  }

  private static List<String> ids(JsonNode events) {
    List<String> ids = new ArrayList<>();
    events.forEach(event -> ids.add(event.get("id").asText()));
    return ids;
  }
}
