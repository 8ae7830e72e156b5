package com.modelregistry.local.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.aws.AwsEndpoint;
import com.modelregistry.local.sam.SamTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule whose target is a CloudWatch Logs log group ({@code !GetAtt LogGroup.Arn}): accepted by the template
 * check and by PutTargets, delivered by appending the event as one JSON line to
 * {@code <data-dir>/events/logs/<group>.jsonl}.
 */
class LogGroupTargetTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TEMPLATE = """
      Resources:
        EventBus:
          Type: AWS::Events::EventBus
          Properties:
            Name: !Sub "${AWS::StackName}-events"
        DeploymentEventsLogGroup:
          Type: AWS::Logs::LogGroup
          Properties:
            LogGroupName: !Sub "/aws/events/${AWS::StackName}/deployments"
        DeploymentEventsRule:
          Type: AWS::Events::Rule
          Properties:
            EventBusName: !Ref EventBus
            EventPattern:
              source: [model-registry]
              detail-type: [Model Version Promoted, Model Rolled Back]
            Targets:
              - Id: DeploymentEventsLog
                Arn: !GetAtt DeploymentEventsLogGroup.Arn
              - Id: JustTheDetail
                Arn: !GetAtt DetailLogGroup.Arn
                InputPath: $.detail
        DetailLogGroup:
          Type: AWS::Logs::LogGroup
      """;

  @TempDir
  Path dir;

  @Test
  void givenLogGroupArns_thenTheyAreLogsTargets_andOtherLogsArnsAreRefused() {
    String arn = "arn:aws:logs:us-east-1:000000000000:log-group:/aws/events/x/deployments:*";
    assertEquals(TargetKind.LOGS, TargetKind.of(arn));
    assertEquals("/aws/events/x/deployments", TargetKind.logGroupName(arn));
    assertEquals("/aws/events/x/deployments", TargetKind.logGroupName(arn.substring(0, arn.length() - 2)));
    assertNull(TargetKind.problemWith(arn));
    assertTrue(TargetKind.problemWith("arn:aws:logs:us-east-1:000000000000:destination:d").contains("must be a log group"));
    assertEquals(TargetKind.UNSUPPORTED, TargetKind.of("arn:aws:sqs:us-east-1:000000000000:queue"));

    assertEquals("aws_events_model-registry-local_deployments.jsonl",
        LogsTargetInvoker.fileName("/aws/events/model-registry-local/deployments"));
    assertEquals("team_a_b.c.jsonl", LogsTargetInvoker.fileName("team#a/b.c"));
    assertEquals("_.jsonl", LogsTargetInvoker.fileName("/"));
    assertEquals("x.jsonl", LogsTargetInvoker.fileName("../x"), "never outside the logs directory");
  }

  @Test
  void givenATemplateRuleWithALogGroupTarget_whenAnEventMatches_thenItIsAppendedToTheGroupsFile() throws Exception {
    SamTemplate template = SamTemplate.parse(TEMPLATE, "t.yaml");
    LocalEventBridge.checkTemplate(template);
    assertEquals("arn:aws:logs:us-east-1:000000000000:log-group:/aws/events/model-registry-local/deployments:*",
        template.resolve(Map.of("Fn::GetAtt", List.of("DeploymentEventsLogGroup", "Arn"))));
    assertEquals("/aws/events/model-registry-local/deployments",
        template.resolve(Map.of("Ref", "DeploymentEventsLogGroup")), "Ref of a log group is its name");

    try (AwsEndpoint endpoint = AwsEndpoint.start(0);
        LocalEventBridge events = LocalEventBridge.start(dir.resolve("events"), template,
            (function, payload) -> payload, endpoint, Clock.systemUTC())) {
      JsonNode result = events.service().handle("PutEvents", JSON.readTree("""
          {"Entries": [
            {"EventBusName": "model-registry-local-events", "Source": "model-registry",
             "DetailType": "Model Version Promoted", "Detail": "{\\"model\\": \\"fraud\\", \\"version\\": 2}"},
            {"EventBusName": "model-registry-local-events", "Source": "model-registry",
             "DetailType": "Model Rolled Back", "Detail": "{\\"model\\": \\"fraud\\", \\"toVersion\\": 1}"},
            {"EventBusName": "model-registry-local-events", "Source": "model-registry",
             "DetailType": "Promotion Started", "Detail": "{}"}
          ]}"""));
      assertEquals(0, result.get("FailedEntryCount").asInt());
      assertTrue(events.awaitDeliveries(Duration.ofSeconds(10)));

      Path file = events.logGroupFile("/aws/events/model-registry-local/deployments");
      assertEquals(dir.resolve("events/logs/aws_events_model-registry-local_deployments.jsonl").toAbsolutePath(), file);
      List<String> lines = Files.readAllLines(file);
      assertEquals(2, lines.size(), lines.toString());
      JsonNode promoted = lines.stream().map(LogGroupTargetTest::parse)
          .filter(event -> event.get("detail-type").asText().equals("Model Version Promoted")).findFirst().orElseThrow();
      assertEquals(result.get("Entries").get(0).get("EventId").asText(), promoted.get("id").asText());
      assertEquals("fraud", promoted.get("detail").get("model").asText());

      List<String> details = Files.readAllLines(events.logGroupFile("model-registry-local-DetailLogGroup"));
      assertEquals(2, details.size(), "InputPath applies to log group targets too");
      assertTrue(details.stream().map(LogGroupTargetTest::parse).allMatch(detail -> detail.has("model")
          && !detail.has("detail-type")), details.toString());

      ArrayNode deliveries = (ArrayNode) JSON.valueToTree(Files.readAllLines(events.eventLogFile()).stream()
          .map(LogGroupTargetTest::parse).filter(record -> record.path("record").asText().equals("delivery")).toList());
      assertEquals(4, deliveries.size(), deliveries.toString());
      deliveries.forEach(delivery -> assertEquals("DELIVERED", delivery.get("outcome").asText(), delivery.toString()));
      assertTrue(Files.notExists(events.deadLetterFile()) || Files.readAllLines(events.deadLetterFile()).isEmpty());
    }
  }

  @Test
  void givenPutTargets_whenTheArnIsALogGroup_thenItIsAccepted() throws Exception {
    try (AwsEndpoint endpoint = AwsEndpoint.start(0);
        LocalEventBridge events = LocalEventBridge.start(dir.resolve("events"),
            SamTemplate.parse("Resources: {}\n", "empty.yaml"), (function, payload) -> payload, endpoint,
            Clock.systemUTC())) {
      events.service().handle("PutRule", JSON.readTree("{\"Name\": \"r\", \"EventPattern\": \"{\\\"source\\\": [\\\"s\\\"]}\"}"));
      ObjectNode put = (ObjectNode) JSON.readTree("""
          {"Rule": "r", "Targets": [{"Id": "log", "Arn": "arn:aws:logs:us-east-1:000000000000:log-group:mine"}]}""");
      assertEquals(0, events.service().handle("PutTargets", put).get("FailedEntryCount").asInt());
      events.service().handle("PutEvents", JSON.readTree(
          "{\"Entries\": [{\"Source\": \"s\", \"DetailType\": \"d\", \"Detail\": \"{}\"}]}"));
      assertTrue(events.awaitDeliveries(Duration.ofSeconds(10)));
      assertEquals(1, Files.readAllLines(events.logGroupFile("mine")).size());
    }
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
