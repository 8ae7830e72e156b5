package com.modelregistry.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.modelregistry.core.RegistryException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskInputTest {

  @Test
  void reason_keepsTheLambdaErrorMessageOfTheCaughtError() {
    TaskInput input = new TaskInput(Map.of("reason", "a workflow task failed", "error", Map.of(
        "Error", "com.modelregistry.core.RegistryException",
        "Cause", "{\"errorMessage\":\"promotion p1 is \\\"CANCELLED\\\"\",\"errorType\":\"x\",\"stackTrace\":[]}")));
    assertEquals("a workflow task failed (com.modelregistry.core.RegistryException: promotion p1 is \"CANCELLED\")",
        input.reason());
  }

  @Test
  void reason_keepsACauseThatIsNotJsonAsItIs_andIsBounded() {
    assertEquals("(States.Timeout: timed out)",
        new TaskInput(Map.of("error", Map.of("Error", "States.Timeout", "Cause", "timed out"))).reason());
    String reason = new TaskInput(Map.of("reason", "x".repeat(1500))).reason();
    assertEquals(1001, reason.length());
  }

  @Test
  void fields_areChecked() {
    TaskInput input = new TaskInput(Map.of("percent", 10.5, "action", " "));
    assertThrows(RegistryException.class, () -> input.integer("percent"));
    assertThrows(RegistryException.class, () -> input.string("action"));
    assertThrows(RegistryException.class, () -> new TaskInput(null));
  }
}
