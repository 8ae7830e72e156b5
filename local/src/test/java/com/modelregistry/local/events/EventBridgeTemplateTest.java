package com.modelregistry.local.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.modelregistry.local.sam.SamTemplate;
import com.modelregistry.local.sam.TemplateException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The template's buses and rules, named and wired as CloudFormation and SAM would. */
class EventBridgeTemplateTest {

  private static final String TEMPLATE = """
      Parameters:
        Team:
          Type: String
          Default: risk
      Resources:
        Bus:
          Type: AWS::Events::EventBus
          Properties:
            Name: !Sub "${AWS::StackName}-registry"
            Description: Registry events
        Worker:
          Type: AWS::Serverless::Function
          Properties:
            Handler: com.example.Worker::handleRequest
            Events:
              Promoted:
                Type: EventBridgeRule
                Properties:
                  EventBusName: !Ref Bus
                  Pattern: {detail-type: [Promoted], detail: {team: [!Ref Team]}}
                  Input: '{"fixed": 1}'
              Legacy:
                Type: CloudWatchEvent
                Properties:
                  Pattern: {source: [legacy]}
                  State: DISABLED
              Named:
                Type: EventBridgeRule
                Properties:
                  RuleName: named-rule
                  Pattern: '{"source": ["named"]}'
                  Target: {Id: my-target}
        Explicit:
          Type: AWS::Events::Rule
          Properties:
            Name: explicit
            EventBusName: !GetAtt Bus.Arn
            Description: d
            EventPattern:
              detail: {auc: [{numeric: [">=", 0.9]}]}
            Targets:
              - {Id: fn, Arn: !GetAtt Worker.Arn, InputPath: $.detail}
              - {Id: hook, Arn: "http://127.0.0.1:9000/hook"}
        Nightly:
          Type: AWS::Events::Rule
          Properties:
            ScheduleExpression: rate(1 day)
      """;

  private static final EventBridgeTemplate READER = new EventBridgeTemplate(SamTemplate.parse(TEMPLATE, "t.yaml"));

  @Test
  void givenAnEventBus_thenItIsNamedByItsNameProperty_asRefReturnsIt() {
    List<EventBus> buses = READER.buses(Instant.EPOCH);

    assertEquals(1, buses.size());
    assertEquals("model-registry-local-registry", buses.get(0).name());
    assertEquals("Registry events", buses.get(0).description());
  }

  @Test
  void givenRulesAndFunctionEvents_thenEachBecomesARuleWithItsTargets() {
    List<EventRule> rules = READER.rules();

    assertEquals(List.of("explicit", "model-registry-local-WorkerPromoted", "model-registry-local-WorkerLegacy",
        "named-rule"), rules.stream().map(EventRule::name).toList(), "the schedule-only rule is not created");
    EventRule explicit = rules.get(0);
    assertEquals("model-registry-local-registry", explicit.busName());
    assertEquals("{\"detail\":{\"auc\":[{\"numeric\":[\">=\",0.9]}]}}", explicit.eventPattern());
    assertEquals(List.of("fn", "hook"), List.copyOf(explicit.targets().keySet()));
    assertEquals("arn:aws:lambda:us-east-1:000000000000:function:model-registry-local-Worker",
        explicit.targets().get("fn").arn());
    assertEquals("$.detail", explicit.targets().get("fn").inputPath());

    EventRule promoted = rules.get(1);
    assertEquals("model-registry-local-registry", promoted.busName());
    assertEquals("{\"detail-type\":[\"Promoted\"],\"detail\":{\"team\":[\"risk\"]}}", promoted.eventPattern());
    assertEquals("WorkerPromotedLambdaTarget", promoted.targets().keySet().iterator().next());
    assertEquals("{\"fixed\": 1}", promoted.targets().get("WorkerPromotedLambdaTarget").input());
    assertEquals("DISABLED", rules.get(2).state());
    assertEquals("default", rules.get(2).busName());
    assertEquals(List.of("my-target"), List.copyOf(rules.get(3).targets().keySet()));
    assertNull(rules.get(3).description());
  }

  @Test
  void givenABadPatternOrTarget_thenTheTemplateIsRefusedNamingTheResource() {
    TemplateException pattern = assertThrows(TemplateException.class, () -> new EventBridgeTemplate(SamTemplate.parse("""
        Resources:
          Broken:
            Type: AWS::Events::Rule
            Properties:
              EventPattern: {source: not-a-list}
        """, "t.yaml")).rules());
    assertTrue(pattern.getMessage().startsWith("t.yaml: Broken: EventPattern is not a valid event pattern"),
        pattern.getMessage());

    TemplateException target = assertThrows(TemplateException.class, () -> new EventBridgeTemplate(SamTemplate.parse("""
        Resources:
          Remote:
            Type: AWS::Events::Rule
            Properties:
              EventPattern: {source: [a]}
              Targets: [{Id: out, Arn: "https://example.com/hook"}]
        """, "t.yaml")).rules());
    assertTrue(target.getMessage().contains("Remote: target out:"), target.getMessage());
  }
}
