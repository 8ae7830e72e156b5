package com.modelregistry.local.states;

import static com.modelregistry.local.states.StatesHarness.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.modelregistry.local.lambda.TemplateLambdaInvoker;
import com.modelregistry.local.sam.SamTemplate;
import com.modelregistry.local.sam.TemplateException;
import com.modelregistry.local.states.asl.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State machines provisioned from a SAM template (DefinitionUri or inline Definition, with
 * DefinitionSubstitutions resolved like the rest of the template) and run against the template's
 * handlers through {@link TemplateLambdaInvoker}.
 */
class TemplateStateMachinesTest {

  private static final String GATE = "arn:aws:states:us-east-1:000000000000:stateMachine:model-registry-local-GateStateMachine";
  private static final String SHOUT = "arn:aws:states:us-east-1:000000000000:stateMachine:model-registry-local-ShoutStateMachine";

  @TempDir Path directory;
  SamTemplate template;
  TemplateLambdaInvoker invoker;
  StepFunctionsService service;
  LocalClock clock = LocalClock.fixed(StatesHarness.START);

  @BeforeEach
  void open() throws Exception {
    template = SamTemplate.load(Path.of(getClass().getResource("/states/template.yaml").toURI()));
    invoker = new TemplateLambdaInvoker(template, null);
    service = StepFunctionsService.start(directory.resolve("sfn"), invoker, clock);
  }

  @AfterEach
  void close() {
    service.close();
    invoker.close();
  }

  private JsonNode run(String machine, String input) {
    String execution = service.handle("StartExecution", Json.object().put("stateMachineArn", machine).put("input", input))
        .get("executionArn").textValue();
    service.awaitIdle(java.time.Duration.ofSeconds(20));
    return service.handle("DescribeExecution", Json.object().put("executionArn", execution));
  }

  @Test
  void readsDefinitionsWithSubstitutionsResolved() {
    List<TemplateStateMachines.Definition> definitions = TemplateStateMachines.read(template);
    assertEquals(List.of("GateStateMachine", "ShoutStateMachine"),
        definitions.stream().map(TemplateStateMachines.Definition::logicalId).toList());
    TemplateStateMachines.Definition gate = definitions.get(0);
    assertEquals("model-registry-local-GateStateMachine", gate.name());
    assertTrue(gate.definition().contains(
        "\"Resource\": \"arn:aws:lambda:us-east-1:000000000000:function:model-registry-local-ScoreFunction\""),
        gate.definition());
    assertEquals("arn:aws:iam::000000000000:role/model-registry-local-GateStateMachineRole", gate.roleArn());
    TemplateStateMachines.Definition shout = definitions.get(1);
    assertEquals(parse("{\"FunctionName\": \"model-registry-local-ShoutFunction\", \"Payload.$\": \"$.text\"}"),
        parse(shout.definition()).get("States").get("Shout").get("Parameters"));
    assertEquals("arn:aws:iam::000000000000:role/shout", shout.roleArn());
  }

  @Test
  void provisionedMachinesRunTheTemplatesHandlers() {
    assertEquals(List.of(GATE, SHOUT), service.provision(template));
    JsonNode promoted = run(GATE, "{\"model\": \"m1\", \"auc\": 0.95}");
    assertEquals("SUCCEEDED", promoted.get("status").textValue(), promoted.toString());
    assertEquals(true, parse(promoted.get("output").textValue()).get("score").get("passed").booleanValue());

    JsonNode rejected = run(GATE, "{\"model\": \"m2\", \"auc\": 0.5}");
    assertEquals("FAILED", rejected.get("status").textValue());
    assertEquals("Rejected", rejected.get("error").textValue());
    JsonNode cause = parse(rejected.get("cause").textValue());
    assertEquals("com.modelregistry.local.states.handlers.ModelRejectedException", cause.get("errorType").textValue());
    assertEquals("model m2 is below the gate", cause.get("errorMessage").textValue());
    assertTrue(cause.get("stackTrace").get(0).textValue().startsWith(
        "com.modelregistry.local.states.handlers.RejectHandler.handleRequest(RejectHandler.java:"), cause.toString());
    assertEquals("java.lang.IllegalArgumentException", cause.get("cause").get("errorType").textValue());

    JsonNode shouted = run(SHOUT, "{\"text\": \"ship it\"}");
    assertEquals("\"SHIP IT!\"", shouted.get("output").textValue());
  }

  @Test
  void provisioningAgainChangesNothingAndAChangedDefinitionIsAnUpdate() throws Exception {
    service.provision(template);
    JsonNode first = service.handle("DescribeStateMachine", Json.object().put("stateMachineArn", GATE));
    service.provision(template);
    assertEquals(first, service.handle("DescribeStateMachine", Json.object().put("stateMachineArn", GATE)));

    Path copy = directory.resolve("template");
    Files.createDirectories(copy.resolve("statemachines"));
    Path source = Path.of(getClass().getResource("/states/template.yaml").toURI()).getParent();
    Files.copy(source.resolve("template.yaml"), copy.resolve("template.yaml"));
    Files.writeString(copy.resolve("statemachines/gate.asl.json"),
        Files.readString(source.resolve("statemachines/gate.asl.json")).replace("quality gate", "stricter gate"));
    service.provision(SamTemplate.load(copy.resolve("template.yaml")));
    JsonNode updated = service.handle("DescribeStateMachine", Json.object().put("stateMachineArn", GATE));
    assertTrue(updated.get("definition").textValue().contains("stricter gate"));
    assertTrue(updated.has("revisionId"));
  }

  @Test
  void theTemplatePackagedOnTheClasspathFindsItsDefinitionNextToIt() throws IOException {
    String yaml = new String(getClass().getResourceAsStream("/states/template.yaml").readAllBytes());
    SamTemplate packaged = SamTemplate.parse(yaml, "states/template.yaml");
    assertTrue(TemplateStateMachines.read(packaged).get(0).definition().contains("\"StartAt\": \"Score\""));
  }

  @Test
  void refusesWhatItCanNotProvision() {
    assertRefused("Type: EXPRESS\n      Definition: {StartAt: S, States: {S: {Type: Succeed}}}", "Type EXPRESS is not supported locally");
    assertRefused("DefinitionUri: {Bucket: b, Key: k}", "S3 locations are not supported locally");
    assertRefused("DefinitionUri: missing.asl.json", "missing.asl.json");
    assertRefused("Definition: {StartAt: S, States: {S: {Type: Pass}}}",
        "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [Next] or \"End\": true");
    assertRefused("Definition: {StartAt: S, States: {S: {Type: Succeed}}}\n      DefinitionUri: x.json", "exactly one of");
  }

  private static void assertRefused(String properties, String message) {
    SamTemplate template = SamTemplate.parse("""
        Resources:
          Machine:
            Type: AWS::Serverless::StateMachine
            Properties:
              %s
        """.formatted(properties), "inline.yaml");
    TemplateException e = assertThrows(TemplateException.class, () -> TemplateStateMachines.read(template));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertTrue(e.getMessage().startsWith("inline.yaml: Machine: "), e.getMessage());
  }
}
