package com.modelregistry.local.states;

import static com.modelregistry.local.states.StatesHarness.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.modelregistry.local.states.asl.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input and output processing as the spec defines it: InputPath → Parameters → task → ResultSelector →
 * ResultPath (into the raw input) → OutputPath, with the spec's and AWS's own examples.
 */
class DataFlowTest {

  @TempDir Path directory;
  StatesHarness states;

  @BeforeEach
  void open() {
    states = new StatesHarness(directory);
    states.lambdas.define("Echo", payload -> payload);
    states.lambdas.define("Sum", payload -> Json.MAPPER.getNodeFactory()
        .numberNode(payload.get("val1").intValue() + payload.get("val2").intValue()));
    states.lambdas.define("Hello", payload -> TextNode.valueOf("Hello, " + payload.get("who").textValue() + "!"));
  }

  @AfterEach
  void close() {
    states.close();
  }

  private static String task(String function, String fields) {
    return """
        {"StartAt": "T", "States": {"T": {"Type": "Task",
          "Resource": "arn:aws:lambda:us-east-1:000000000000:function:%s", %s "End": true}}}"""
        .formatted(function, fields.isEmpty() ? "" : fields + ",");
  }

  private JsonNode output(String definition, String input) {
    JsonNode execution = states.run(definition, input);
    assertEquals("SUCCEEDED", execution.get("status").textValue(), execution.toString());
    return parse(execution.get("output").textValue());
  }

  @Test
  void awsInputPathResultPathOutputPathExample() {
    // AWS Developer Guide, "InputPath, ResultPath and OutputPath Example".
    JsonNode output = output(task("Hello", """
        "InputPath": "$.lambda", "ResultPath": "$.data.lambdaresult", "OutputPath": "$.data\""""), """
        {"comment": "An input comment.", "data": {"val1": 23, "val2": 17}, "extra": "foo",
         "lambda": {"who": "AWS Step Functions"}}""");
    assertEquals(parse("""
        {"val1": 23, "val2": 17, "lambdaresult": "Hello, AWS Step Functions!"}"""), output);
    assertEquals(parse("{\"who\": \"AWS Step Functions\"}"), states.lambdas.payloads("Hello").get(0));
  }

  @Test
  void resultPathMergesTheResultIntoTheRawInput() {
    // The spec's example: the task adds numbers; ResultPath "$.sum" keeps the input beside the result.
    JsonNode output = output(task("Sum", "\"InputPath\": \"$.numbers\", \"ResultPath\": \"$.sum\""), """
        {"title": "Numbers to add", "numbers": {"val1": 3, "val2": 4}}""");
    assertEquals(parse("""
        {"title": "Numbers to add", "numbers": {"val1": 3, "val2": 4}, "sum": 7}"""), output);
  }

  @Test
  void resultPathDefaultReplacesTheInput() {
    assertEquals(parse("7"), output(task("Sum", ""), "{\"val1\": 3, \"val2\": 4}"));
  }

  @Test
  void resultPathOverwritesAnExistingField() {
    JsonNode output = output(task("Sum", "\"ResultPath\": \"$.master.detail\""), """
        {"val1": 1, "val2": 2, "master": {"detail": [1, 2, 3], "other": true}}""");
    assertEquals(parse("{\"val1\": 1, \"val2\": 2, \"master\": {\"detail\": 3, \"other\": true}}"), output);
  }

  @Test
  void resultPathCreatesIntermediateObjects() {
    JsonNode output = output(task("Sum", "\"ResultPath\": \"$.a.b.c\""), "{\"val1\": 1, \"val2\": 1}");
    assertEquals(parse("{\"val1\": 1, \"val2\": 1, \"a\": {\"b\": {\"c\": 2}}}"), output);
  }

  @Test
  void resultPathIntoAnArrayElement() {
    JsonNode output = output(task("Sum", "\"ResultPath\": \"$.list[1]\""), "{\"val1\": 1, \"val2\": 1, \"list\": [0, 0, 0]}");
    assertEquals(parse("{\"val1\": 1, \"val2\": 1, \"list\": [0, 2, 0]}"), output);
  }

