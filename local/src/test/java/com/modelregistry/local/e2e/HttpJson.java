package com.modelregistry.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/** A plain HTTP client for end-to-end tests: what curl or a Python script would send. */
final class HttpJson {
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  HttpJson(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  record Reply(int status, JsonNode json, String body, Map<String, java.util.List<String>> headers) {
    String errorCode() {
      return json == null || json.get("errorCode") == null ? null : json.get("errorCode").asText();
    }

    String message() {
      return json == null || json.get("message") == null ? null : json.get("message").asText();
    }

    /** A response header's first value (names are case-insensitive), or null; e.g. the ETag of a part's PUT. */
    String header(String name) {
      return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty())
          .map(h -> h.getValue().get(0)).findFirst().orElse(null);
    }
  }

  Reply call(String method, String path, String token, Object body) {
    return call(method, path, token, body, Map.of());
  }

  Reply call(String method, String path, String token, Object body, Map<String, String> headers) {
    try {
      String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
          .method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
      if (text != null && headers.keySet().stream().noneMatch("content-type"::equalsIgnoreCase)) {
        request.header("content-type", "application/json");
      }
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      headers.forEach(request::header);
      return reply(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * PUTs bytes to a presigned URL, sending the headers the registry said to send: a single-PUT upload
   * plan, or one part of a multipart plan (its reply's {@code header("ETag")} goes into finalize).
   */
  Reply upload(JsonNode presigned, byte[] bytes) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(presigned.get("url").asText()))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
    if (presigned.has("headers")) {
      presigned.get("headers").fields().forEachRemaining(h -> {
        if (!h.getKey().equalsIgnoreCase("content-length")) {
          request.header(h.getKey(), h.getValue().asText());
        }
      });
    }
    return send(request.build());
  }

  byte[] download(String url) {
    try {
      HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new AssertionError("download failed with HTTP " + response.statusCode());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Reply send(HttpRequest request) {
    try {
      return reply(http.send(request, HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Reply reply(HttpResponse<String> response) throws IOException {
    String body = response.body();
    JsonNode json = null;
    if (body != null && !body.isBlank() && response.headers().firstValue("content-type").orElse("").contains("json")) {
      json = JSON.readTree(body);
    }
    return new Reply(response.statusCode(), json, body, response.headers().map());
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Object> artifactSpec(String filename, byte[] bytes) {
    return Map.of("filename", filename, "sizeBytes", bytes.length, "sha256", sha256(bytes));
  }
}
