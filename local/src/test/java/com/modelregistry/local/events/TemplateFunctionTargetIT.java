package com.modelregistry.local.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.modelregistry.local.LocalRuntime;
import com.modelregistry.local.Options;
import com.modelregistry.local.testing.Http;
import com.modelregistry.local.testing.TestTemplates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * A SAM {@code EventBridgeRule} event on a template function, with the runtime's own in-process Lambda
 * invoker: the handler gets the event; a handler that throws is retried, then dead-lettered.
 */
class TemplateFunctionTargetIT {

  private static final String FUNCTION = """

        EventsFunction:
          Type: AWS::Serverless::Function
          Properties:
            CodeUri: functions/events
            Handler: com.modelregistry.local.events.RecordingEventHandler::handleRequest
            Events:
              Models:
                Type: EventBridgeRule
                Properties:
                  Pattern:
                    source: [registry.models]
      """;

  @TempDir
  static Path dir;

  private static LocalRuntime runtime;

  @BeforeAll
  static void start() {
    runtime = LocalRuntime.start(Options.defaults().withPort(0).withAwsPort(0).withDataDir(dir.resolve("data"))
        .withTemplateFile(TestTemplates.write(dir.resolve("template"), TestTemplates.text() + FUNCTION)));
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  @Test
  void givenAFunctionsEventBridgeRuleEvent_whenEventsArePut_thenItsHandlerRunsInProcess_andFailuresAreRetried()
      throws Exception {
    try (EventBridgeClient events = EventBridgeClient.builder().build()) {
      events.putEvents(request -> request.entries(
          PutEventsRequestEntry.builder().source("registry.models").detailType("VersionRegistered")
              .detail("{\"model\": \"fraud\", \"version\": 3}").build(),
          PutEventsRequestEntry.builder().source("registry.models").detailType("VersionRegistered")
              .detail("{\"fail\": true}").build(),
          PutEventsRequestEntry.builder().source("someone.else").detailType("X").detail("{}").build()));
    }
    assertTrue(runtime.eventBridge().awaitDeliveries(Duration.ofSeconds(20)));

    List<RecordingEventHandler.Received> received = RecordingEventHandler.RECEIVED;
    assertEquals(4, received.size(), "one delivery, and three attempts of the failing one: " + received);
    RecordingEventHandler.Received first = received.stream()
        .filter(call -> "fraud".equals(((java.util.Map<?, ?>) call.event().get("detail")).get("model")))
        .findFirst().orElseThrow();
    assertEquals("model-registry-local-EventsFunction", first.functionName());
    assertEquals("VersionRegistered", first.event().get("detail-type"));
    assertEquals(3, ((java.util.Map<?, ?>) first.event().get("detail")).get("version"));

    String admin = runtime.principals().byName("admin").orElseThrow().token();
    JsonNode deadLetter = Http.json(Http.send(Http.request(runtime.baseUrl() + "/_local/dead-letters")
        .header("Authorization", "Bearer " + admin))).get("deadLetters").get(0);
    assertEquals("EventsFunctionModelsLambdaTarget", deadLetter.get("target").asText());
    assertEquals("model-registry-local-EventsFunctionModels", deadLetter.get("rule").asText());
    assertEquals(3, deadLetter.get("attempts").asInt());
    assertTrue(deadLetter.get("error").asText().contains("IllegalArgumentException: asked to fail"),
        deadLetter.toString());
  }
}