  @Test
  void nullResultPathDiscardsTheResult() {
    JsonNode output = output(task("Sum", "\"ResultPath\": null"), "{\"val1\": 3, \"val2\": 4}");
    assertEquals(parse("{\"val1\": 3, \"val2\": 4}"), output);
  }

  @Test
  void resultPathOnInputThatIsNotAnObjectFailsWithResultPathMatchFailure() {
    JsonNode execution = states.run("""
        {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": 1, "ResultPath": "$.x", "End": true}}}""", "\"text\"");
    assertEquals("FAILED", execution.get("status").textValue());
    assertEquals("States.ResultPathMatchFailure", execution.get("error").textValue());
    assertTrue(execution.get("cause").textValue().contains("Unable to apply ReferencePath $.x to input \"text\""));
  }

  @Test
  void nullInputPathGivesTheTaskAnEmptyObjectAndNullOutputPathAnEmptyOutput() {
    JsonNode output = output(task("Echo", "\"InputPath\": null, \"OutputPath\": null"), "{\"a\": 1}");
    assertEquals(parse("{}"), states.lambdas.payloads("Echo").get(0));
    assertEquals(parse("{}"), output);
  }

  @Test
  void indefinitePathsSelectArrays() {
    JsonNode output = output("""
        {"StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": "$.a[0:2]", "End": true}}}""", "{\"a\": [1, 2, 3, 4]}");
    assertEquals(parse("[1, 2]"), output);
  }

  @Test
  void parametersFromTheSpecExample() {
    JsonNode output = output("""
        {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {
          "flagged": true,
          "parts": {"first.$": "$.vals[0]", "last3.$": "$.vals[-3:]"},
          "list": [{"x.$": "$.vals[1]"}, "literal"],
          "formatted.$": "States.Format('first {}, flag {}', $.vals[0], $.flagged)"
        }, "End": true}}}""", "{\"flagged\": 7, \"vals\": [0, 10, 20, 30, 40, 50]}");
    assertEquals(parse("""
        {"flagged": true, "parts": {"first": 0, "last3": [30, 40, 50]}, "list": [{"x": 10}, "literal"],
         "formatted": "first 0, flag 7"}"""), output);
  }

  @Test
  void parametersApplyToTheInputPathSelection() {
    output(task("Echo", """
        "InputPath": "$.inner", "Parameters": {"got.$": "$.value", "constant": "c"}"""), "{\"inner\": {\"value\": 5}}");
    assertEquals(parse("{\"got\": 5, \"constant\": \"c\"}"), states.lambdas.payloads("Echo").get(0));
  }

  @Test
  void resultSelectorShapesTheResultBeforeResultPath() {
    states.lambdas.define("Cluster", payload -> parse("""
        {"resourceType": "elasticmapreduce", "resource": "createCluster.sync",
         "output": {"SdkHttpMetadata": {"HttpStatusCode": 200}, "ClusterId": "AKIAIOSFODNN7EXAMPLE"}}"""));
    JsonNode output = output(task("Cluster", """
        "ResultSelector": {"ClusterId.$": "$.output.ClusterId", "ResourceType.$": "$.resourceType", "Fixed": 1},
        "ResultPath": "$.EMROutput\""""), "{\"in\": 1}");
    assertEquals(parse("""
        {"in": 1, "EMROutput": {"ClusterId": "AKIAIOSFODNN7EXAMPLE", "ResourceType": "elasticmapreduce", "Fixed": 1}}"""),
        output);
  }

  @Test
  void passResultGoesThroughResultPathAndOutputPath() {
    JsonNode output = output("""
        {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"x-datum": 0.381018, "y-datum": 622.2269926397355},
          "ResultPath": "$.coords", "OutputPath": "$.coords", "End": true}}}""", "{\"georefOf\": \"Home\"}");
    assertEquals(parse("{\"x-datum\": 0.381018, \"y-datum\": 622.2269926397355}"), output);
  }

