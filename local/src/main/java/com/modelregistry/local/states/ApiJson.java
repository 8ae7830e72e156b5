package com.modelregistry.local.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import java.math.BigDecimal;
import java.time.Instant;

/** How the Step Functions API (awsJson1_0) writes values: timestamps as epoch seconds with a fraction. */
final class ApiJson {

  private ApiJson() {}

  static JsonNode epochSeconds(Instant instant) {
    return DecimalNode.valueOf(BigDecimal.valueOf(instant.toEpochMilli(), 3));
  }
}
