package com.modelregistry.local.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * POSTs the event as JSON to a target whose Arn is an http(s) URL on this machine (a local extension,
 * see {@link TargetKind}), with the target's {@code HttpParameters} applied as an API destination would:
 * each {@code *} in the URL's path replaced by the next of {@code PathParameterValues}, plus
 * {@code HeaderParameters} and {@code QueryStringParameters}. As with API destinations, 401, 407, 409,
 * 429 and 5xx answers and connection failures are retried; other answers outside 2xx are not.
 */
final class HttpTargetInvoker implements TargetInvoker {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<Integer> RETRYABLE_STATUSES = Set.of(401, 407, 409, 429);

  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2))
      .followRedirects(HttpClient.Redirect.NEVER)
      .build();

  @Override
  public void deliver(EventTarget target, JsonNode input) throws DeliveryFailure {
    HttpRequest request;
    try {
      HttpRequest.Builder builder = HttpRequest.newBuilder(url(target))
          .timeout(Duration.ofSeconds(10))
          .header("Content-Type", "application/json; charset=utf-8")
          .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(input)));
      JsonNode parameters = target.httpParameters();
      if (parameters != null) {
        fields(parameters.path("HeaderParameters")).forEachRemaining(header ->
            builder.setHeader(header.getKey(), header.getValue().asText()));
      }
      request = builder.build();
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new DeliveryFailure("can't build the request: " + e.getMessage(), false);
    }
    HttpResponse<Void> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      String reason = e.getMessage() == null || e.getMessage().isBlank()
          ? (e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName())
          : e.getMessage();
      throw new DeliveryFailure("POST " + request.uri() + " failed: " + reason, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryFailure("interrupted while POSTing to " + request.uri(), false);
    }
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      throw new DeliveryFailure("POST " + request.uri() + " answered HTTP " + status,
          status >= 500 || RETRYABLE_STATUSES.contains(status));
    }
  }

  private static URI url(EventTarget target) {
    String url = target.arn();
    JsonNode parameters = target.httpParameters();
    if (parameters == null) {
      return URI.create(url);
    }
    for (JsonNode value : parameters.path("PathParameterValues")) {
      int wildcard = url.indexOf('*', url.indexOf("://") + 3);
      if (wildcard < 0) {
        break;
      }
      url = url.substring(0, wildcard) + URLEncoder.encode(value.asText(), StandardCharsets.UTF_8).replace("+", "%20")
          + url.substring(wildcard + 1);
    }
    StringBuilder query = new StringBuilder();
    fields(parameters.path("QueryStringParameters")).forEachRemaining(parameter -> query
        .append(query.length() == 0 ? "" : "&")
        .append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8))
        .append('=')
        .append(URLEncoder.encode(parameter.getValue().asText(), StandardCharsets.UTF_8)));
    if (query.length() > 0) {
      url += (url.contains("?") ? "&" : "?") + query;
    }
    return URI.create(url);
  }

  private static Iterator<Map.Entry<String, JsonNode>> fields(JsonNode node) {
    return node.isObject() ? node.fields() : Collections.emptyIterator();
  }
}
