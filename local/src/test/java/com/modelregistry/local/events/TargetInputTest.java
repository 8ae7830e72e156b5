package com.modelregistry.local.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** What a target receives (Input, InputPath, the event) and which Arns the local runtime delivers to. */
class TargetInputTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static EventTarget target(String definition) throws Exception {
    ObjectNode node = (ObjectNode) JSON.readTree(definition);
    return new EventTarget(node.get("Id").asText(), node.get("Arn").asText(), node);
  }

  private static final String EVENT = "{\"detail-type\": \"T\", \"resources\": [\"r0\", \"r1\"], "
      + "\"detail\": {\"model\": {\"name\": \"m\"}}}";

  @Test
  void givenInputInputPathOrNeither_thenTheTargetGetsTheConstantTheSelectionOrTheEvent() throws Exception {
    JsonNode event = JSON.readTree(EVENT);
    String arn = "\"Arn\": \"arn:aws:lambda:us-east-1:000000000000:function:f\"";

    assertEquals(event, TargetInput.of(target("{\"Id\": \"a\", " + arn + "}"), event));
    assertEquals("{\"x\":1}", TargetInput.of(target("{\"Id\": \"a\", " + arn + ", \"Input\": \"{\\\"x\\\": 1}\"}"), event)
        .toString());
    assertEquals("\"m\"", TargetInput.of(target("{\"Id\": \"a\", " + arn + ", \"InputPath\": \"$.detail.model.name\"}"),
        event).toString());
    assertEquals("\"r1\"", TargetInput.of(target("{\"Id\": \"a\", " + arn + ", \"InputPath\": \"$.resources[1]\"}"),
        event).toString());
    assertEquals("\"T\"", TargetInput.of(target("{\"Id\": \"a\", " + arn + ", \"InputPath\": \"$['detail-type']\"}"),
        event).toString());
    DeliveryFailure nothing = assertThrows(DeliveryFailure.class,
        () -> TargetInput.of(target("{\"Id\": \"a\", " + arn + ", \"InputPath\": \"$.detail.nope\"}"), event));
    assertFalse(nothing.retryable());
  }

  @Test
  void givenBadPathsOrInputs_thenTheProblemIsNamed() {
    assertNotNull(TargetInput.problemWithPath("detail.x"));
    assertNotNull(TargetInput.problemWithPath("$.a..b"));
    assertNull(TargetInput.problemWithPath("$"));
    assertNotNull(TargetInput.problemWithInput("{nope"));
  }

  @Test
  void givenArns_thenTheirKindAndWhetherTheLocalRuntimeTakesThem() {
    assertEquals(TargetKind.LAMBDA, TargetKind.of("arn:aws:lambda:us-east-1:000000000000:function:f"));
    assertEquals(TargetKind.STEP_FUNCTIONS, TargetKind.of("arn:aws:states:us-east-1:000000000000:stateMachine:sm"));
    assertEquals(TargetKind.HTTP, TargetKind.of("http://127.0.0.1:8080/hook"));
    assertEquals(TargetKind.HTTP, TargetKind.of("https://localhost/hook"));
    assertEquals(TargetKind.UNSUPPORTED, TargetKind.of("arn:aws:sqs:us-east-1:000000000000:queue"));
    assertNull(TargetKind.problemWith("arn:aws:sqs:us-east-1:000000000000:queue"));
    assertNull(TargetKind.problemWith("http://[::1]:9/x"));
    assertNotNull(TargetKind.problemWith("http://example.com/hook"));
    assertNotNull(TargetKind.problemWith("http://127.0.0.1.example.com/hook"));
    assertNotNull(TargetKind.problemWith("nonsense"));
  }
}
