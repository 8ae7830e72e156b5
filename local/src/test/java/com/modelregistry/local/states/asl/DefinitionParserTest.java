package com.modelregistry.local.states.asl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a definition must satisfy, and how a violation is reported (code, message, location). */
class DefinitionParserTest {

  private static final String LAMBDA = "arn:aws:lambda:us-east-1:000000000000:function:F";

  private static String problems(String definition) {
    return assertThrows(InvalidDefinitionException.class, () -> DefinitionParser.parse(definition)).getMessage();
  }

  private static void assertProblem(String definition, String expected) {
    String message = problems(definition);
    assertTrue(message.startsWith("Invalid State Machine Definition: '"), message);
    assertTrue(message.contains(expected), "expected «" + expected + "» in: " + message);
  }

  /** A machine whose single state S has these fields. */
  private static String single(String fields) {
    return "{\"StartAt\": \"S\", \"States\": {\"S\": {" + fields + "}}}";
  }

  @Test
  void aCompleteDefinitionIsRead() {
    StateMachineDefinition definition = DefinitionParser.parse("""
        {"Comment": "all the supported states", "Version": "1.0", "TimeoutSeconds": 3600, "QueryLanguage": "JSONPath",
         "StartAt": "Prepare", "States": {
          "Prepare": {"Type": "Pass", "Comment": "c", "Parameters": {"id.$": "States.UUID()"}, "ResultPath": "$.p",
                      "Next": "Call"},
          "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                   "Parameters": {"FunctionName": "%s", "Payload.$": "$"},
                   "ResultSelector": {"body.$": "$.Payload"}, "TimeoutSecondsPath": "$.timeout", "HeartbeatSeconds": 60,
                   "Retry": [{"ErrorEquals": ["Lambda.ServiceException"], "IntervalSeconds": 2, "MaxAttempts": 6,
                              "BackoffRate": 2.5, "MaxDelaySeconds": 30, "JitterStrategy": "FULL"},
                             {"ErrorEquals": ["States.ALL"]}],
                   "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Failed"}],
                   "Next": "Decide"},
          "Decide": {"Type": "Choice", "Choices": [
              {"Variable": "$.body.ok", "BooleanEquals": true, "Next": "Pause"},
              {"And": [{"Variable": "$.n", "IsNumeric": true}, {"Not": {"Variable": "$.n", "NumericEquals": 0}}],
               "Next": "Done"}], "Default": "Failed"},
          "Pause": {"Type": "Wait", "SecondsPath": "$.delay", "Next": "Done"},
          "Done": {"Type": "Succeed", "OutputPath": "$.body"},
          "Failed": {"Type": "Fail", "ErrorPath": "$.error.Error", "CausePath": "States.Format('{}', $.error.Cause)"}}}"""
        .formatted(LAMBDA));
    assertEquals("Prepare", definition.startAt());
    assertEquals(3600, definition.timeoutSeconds());
    TaskState call = (TaskState) definition.state("Call");
    assertInstanceOf(TaskResource.LambdaInvoke.class, call.resource());
    assertNull(call.timeoutSeconds());
    assertEquals("$.timeout", call.timeoutSecondsPath().text());
    Retrier first = call.retriers().get(0);
    assertEquals(new Retrier(List.of("Lambda.ServiceException"), 2, 6, 2.5, 30, true), first);
    assertEquals(new Retrier(List.of("States.ALL"), 1, 3, 2.0, null, false), call.retriers().get(1));
    assertEquals("Failed", call.catchers().get(0).next());
    assertEquals(2, ((ChoiceState) definition.state("Decide")).choices().size());
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      {"States": {"S": {"Type": "Succeed"}}}                                  | SCHEMA_VALIDATION_FAILED: These fields are required: [StartAt] at /
      {"StartAt": "S"}                                                        | These fields are required: [States]
      {"StartAt": "X", "States": {"S": {"Type": "Succeed"}}}                  | MISSING_TRANSITION_TARGET: Missing 'StartAt' target: X at /StartAt
      {"StartAt": "S", "States": {"S": {"Type": "Pass", "Next": "Nowhere"}}}  | MISSING_TRANSITION_TARGET: Missing 'Next' target: Nowhere at /States/S/Next
      {"StartAt": "S", "States": {"S": {"Type": "Succeed"}, "Lost": {"Type": "Succeed"}}} | UNREACHABLE_STATE: State 'Lost' is not reachable at /States/Lost
      {"StartAt": "S", "States": {"S": {"Type": "Pass"}}}                     | These fields are required: [Next] or "End": true at /States/S
      {"StartAt": "S", "States": {"S": {"Type": "Pass", "End": true, "Next": "S"}}} | Next and End are mutually exclusive
      {"StartAt": "S", "States": {"S": {"Type": "Pass", "End": "yes"}}}       | End must be a boolean at /States/S/End
      {"StartAt": "S", "States": {"S": {"Type": "Succeed", "End": true}}}     | The field 'End' is not supported in a Succeed state
      {"StartAt": "S", "States": {"S": {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsNull": true, "Next": "S"}], "Next": "S"}}} | The field 'Next' is not supported in a Choice state
      {"StartAt": "S", "States": {"S": {"Type": "Fail", "InputPath": "$"}}}   | The field 'InputPath' is not supported in a Fail state
      {"StartAt": "S", "States": {"S": {"Type": "Pass", "End": true, "Resultpath": "$.x"}}} | The field 'Resultpath' is not supported in a Pass state (allowed: 
      {"StartAt": "S", "States": {"S": {"Type": "Pass", "End": true}}, "Extra": 1} | The field 'Extra' is not supported (allowed: 
      {"StartAt": "S", "States": {"S": {"End": true}}}                        | These fields are required: [Type] at /States/S
      {"StartAt": "S", "States": {"S": {"Type": "Sleep", "End": true}}}       | 'Sleep' is not a valid state type
      {"StartAt": "S", "States": {"S": {"Type": "Parallel", "Branches": [], "End": true}}} | Branches must be a non-empty array of state machines at /States/S/Branches
      {"StartAt": "S", "States": {"S": {"Type": "Parallel", "End": true}}}    | These fields are required: [Branches] at /States/S
      {"StartAt": "S", "States": {"S": {"Type": "Parallel", "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "S"}}}], "End": true}}} | MISSING_TRANSITION_TARGET: Missing 'Next' target: S at /States/S/Branches/0/States/A/Next
      {"StartAt": "S", "States": {"S": {"Type": "Parallel", "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}, {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}], "End": true}}} | DUPLICATE_STATE_NAME: The state name 'A' is used more than once in the state machine at /States/S/Branches/1/States/A
      {"StartAt": "S", "States": {"S": {"Type": "Parallel", "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Succeed"}, "B": {"Type": "Succeed"}}}], "End": true}}} | UNREACHABLE_STATE: State 'B' is not reachable at /States/S/Branches/0/States/B
      {"StartAt": "S", "States": {"S": {"Type": "Parallel", "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}, "TimeoutSeconds": 5}], "End": true}}} | The field 'TimeoutSeconds' is not supported (allowed: Comment, StartAt, States) at /States/S/Branches/0/TimeoutSeconds
      {"StartAt": "S", "States": {"S": {"Type": "Map", "End": true}}}         | A Map state needs exactly one of ItemProcessor and Iterator at /States/S
      {"StartAt": "S", "States": {"S": {"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}, "End": true}}} | The DISTRIBUTED Map mode is not supported by the local runtime (use INLINE) at /States/S/ItemProcessor/ProcessorConfig/Mode
      {"StartAt": "S", "States": {"S": {"Type": "Map", "ItemReader": {}, "Iterator": {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}, "End": true}}} | ItemReader is a feature of the distributed Map state, which the local runtime does not support (only inline Map) at /States/S/ItemReader
      {"StartAt": "S", "States": {"S": {"Type": "Map", "ToleratedFailureCount": 1, "Iterator": {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}, "End": true}}} | ToleratedFailureCount is a feature of the distributed Map state
      {"StartAt": "S", "States": {"S": {"Type": "Map", "ItemSelector": {}, "Parameters": {}, "Iterator": {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}, "End": true}}} | ItemSelector and Parameters (its former name) are mutually exclusive
      {"StartAt": "S", "States": {"S": {"Type": "Map", "MaxConcurrency": -1, "Iterator": {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}, "End": true}}} | MaxConcurrency must be an integer from 0
      {"StartAt": "S", "States": {"S": {"Type": "Map", "Iterator": {"StartAt": "A", "States": {"A": {"Type": "Pass"}}}, "End": true}}} | These fields are required: [Next] or "End": true at /States/S/Iterator/States/A
      {"StartAt": "S", "States": {"S": {"Type": "Pass", "Assign": {"x": 1}, "End": true}}} | workflow variables (Assign) are not supported by the local runtime at /States/S/Assign
      {"QueryLanguage": "JSONata", "StartAt": "S", "States": {"S": {"Type": "Succeed"}}} | The JSONata query language is not supported by the local runtime
      {"StartAt": "S", "States": {"S": {"Type": "Pass", "InputPath": "a.b", "End": true}}} | The value must be a valid JSONPath: a path must begin with '$' at /States/S/InputPath
      {"StartAt": "S", "States": {"S": {"Type": "Pass", "OutputPath": "$.a b", "End": true}}} | at /States/S/OutputPath
      {"StartAt": "S", "States": {"S": {"Type": "Pass", "ResultPath": "$.a[*]", "End": true}}} | The value for the field 'ResultPath' must be a valid Reference Path: '[*]' is not allowed
      {"StartAt": "S", "States": {"S": {"Type": "Pass", "ResultPath": "$..a", "End": true}}} | '..' (deep scan) is not allowed
      {"StartAt": "S", "States": {"S": {"Type": "Pass", "ResultPath": "$$.a", "End": true}}} | a reference path can't refer to the context object
      {"StartAt": "S", "States": {"S": {"Type": "Pass", "Parameters": {"a.$": 1}, "End": true}}} | The value for the field 'a.$' must be a STRING that contains a JSONPath or an intrinsic function, got a number at /States/S/Parameters/a.$
      {"StartAt": "S", "States": {"S": {"Type": "Pass", "Parameters": {"a.$": "States.Nope()"}, "End": true}}} | unknown intrinsic function States.Nope
      {"StartAt": "S", "States": {"S": {"Type": "Pass", "Parameters": {"a.$": "$.x", "a": 1}, "End": true}}} | The field 'a' appears twice
      {"StartAt": "S", "States": {"S": {"Type": "Pass", "Parameters": [1], "End": true}}} | must be a JSON object (a Payload Template)
      {"StartAt": "S", "States": {"S": {"Type": "Task", "End": true}}}        | These fields are required: [Resource] at /States/S
      {"StartAt": "S", "States": {"S": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "End": true}}} | The resource 'arn:aws:states:::sqs:sendMessage' is not supported by the local runtime
      {"StartAt": "S", "States": {"S": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}} | The field 'FunctionName' is required
      {"StartAt": "S", "States": {"S": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f", "Body": 1}, "End": true}}} | The field 'Body' is not supported by Step Functions
      {"StartAt": "S", "States": {"S": {"Type": "Task", "Resource": "LAMBDA", "TimeoutSeconds": 0, "End": true}}} | TimeoutSeconds must be an integer from 1 to 99999999, got 0
      {"StartAt": "S", "States": {"S": {"Type": "Task", "Resource": "LAMBDA", "TimeoutSeconds": 10, "TimeoutSecondsPath": "$.t", "End": true}}} | TimeoutSeconds and TimeoutSecondsPath are mutually exclusive
      {"StartAt": "S", "States": {"S": {"Type": "Task", "Resource": "LAMBDA", "TimeoutSeconds": 10, "HeartbeatSeconds": 10, "End": true}}} | HeartbeatSeconds must be smaller than TimeoutSeconds
      {"StartAt": "S", "States": {"S": {"Type": "Task", "Resource": "LAMBDA", "Retry": [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["E"]}], "End": true}}} | A Retrier with States.ALL must be the last one at /States/S/Retry/0/ErrorEquals
      {"StartAt": "S", "States": {"S": {"Type": "Task", "Resource": "LAMBDA", "Retry": [{"ErrorEquals": ["States.ALL", "E"]}], "End": true}}} | States.ALL must appear alone in ErrorEquals
      {"StartAt": "S", "States": {"S": {"Type": "Task", "Resource": "LAMBDA", "Retry": [{"ErrorEquals": []}], "End": true}}} | ErrorEquals must be a non-empty array of error names
      {"StartAt": "S", "States": {"S": {"Type": "Task", "Resource": "LAMBDA", "Retry": [{"ErrorEquals": ["States.Timout"]}], "End": true}}} | 'States.Timout' is not a predefined error name
      {"StartAt": "S", "States": {"S": {"Type": "Task", "Resource": "LAMBDA", "Retry": [{"ErrorEquals": ["E"], "BackoffRate": 0.5}], "End": true}}} | BackoffRate must be a number not less than 1.0
      {"StartAt": "S", "States": {"S": {"Type": "Task", "Resource": "LAMBDA", "Retry": [{"ErrorEquals": ["E"], "MaxAttempts": -1}], "End": true}}} | MaxAttempts must be an integer from 0 to 99999999
      {"StartAt": "S", "States": {"S": {"Type": "Task", "Resource": "LAMBDA", "Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": 0}], "End": true}}} | IntervalSeconds must be an integer from 1
      {"StartAt": "S", "States": {"S": {"Type": "Task", "Resource": "LAMBDA", "Retry": [{"ErrorEquals": ["E"], "JitterStrategy": "SOME"}], "End": true}}} | JitterStrategy must be FULL or NONE
      {"StartAt": "S", "States": {"S": {"Type": "Task", "Resource": "LAMBDA", "Retry": [{"ErrorEquals": ["E"], "Next": "S"}], "End": true}}} | The field 'Next' is not supported (allowed: BackoffRate, Comment, ErrorEquals
      {"StartAt": "S", "States": {"S": {"Type": "Task", "Resource": "LAMBDA", "Catch": [{"ErrorEquals": ["E"]}], "End": true}}} | These fields are required: [Next] at /States/S/Catch/0
      {"StartAt": "S", "States": {"S": {"Type": "Task", "Resource": "LAMBDA", "Catch": [{"ErrorEquals": ["E"], "Next": "Gone"}], "End": true}}} | Missing 'Next' target: Gone at /States/S/Catch/0/Next
      {"StartAt": "S", "States": {"S": {"Type": "Choice", "Choices": []}}}    | Choices must be a non-empty array of Choice Rules
      {"StartAt": "S", "States": {"S": {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsNull": true}]}}} | A top-level Choice Rule must have a string field 'Next' at /States/S/Choices/0
      {"StartAt": "S", "States": {"S": {"Type": "Choice", "Choices": [{"Not": {"Variable": "$.a", "IsNull": true, "Next": "S"}, "Next": "S"}]}}} | A Choice Rule nested in And, Or or Not must not have 'Next' at /States/S/Choices/0/Not/Next
      {"StartAt": "S", "States": {"S": {"Type": "Choice", "Choices": [{"Variable": "$.a", "Next": "S"}]}}} | must have exactly one comparison operator, found []
      {"StartAt": "S", "States": {"S": {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsNull": true, "IsString": true, "Next": "S"}]}}} | exactly one comparison operator, found [IsNull, IsString]
      {"StartAt": "S", "States": {"S": {"Type": "Choice", "Choices": [{"Variable": "$.a", "StringEqual": "x", "Next": "S"}]}}} | 'StringEqual' is not a comparison operator
      {"StartAt": "S", "States": {"S": {"Type": "Choice", "Choices": [{"Variable": "$.a", "NumericEquals": "1", "Next": "S"}]}}} | NumericEquals must be a number, got "1"
      {"StartAt": "S", "States": {"S": {"Type": "Choice", "Choices": [{"Variable": "$.a", "TimestampEquals": "2016-03-14", "Next": "S"}]}}} | TimestampEquals must be a timestamp
      {"StartAt": "S", "States": {"S": {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsPresent": "yes", "Next": "S"}]}}} | IsPresent must be a boolean
      {"StartAt": "S", "States": {"S": {"Type": "Choice", "Choices": [{"Variable": "$.a", "StringEqualsPath": "x", "Next": "S"}]}}} | a path must begin with '$'
      {"StartAt": "S", "States": {"S": {"Type": "Choice", "Choices": [{"And": [], "Next": "S"}]}}} | And must be a non-empty array of Choice Rules
      {"StartAt": "S", "States": {"S": {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsNull": true, "Next": "S"}], "Default": "Gone"}}} | Missing 'Next' target: Gone at /States/S/Default
      {"StartAt": "S", "States": {"S": {"Type": "Wait", "End": true}}}        | A Wait state must have exactly one of Seconds, Timestamp, SecondsPath and TimestampPath
      {"StartAt": "S", "States": {"S": {"Type": "Wait", "Seconds": 1, "SecondsPath": "$.s", "End": true}}} | exactly one of Seconds
      {"StartAt": "S", "States": {"S": {"Type": "Wait", "Timestamp": "2016-03-14 01:59", "End": true}}} | Timestamp must be an RFC 3339 timestamp
      {"StartAt": "S", "States": {"S": {"Type": "Wait", "Seconds": -1, "End": true}}} | Seconds must be an integer from 0
      {"StartAt": "S", "States": {"S": {"Type": "Fail", "Error": "E", "ErrorPath": "$.e"}}} | Error and ErrorPath are mutually exclusive
      {"StartAt": "S", "States": {"S": {"Type": "Fail", "CausePath": "States.Nope()"}}} | CausePath must be a path or an intrinsic function
      {"StartAt": "S", "States": {"S": {"Type": "Succeed"}}, "TimeoutSeconds": "60"} | TimeoutSeconds must be an integer
      {"StartAt": "S", "States": {}}                                          | States must be a non-empty object
      {"StartAt": "S", "States": {"S": {"Type": "Succeed"}, "S": {"Type": "Succeed"}}} | INVALID_JSON_DESCRIPTION: Duplicate field 'S'
      {"StartAt": "S", "States":                                              | INVALID_JSON_DESCRIPTION
      """)
  void refuses(String definition, String expected) {
    assertProblem(definition.replace("\"LAMBDA\"", "\"" + LAMBDA + "\""), expected);
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    String message = problems("""
        {"StartAt": "A", "States": {
          "A": {"Type": "Pass", "Next": "Missing"},
          "B": {"Type": "Wait", "End": true},
          "C": {"Type": "Task", "Resource": "%s", "Retry": [{"ErrorEquals": ["States.ALL"], "BackoffRate": 0}], "End": true}}}"""
        .formatted(LAMBDA));
    for (String expected : List.of("Missing 'Next' target: Missing at /States/A/Next", "A Wait state must have exactly one",
        "BackoffRate must be a number not less than 1.0", "State 'B' is not reachable", "State 'C' is not reachable")) {
      assertTrue(message.contains(expected), expected + " in " + message);
    }
  }

  @Test
  void stateNamesAreLimitedTo80Characters() {
    String name = "N".repeat(81);
    assertProblem("{\"StartAt\": \"" + name + "\", \"States\": {\"" + name + "\": {\"Type\": \"Succeed\"}}}",
        "A state name must be 1 to 80 characters long");
  }

  @Test
  void referencePathsWithEscapesAndBrackets() {
    for (String path : List.of("$.store.book", "$.store\\\\.book", "$.ledgers.branch[0].pending.count",
        "$['store']['book']", "$.&Ж中")) {
      DefinitionParser.parse(single("\"Type\": \"Pass\", \"ResultPath\": \"" + path + "\", \"End\": true"));
    }
  }
}
