package com.modelregistry.local.states.asl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The intrinsic functions, with the examples of AWS's documentation. */
class IntrinsicFunctionTest {

  private static final JsonNode CONTEXT = json("{\"Execution\": {\"Name\": \"run-1\"}}");

  private static JsonNode json(String text) {
    try {
      return Json.parse(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static JsonNode eval(String expression, String input) {
    return IntrinsicFunction.parse(expression).evaluate(json(input), CONTEXT);
  }

  private static StatesError failure(String expression, String input) {
    return assertThrows(StatesError.class, () -> eval(expression, input));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      States.Array($.Id)                                  | {"Id": 123456}                                   | [123456]
      States.Array('a', 1, true, null, $.o)               | {"o": {"k": 1}}                                  | ["a", 1, true, null, {"k": 1}]
      States.Array()                                      | {}                                               | []
      States.ArrayPartition($.inputArray, 4)              | {"inputArray": [1,2,3,4,5,6,7,8,9]}              | [[1,2,3,4],[5,6,7,8],[9]]
      States.ArrayContains($.inputArray, $.lookingFor)    | {"inputArray": [1,2,3,4,5,6,7,8,9], "lookingFor": 5} | true
      States.ArrayContains($.a, 'x')                      | {"a": ["y"]}                                     | false
      States.ArrayRange(1, 9, 2)                          | {}                                               | [1,3,5,7,9]
      States.ArrayRange(5, 1, -2)                         | {}                                               | [5,3,1]
      States.ArrayGetItem($.inputArray, $.index)          | {"inputArray": [1,2,3,4,5,6,7,8,9], "index": 5}  | 6
      States.ArrayLength($.inputArray)                    | {"inputArray": [1,2,3,4,5,6,7,8,9]}              | 9
      States.ArrayUnique($.inputArray)                    | {"inputArray": [1,2,3,3,3,3,3,3,4]}              | [1,2,3,4]
      States.Base64Encode($.input)                        | {"input": "Data to encode"}                      | "RGF0YSB0byBlbmNvZGU="
      States.Base64Decode($.base64)                       | {"base64": "RGF0YSB0byBlbmNvZGU="}               | "Data to encode"
      States.Hash($.Data, $.Algorithm)                    | {"Data": "input data", "Algorithm": "SHA-1"}     | "aaff4a450a104cd177d28d18d74485e8cae074b7"
      States.Hash('input data', 'MD5')                    | {}                                               | "812f45842bc6d66ee14572ce20db8e86"
      States.JsonMerge($.json1, $.json2, false)           | {"json1": {"a": {"a1": 1, "a2": 2}, "b": 2}, "json2": {"a": {"a3": 1, "a4": 2}, "c": 3}} | {"a": {"a3": 1, "a4": 2}, "b": 2, "c": 3}
      States.JsonMerge($.json1, $.json2, true)            | {"json1": {"a": {"a1": 1}, "b": 2}, "json2": {"a": {"a3": 1}}} | {"a": {"a1": 1, "a3": 1}, "b": 2}
      States.StringToJson($.escapedJsonString)            | {"escapedJsonString": "{\\"foo\\": \\"bar\\"}"}  | {"foo": "bar"}
      States.JsonToString($.unescapedJson)                | {"unescapedJson": {"foo": "bar"}}                | "{\\"foo\\":\\"bar\\"}"
      States.MathAdd($.value1, $.step)                    | {"value1": 111, "step": -1}                      | 110
      States.StringSplit($.inputString, $.splitter)       | {"inputString": "1,2,3,4,5", "splitter": ","}    | ["1","2","3","4","5"]
      States.StringSplit($.inputString, $.splitter)       | {"inputString": "This.is+a,test=string", "splitter": ".+,="} | ["This","is","a","test","string"]
      States.Format('Hello, my name is {}.', $.name)      | {"name": "Arnav"}                                | "Hello, my name is Arnav."
      States.Format('{} {} {} {}', 1.5, true, null, 'x')  | {}                                               | "1.5 true null x"
      States.Format('\\{\\} is {}, it\\'s \\\\', 'x') | {}                                              | "{} is x, it's \\\\"
      States.Format('{}', States.ArrayLength(States.Array(1, 2, 3))) | {}                                   | "3"
      States.Format('run {}', $$.Execution.Name)          | {}                                               | "run run-1"
      States.Format($.template, 'x')                      | {"template": "<{}>"}                             | "<x>"
      """)
  void evaluates(String expression, String input, String expected) {
    assertEquals(json(expected), eval(expression, input));
  }

  @Test
  void mathRandomIsWithinStartInclusiveAndEndExclusive() {
    for (int i = 0; i < 200; i++) {
      int value = eval("States.MathRandom($.start, $.end)", "{\"start\": 1, \"end\": 4}").intValue();
      assertTrue(value >= 1 && value < 4, "got " + value);
    }
    assertEquals(eval("States.MathRandom(1, 1000, 7)", "{}"), eval("States.MathRandom(1, 1000, 7)", "{}"));
  }

  @Test
  void uuidIsAVersion4Uuid() {
    String uuid = eval("States.UUID()", "{}").textValue();
    assertTrue(uuid.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), uuid);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      States.ArrayGetItem($.a, 3)           | {"a": [1, 2]}
      States.ArrayGetItem($.a, 1.5)         | {"a": [1, 2]}
      States.ArrayLength($.a)               | {"a": "not an array"}
      States.ArrayPartition($.a, 0)         | {"a": [1]}
      States.ArrayRange(1, 5000, 1)         | {}
      States.ArrayRange(1, 5, 0)            | {}
      States.Format('{} {}', 'only one')    | {}
      States.Format('{}', 'a', 'b')         | {}
      States.Format('{}', $.o)              | {"o": {"k": 1}}
      States.StringToJson($.s)              | {"s": "{not json"}
      States.Base64Decode($.s)              | {"s": "***"}
      States.Hash('x', 'SHA-999')           | {}
      States.MathAdd(1.5, 1)                | {}
      States.MathRandom(5, 5)               | {}
      States.JsonMerge($.a, $.b, 'no')      | {"a": {}, "b": {}}
      States.JsonMerge($.a, $.b, false)     | {"a": [], "b": {}}
      """)
  void failsWithIntrinsicFailure(String expression, String input) {
    assertEquals(ErrorNames.INTRINSIC_FAILURE, failure(expression, input).error());
  }

  @Test
  void aPathArgumentThatMatchesNothingIsStatesRuntime() {
    assertEquals(ErrorNames.RUNTIME, failure("States.ArrayLength($.missing)", "{}").error());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      States.Nope(1)                        | unknown intrinsic function States.Nope
      States.UUID(1)                        | States.UUID takes 0 arguments, got 1
      States.ArrayRange(1, 2)               | States.ArrayRange takes 3 arguments, got 2
      States.Format('unclosed)              | unclosed string literal
      States.Array(1 2)                     | expected ',' or ')'
      States.Array(1))                      | unexpected text after the closing parenthesis
      States.Array($.a b)                   | invalid path argument
      Foo.Bar()                             | expected an intrinsic function name
      """)
  void malformedCallsAreRefusedWhenParsed(String expression, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IntrinsicFunction.parse(expression));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }
}
