package com.modelregistry.local.localstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.modelregistry.local.http.HttpApiFront;
import com.modelregistry.local.identity.Principals;
import com.modelregistry.local.lambda.LocalFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Testcontainers;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The registry end to end against LocalStack: the template's ApiFunction ({@code ApiHandler}) behind the
 * local API Gateway v2 front (real HTTP in, payload-format-2.0 events with JWT claims to the handler),
 * its DynamoDB and S3 calls and every presigned upload and download going to LocalStack. The handler
 * reaches S3 only through the SDK's standard settings ({@code aws.endpointUrlS3}, region, credentials),
 * as the local runtime configures it. Runs with {@code -Plocalstack} where a Docker engine runs; skipped
 * otherwise. {@code RegistryEndToEndIT} covers the same flows, and more, against the local runtime.
 */
@EnabledIfSystemProperty(named = "localstack.tests", matches = "true",
    disabledReason = "LocalStack ITs run only in the -Plocalstack Failsafe execution")
@Testcontainers(disabledWithoutDocker = true)
class LocalStackRegistryEndToEndIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final List<String> SDK_PROPERTIES =
      List.of("aws.region", "aws.accessKeyId", "aws.secretAccessKey", "aws.endpointUrlS3");
  private static final Map<String, String> previousProperties = new LinkedHashMap<>();
  private static final AtomicInteger names = new AtomicInteger();

  @TempDir static Path dataDir;
  private static LocalStackEnvironment localStack;
  private static DynamoDbClient dynamoDb;
  private static S3Client s3;
  private static LocalFunction api;
  private static HttpApiFront front;
  private static String baseUrl;
  private static String publisher;
  private static String reader;

  @BeforeAll
  static void start() {
    localStack = LocalStackEnvironment.shared();
    SDK_PROPERTIES.forEach(name -> previousProperties.put(name, System.getProperty(name)));
    System.setProperty("aws.region", localStack.region());
    System.setProperty("aws.accessKeyId", localStack.accessKey());
    System.setProperty("aws.secretAccessKey", localStack.secretKey());
    System.setProperty("aws.endpointUrlS3", localStack.endpoint().toString());
    dynamoDb = localStack.dynamoDb();
    s3 = localStack.s3();
    api = LocalFunction.create(localStack.template().function(LocalStackEnvironment.API_FUNCTION), dynamoDb);
    Principals principals = Principals.loadOrGenerate(dataDir);
    front = HttpApiFront.start("127.0.0.1", 0, List.of(api), principals);
    baseUrl = "http://127.0.0.1:" + front.port();
    publisher = principals.byName("publisher").orElseThrow().token();
    reader = principals.byName("reader").orElseThrow().token();
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable closeable : new AutoCloseable[] {front, api, s3, dynamoDb}) {
      if (closeable != null) {
        try {
          closeable.close();
        } catch (Exception e) {
          // keep closing the others
        }
      }
    }
    previousProperties.forEach((name, value) -> {
      if (value == null) {
        System.clearProperty(name);
      } else {
        System.setProperty(name, value);
      }
    });
  }

  @Test
  void givenLocalStack_whenAVersionIsRegisteredUploadedAndFinalized_thenItResolvesAndDownloadsTheSameBytes() {
    String model = newModel();
    byte[] bytes = "weights stored in LocalStack".getBytes(StandardCharsets.UTF_8);

    Reply registered = call("POST", "/v1/models/" + model + "/versions", publisher,
        Map.of("semver", "1.0.0", "artifact", artifactSpec(bytes), "metrics", Map.of("auc", 0.91)));
    assertEquals(201, registered.status(), registered.body());
    assertEquals("PENDING_UPLOAD", registered.json().get("status").asText());
    String uploadUrl = registered.json().get("upload").get("url").asText();
    assertTrue(uploadUrl.startsWith(localStack.endpoint().toString()), "presigned for LocalStack: " + uploadUrl);

    Reply uploaded = upload(registered.json().get("upload"), bytes);
    assertEquals(200, uploaded.status(), uploaded.body());
    Reply finalized = call("POST", "/v1/models/" + model + "/versions/1/finalize", publisher, null);
    assertEquals(200, finalized.status(), finalized.body());
    assertEquals("READY", finalized.json().get("status").asText());
    assertEquals(sha256(bytes), finalized.json().get("artifact").get("sha256").asText());

    for (String ref : List.of("1", "1.0.0", "latest")) {
      Reply resolved = call("GET", "/v1/models/" + model + "/resolve?ref=" + URLEncoder.encode(ref, StandardCharsets.UTF_8),
          reader, null);
      assertEquals(200, resolved.status(), ref + ": " + resolved.body());
      assertEquals(1, resolved.json().get("version").asLong(), ref);
      assertEquals("READY", resolved.json().get("status").asText(), ref);
    }

    Reply link = call("GET", "/v1/models/" + model + "/versions/1/artifact", reader, null);
    assertEquals(200, link.status(), link.body());
    assertTrue(link.json().get("url").asText().startsWith(localStack.endpoint().toString()));
    assertArrayEquals(bytes, download(link.json().get("url").asText()));

    String uri = finalized.json().get("artifact").get("uri").asText();
    assertEquals((long) bytes.length, s3.headObject(r -> r.bucket(bucket(uri)).key(key(uri))).contentLength(),
        "the object is in LocalStack's bucket");
    Reply verify = call("GET", "/v1/models/" + model + "/audit/verify", reader, null);
    assertTrue(verify.json().get("ok").asBoolean(), verify.body());
  }

  @Test
  void givenLocalStack_whenACorruptedUploadArrives_thenItIsRefusedAndTheReadyVersionIsUntouched() {
    String model = newModel();
    byte[] good = "the good weights".getBytes(StandardCharsets.UTF_8);
    publish(model, good);

    byte[] declared = "the weights we meant".getBytes(StandardCharsets.UTF_8);
    byte[] corrupted = "the weights we meanT".getBytes(StandardCharsets.UTF_8);
    Reply registered = call("POST", "/v1/models/" + model + "/versions", publisher, Map.of("artifact", artifactSpec(declared)));
    assertEquals(201, registered.status(), registered.body());
    Reply refused = upload(registered.json().get("upload"), corrupted);
    assertEquals(4, refused.status() / 100, "LocalStack checks the signed SHA-256: " + refused.status() + " " + refused.body());

    Reply early = call("POST", "/v1/models/" + model + "/versions/2/finalize", publisher, null);
    assertEquals(412, early.status(), early.body());
    assertEquals("PENDING_UPLOAD", call("GET", "/v1/models/" + model + "/versions/2", reader, null)
        .json().get("status").asText(), "nothing arrived, so the client may still upload");

    // Bytes that reach storage without the signed checksum (another writer) are caught at finalize.
    String uri = registered.json().get("artifact").get("uri").asText();
    s3.putObject(r -> r.bucket(bucket(uri)).key(key(uri)), RequestBody.fromBytes(corrupted));
    Reply finalized = call("POST", "/v1/models/" + model + "/versions/2/finalize", publisher, null);
    assertEquals(412, finalized.status(), finalized.body());
    assertTrue(finalized.body().contains("SHA-256 mismatch"), finalized.body());
    assertEquals("FAILED", call("GET", "/v1/models/" + model + "/versions/2", reader, null)
        .json().get("status").asText());

    Reply latest = call("GET", "/v1/models/" + model + "/resolve?ref=latest", reader, null);
    assertEquals(1, latest.json().get("version").asLong(), "the READY version is untouched");
    Reply link = call("GET", "/v1/models/" + model + "/versions/1/artifact", reader, null);
    assertArrayEquals(good, download(link.json().get("url").asText()));
  }

  // ---- helpers: what curl or a Python script would send

  private record Reply(int status, JsonNode json, String body) {}

  private static String newModel() {
    String name = "localstack-" + names.incrementAndGet() + "-" + System.nanoTime() % 100000;
    Reply created = call("POST", "/v1/models", publisher, Map.of("name", name));
    assertEquals(201, created.status(), created.body());
    return name;
  }

  private static void publish(String model, byte[] bytes) {
    Reply registered = call("POST", "/v1/models/" + model + "/versions", publisher, Map.of("artifact", artifactSpec(bytes)));
    assertEquals(201, registered.status(), registered.body());
    assertEquals(200, upload(registered.json().get("upload"), bytes).status());
    long number = registered.json().get("version").asLong();
    Reply finalized = call("POST", "/v1/models/" + model + "/versions/" + number + "/finalize", publisher, null);
    assertEquals("READY", finalized.json().get("status").asText(), finalized.body());
  }

  private static Reply call(String method, String path, String token, Object body) {
    try {
      String text = body == null ? null : JSON.writeValueAsString(body);
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
          .method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text))
          .header("Authorization", "Bearer " + token);
      if (text != null) {
        request.header("content-type", "application/json");
      }
      return reply(send(request.build(), HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** PUTs the bytes to the presigned URL with the headers the registry said to send. */
  private static Reply upload(JsonNode presigned, byte[] bytes) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(presigned.get("url").asText()))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
    if (presigned.has("headers")) {
      presigned.get("headers").properties().forEach(h -> {
        if (!h.getKey().equalsIgnoreCase("content-length")) {
          request.header(h.getKey(), h.getValue().asText());
        }
      });
    }
    try {
      return reply(send(request.build(), HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] download(String url) {
    HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, response.statusCode(), "download from " + url);
    return response.body();
  }

  private static Reply reply(HttpResponse<String> response) throws IOException {
    String body = response.body();
    boolean isJson = response.headers().firstValue("content-type").orElse("").contains("json");
    return new Reply(response.statusCode(), isJson && !body.isBlank() ? JSON.readTree(body) : null, body);
  }

  private static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return HTTP.send(request, handler);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> artifactSpec(byte[] bytes) {
    return Map.of("filename", "model.bin", "sizeBytes", bytes.length, "sha256", sha256(bytes));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String bucket(String s3Uri) {
    return s3Uri.substring(5, s3Uri.indexOf('/', 5));
  }

  private static String key(String s3Uri) {
    return s3Uri.substring(s3Uri.indexOf('/', 5) + 1);
  }
}
