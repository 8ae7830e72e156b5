package com.modelregistry.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes one response of the local AWS endpoint the way AWS's protocols do: the error type in the
 * {@code x-amzn-ErrorType} header (which the SDK v2 and botocore read first), for the JSON protocols also
 * as {@code __type} in the body, the text as {@code message}, and {@code x-amzn-RequestId} on everything.
 */
final class AwsResponder {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpExchange exchange;
  private final String requestId;

  AwsResponder(HttpExchange exchange, String requestId) {
    this.exchange = exchange;
    this.requestId = requestId;
  }

  /** 200 with {@code result} as the body; null (an operation without output) is an empty body. */
  void json(String contentType, JsonNode result) throws IOException {
    send(200, contentType, result == null ? new byte[0] : JSON.writeValueAsBytes(result));
  }

  /** An awsJson1_0/1_1 error: {@code {"__type": "...", "message": "..."}}. */
  void jsonError(String contentType, AwsServiceError error) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("__type", error.errorType());
    body.put("message", error.getMessage());
    exchange.getResponseHeaders().set("x-amzn-ErrorType", error.errorType());
    send(error.httpStatus(), contentType, JSON.writeValueAsBytes(body));
  }

  /** A restJson1 error: {@code {"message": "..."}}, the type only in the header. */
  void restError(AwsServiceError error) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("message", error.getMessage());
    exchange.getResponseHeaders().set("x-amzn-ErrorType", error.errorType());
    send(error.httpStatus(), "application/json", JSON.writeValueAsBytes(body));
  }

  /** A 500 without internals (the stack trace went to the runtime's stderr with the request id). */
  void internalError() {
    try {
      AwsServiceError error = new AwsServiceError("InternalFailure",
          "the local AWS endpoint failed on this request; see the runtime's output for request " + requestId, 500);
      if (exchange.getRequestHeaders().containsKey("X-Amz-Target")) {
        jsonError("application/x-amz-json-1.1", error);
      } else {
        restError(error);
      }
    } catch (IOException | RuntimeException e) {
      // The response had already begun; the connection closes.
    }
  }

  private void send(int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
