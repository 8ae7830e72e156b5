package com.modelregistry.local.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.events.LocalEventBridge;
import com.modelregistry.local.mail.LocalSes;
import com.modelregistry.local.sam.SamTemplate;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/**
 * The system properties in {@link AwsEndpoint#SDK_ENDPOINT_PROPERTIES} are the ones SDK 2.40.2 reads: a
 * client built with no endpoint override reaches the local endpoint. Step Functions is a stand-in here
 * (awsJson1_0, so its error parsing is covered too); EventBridge and SES v2 are the real local services.
 */
class SdkEndpointPropertiesIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> SFN_CALLS = new CopyOnWriteArrayList<>();

  @TempDir
  static Path dir;

  private static AwsEndpoint endpoint;
  private static LocalEventBridge eventBridge;
  private static SdkSystemProperties properties;

  @BeforeAll
  static void start() {
    endpoint = AwsEndpoint.start(0);
    endpoint.register(new AwsJsonService() {
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
        SFN_CALLS.add(operation);
        if (operation.equals("DescribeStateMachine")) {
          throw new AwsServiceError("StateMachineDoesNotExist",
              "State Machine Does Not Exist: '" + input.path("stateMachineArn").asText() + "'");
        }
        ObjectNode output = JSON.createObjectNode();
        output.putArray("stateMachines");
        return output;
      }
    });
    SamTemplate template = SamTemplate.parse("Resources: {}\n", "empty.yaml");
    eventBridge = LocalEventBridge.start(dir.resolve("events"), template, (function, payload) -> payload, endpoint,
        Clock.systemUTC());
    endpoint.register(eventBridge.service());
    endpoint.register(LocalSes.start(dir.resolve("mail"), Clock.systemUTC()).service());
    properties = SdkSystemProperties.pointAt(endpoint.uri());
  }

  @AfterAll
  static void stop() {
    properties.close();
    eventBridge.close();
    endpoint.close();
  }

  @Test
  void givenNoEndpointOverride_whenAStepFunctionsClientCalls_thenTheLocalEndpointAnswersAndErrorsMapToTheirClasses() {
    try (SfnClient sfn = SfnClient.builder().build()) {
      assertEquals(0, sfn.listStateMachines(request -> {}).stateMachines().size());

      StateMachineDoesNotExistException missing = assertThrows(StateMachineDoesNotExistException.class,
          () -> sfn.describeStateMachine(request -> request.stateMachineArn(
              "arn:aws:states:us-east-1:000000000000:stateMachine:nope")));
      assertEquals("StateMachineDoesNotExist", missing.awsErrorDetails().errorCode());
      assertTrue(missing.getMessage().startsWith("State Machine Does Not Exist"), missing.getMessage());
      assertEquals(400, missing.statusCode());
      assertTrue(missing.requestId() != null && !missing.requestId().isEmpty());
    }
    assertEquals(List.of("ListStateMachines", "DescribeStateMachine"), SFN_CALLS);
  }

  @Test
  void givenNoEndpointOverride_whenEventBridgeAndSesClientsCall_thenTheLocalEndpointAnswers() {
    try (EventBridgeClient events = EventBridgeClient.builder().build();
        SesV2Client ses = SesV2Client.builder().build()) {
      assertEquals("default", events.listEventBuses(request -> {}).eventBuses().get(0).name());
      String messageId = ses.sendEmail(request -> request
          .fromEmailAddress("registry@example.com")
          .destination(destination -> destination.toAddresses("ann@example.com"))
          .content(content -> content.simple(message -> message
              .subject(subject -> subject.data("Hello"))
              .body(body -> body.text(text -> text.data("Hi")))))).messageId();
      assertTrue(messageId.endsWith("-000000"), messageId);
    }
  }
}
