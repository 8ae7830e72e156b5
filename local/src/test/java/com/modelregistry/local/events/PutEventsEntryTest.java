package com.modelregistry.local.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.modelregistry.local.aws.AwsServiceError;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** PutEvents entries: AWS's size rule, per-entry errors and the event built from an entry. */
class PutEventsEntryTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static PutEventsEntry entry(String json) throws Exception {
    return PutEventsEntry.read(JSON.readTree(json));
  }

  @Test
  void givenAnEntry_thenItsSizeIsTheUtf8BytesOfSourceDetailTypeDetailResourcesPlus14ForTime() throws Exception {
    assertEquals(1 + 2 + 2, entry("{\"Source\": \"s\", \"DetailType\": \"dt\", \"Detail\": \"{}\"}").size());
    assertEquals(14 + 1 + 2 + 2 + 3 + 4, entry("{\"Source\": \"s\", \"DetailType\": \"dt\", \"Detail\": \"{}\", "
        + "\"Time\": 1, \"Resources\": [\"abc\", \"€x\"]}").size(), "€ is three bytes in UTF-8");
    assertEquals(0, entry("{}").size());
  }

  @Test
  void givenMissingOrBadMembers_thenThePerEntryErrorsEventBridgeAnswers() throws Exception {
    assertEquals("InvalidArgument", entry("{\"DetailType\": \"d\", \"Detail\": \"{}\"}").problem().get("ErrorCode").asText());
    assertEquals("InvalidArgument", entry("{\"Source\": \"\", \"DetailType\": \"d\", \"Detail\": \"{}\"}")
        .problem().get("ErrorCode").asText());
    assertEquals("MalformedDetail", entry("{\"Source\": \"s\", \"DetailType\": \"d\", \"Detail\": \"1\"}")
        .problem().get("ErrorCode").asText());
    assertEquals("MalformedDetail", entry("{\"Source\": \"s\", \"DetailType\": \"d\", \"Detail\": \"{} {}\"}")
        .problem().get("ErrorCode").asText(), "text after the object");
    assertNull(entry("{\"Source\": \"s\", \"DetailType\": \"d\", \"Detail\": \"{}\"}").problem());
    AwsServiceError wrongType = assertThrows(AwsServiceError.class, () -> entry("{\"Source\": 1}"));
    assertEquals("SerializationException", wrongType.errorType());
  }

  @Test
  void givenATime_thenTheEventCarriesItToTheSecond_elseNow() throws Exception {
    JsonNode withTime = entry("{\"Source\": \"s\", \"DetailType\": \"d\", \"Detail\": \"{\\\"a\\\": 1}\", "
        + "\"Time\": 1795392000.75}").toEvent("id-1", Instant.parse("2030-01-01T00:00:00Z"));
    assertEquals("2026-11-23T00:00:00Z", withTime.get("time").asText());
    assertEquals("{\"a\":1}", withTime.get("detail").toString());
    assertEquals("[]", withTime.get("resources").toString());

    JsonNode withoutTime = entry("{\"Source\": \"s\", \"DetailType\": \"d\", \"Detail\": \"{}\"}")
        .toEvent("id-2", Instant.parse("2030-01-01T00:00:00.600Z"));
    assertEquals("2030-01-01T00:00:00Z", withoutTime.get("time").asText());
    assertEquals("id-2", withoutTime.get("id").asText());
  }
}