  @Test
  void numbersPassThroughUnchanged() {
    JsonNode output = output("""
        {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}""",
        "{\"big\": 123456789012345678901234567890, \"precise\": 0.1000000000000000055511151231257827}");
    assertEquals("{\"big\":123456789012345678901234567890,\"precise\":0.1000000000000000055511151231257827}",
        Json.write(output));
  }

  @Test
  void inputPathThatMatchesNothingFailsTheExecutionWithStatesRuntime() {
    JsonNode execution = states.run(task("Echo", "\"InputPath\": \"$.missing\""), "{\"a\": 1}");
    assertEquals("FAILED", execution.get("status").textValue());
    assertEquals("States.Runtime", execution.get("error").textValue());
    assertEquals("An error occurred while executing the state 'T' (entered at the event id #2). Invalid path "
        + "'$.missing' : No results for path: $['missing']", execution.get("cause").textValue());
    assertTrue(states.lambdas.invocations().isEmpty());
  }

  @Test
  void parameterPathThatMatchesNothingFailsWithStatesRuntimeEvenWithCatchAll() {
    JsonNode execution = states.run("""
        {"StartAt": "T", "States": {
          "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:000000000000:function:Echo",
                "Parameters": {"bar.$": "$.foo"},
                "Retry": [{"ErrorEquals": ["States.ALL"]}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "End": true},
          "Caught": {"Type": "Succeed"}}}""", "{\"a\": 1}");
    assertEquals("FAILED", execution.get("status").textValue());
    assertEquals("States.Runtime", execution.get("error").textValue());
    assertTrue(execution.get("cause").textValue().endsWith(
        "The JSONPath '$.foo' specified for the field 'bar.$' could not be found in the input '{\"a\":1}'"),
        execution.get("cause").textValue());
  }

  @Test
  void outputPathThatMatchesNothingFailsWithStatesRuntime() {
    JsonNode execution = states.run("""
        {"StartAt": "P", "States": {"P": {"Type": "Pass", "OutputPath": "$.nope", "End": true}}}""", "{}");
    assertEquals("States.Runtime", execution.get("error").textValue());
  }

  @Test
  void contextObjectInParameters() {
    String machine = states.createMachine("""
        {"StartAt": "First", "States": {
          "First": {"Type": "Pass", "Next": "Ctx"},
          "Ctx": {"Type": "Pass", "Parameters": {
            "executionId.$": "$$.Execution.Id", "executionName.$": "$$.Execution.Name",
            "input.$": "$$.Execution.Input", "startTime.$": "$$.Execution.StartTime",
            "roleArn.$": "$$.Execution.RoleArn", "stateName.$": "$$.State.Name",
            "enteredTime.$": "$$.State.EnteredTime", "retryCount.$": "$$.State.RetryCount",
            "machineId.$": "$$.StateMachine.Id", "machineName.$": "$$.StateMachine.Name"}, "End": true}}}""");
    String execution = states.start(machine, "{\"order\": 42}");
    states.idle();
    JsonNode output = states.output(execution);
    assertEquals(execution, output.get("executionId").textValue());
    assertEquals(execution.substring(execution.lastIndexOf(':') + 1), output.get("executionName").textValue());
    assertEquals(parse("{\"order\": 42}"), output.get("input"));
    assertEquals("2026-01-05T10:00:00.000Z", output.get("startTime").textValue());
    assertEquals("arn:aws:iam::000000000000:role/test", output.get("roleArn").textValue());
    assertEquals("Ctx", output.get("stateName").textValue());
    assertEquals("2026-01-05T10:00:00.000Z", output.get("enteredTime").textValue());
    assertEquals(0, output.get("retryCount").intValue());
    assertEquals(machine, output.get("machineId").textValue());
    assertEquals(machine.substring(machine.lastIndexOf(':') + 1), output.get("machineName").textValue());
  }

  @Test
  void taskTokenIsOnlyInTheContextOfCallbackTasks() {
    JsonNode execution = states.run("""
        {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"t.$": "$$.Task.Token"}, "End": true}}}""", "{}");
    assertEquals("States.Runtime", execution.get("error").textValue());
    assertTrue(execution.get("cause").textValue().contains("could not be found in the context object"));
  }
}
