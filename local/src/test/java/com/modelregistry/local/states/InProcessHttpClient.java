package com.modelregistry.local.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.modelregistry.local.aws.AwsJsonService;
import com.modelregistry.local.aws.AwsServiceError;
import com.modelregistry.local.states.asl.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An SDK HTTP client that hands awsJson requests straight to an {@link AwsJsonService}, so the real SDK
 * client (its marshalling, its timestamp parsing, its error mapping) talks to the service without a
 * network: the wire format is what is tested.
 */
final class InProcessHttpClient implements SdkHttpClient {

  private final AwsJsonService service;

  InProcessHttpClient(AwsJsonService service) {
    this.service = service;
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElseThrow();
        String operation = target.substring(target.indexOf('.') + 1);
        byte[] body = request.contentStreamProvider().isPresent()
            ? request.contentStreamProvider().get().newStream().readAllBytes() : new byte[0];
        int status = 200;
        String responseBody;
        try {
          JsonNode input = body.length == 0 ? Json.object() : Json.parse(new String(body, StandardCharsets.UTF_8));
          responseBody = Json.write(service.handle(operation, input));
        } catch (AwsServiceError e) {
          status = e.httpStatus();
          responseBody = Json.write(Json.object().put("__type", e.errorType()).put("message", e.getMessage()));
        }
        byte[] bytes = responseBody.getBytes(StandardCharsets.UTF_8);
        return HttpExecuteResponse.builder()
            .response(SdkHttpResponse.builder().statusCode(status)
                .putHeader("Content-Type", service.contentType())
                .putHeader("Content-Length", String.valueOf(bytes.length)).build())
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
            .build();
      }

      @Override
      public void abort() {}
    };
  }

  @Override
  public void close() {}
}
