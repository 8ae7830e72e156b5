package com.modelregistry.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.modelregistry.core.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Responses in the API's shapes: JSON bodies, and the error model {errorCode, message, requestId}. */
final class ApiResponse {
  private ApiResponse() {}

  static APIGatewayV2HTTPResponse json(int status, Object body) {
    return APIGatewayV2HTTPResponse.builder().withStatusCode(status)
        .withHeaders(Map.of("content-type", "application/json")).withBody(JsonCodec.write(body)).build();
  }

  static APIGatewayV2HTTPResponse noContent() {
    return APIGatewayV2HTTPResponse.builder().withStatusCode(204).withHeaders(Map.of()).build();
  }

  static APIGatewayV2HTTPResponse error(ErrorCode code, String message, String requestId) {
    return error(code.httpStatus(), code.name(), message, requestId);
  }

  static APIGatewayV2HTTPResponse error(int status, String errorCode, String message, String requestId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("errorCode", errorCode);
    body.put("message", message);
    body.put("requestId", requestId);
    return json(status, body);
  }
}
