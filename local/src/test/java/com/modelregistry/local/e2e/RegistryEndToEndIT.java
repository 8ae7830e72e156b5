package com.modelregistry.local.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.modelregistry.local.LocalRuntime;
import com.modelregistry.local.Options;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The registry end to end: real HTTP against the local runtime, real SDK clients behind it. */
class RegistryEndToEndIT {
  @TempDir static Path dataDir;
  static LocalRuntime registry;
  static HttpJson http;
  static String admin;
  static String publisher;
  static String reader;
  static final AtomicInteger names = new AtomicInteger();

  @BeforeAll
  static void start() {
    registry = LocalRuntime.start(Options.defaults().withPort(0).withAwsPort(0).withDataDir(dataDir));
    http = new HttpJson(registry.baseUrl());
    admin = registry.principals().byName("admin").orElseThrow().token();
    publisher = registry.principals().byName("publisher").orElseThrow().token();
    reader = registry.principals().byName("reader").orElseThrow().token();
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  static String newModel() {
    String name = "model-" + names.incrementAndGet() + "-" + System.nanoTime() % 100000;
    var created = http.call("POST", "/v1/models", publisher, Map.of("name", name, "description", "test model",
        "tags", Map.of("team", "risk")));
    assertEquals(201, created.status(), created.body());
    return name;
  }

  /** Registers, uploads and finalizes; returns the READY version. */
  static JsonNode publish(String model, byte[] bytes, Map<String, Object> extra) {
    Map<String, Object> body = new HashMap<>(extra);
    body.put("artifact", HttpJson.artifactSpec("model.bin", bytes));
    var registered = http.call("POST", "/v1/models/" + model + "/versions", publisher, body);
    assertEquals(201, registered.status(), registered.body());
    assertEquals("PENDING_UPLOAD", registered.json().get("status").asText());
    var uploaded = http.upload(registered.json().get("upload"), bytes);
    assertEquals(200, uploaded.status(), uploaded.body());
    long number = registered.json().get("version").asLong();
    var finalized = http.call("POST", "/v1/models/" + model + "/versions/" + number + "/finalize", publisher, null);
    assertEquals(200, finalized.status(), finalized.body());
    return finalized.json();
  }

  @Test
  void givenAModel_whenAVersionIsRegisteredUploadedAndFinalized_thenItResolvesDownloadsAndIsAudited() {
    String model = newModel();
    byte[] bytes = "weights of version one".getBytes(StandardCharsets.UTF_8);
    JsonNode ready = publish(model, bytes, Map.of("semver", "1.0.0",
        "metadata", Map.of("datasetVersion", "ds-2026-11", "gitCommit", "abc123", "framework", "xgboost",
            "hyperparameters", Map.of("maxDepth", 6, "eta", 0.3)),
        "metrics", Map.of("auc", 0.91, "f1", 0.80), "tags", Map.of("purpose", "demo")));
    assertEquals("READY", ready.get("status").asText());
    assertEquals(HttpJson.sha256(bytes), ready.get("artifact").get("sha256").asText());
    assertEquals(bytes.length, ready.get("artifact").get("sizeBytes").asLong());
    assertNull(ready.get("upload"), "a READY version offers no upload");

    JsonNode second = publish(model, "weights of version two".getBytes(StandardCharsets.UTF_8),
        Map.of("bump", "minor", "metrics", Map.of("auc", 0.93, "f1", 0.79)));
    assertEquals(2, second.get("version").asLong());
    assertEquals("1.1.0", second.get("semver").asText());

    var alias = http.call("PUT", "/v1/models/" + model + "/aliases/champion", publisher, Map.of("version", 1));
    assertEquals(200, alias.status(), alias.body());
    assertEquals(1, alias.json().get("aliases").get("champion").asLong());

    assertEquals(1, resolve(model, "1").get("version").asLong());
    assertEquals(1, resolve(model, "1.0.0").get("version").asLong());
    assertEquals(1, resolve(model, "@champion").get("version").asLong());
    assertEquals(2, resolve(model, "latest").get("version").asLong());
    assertEquals("champion", resolve(model, "@champion").get("aliases").get(0).asText());
    var unknownRef = http.call("GET", "/v1/models/" + model + "/resolve?ref=Production", reader, null);
    assertEquals(404, unknownRef.status());

    var download = http.call("GET", "/v1/models/" + model + "/versions/1/artifact", reader, null);
    assertEquals(200, download.status(), download.body());
    assertArrayEquals(bytes, http.download(download.json().get("url").asText()));
    assertEquals(HttpJson.sha256(bytes), download.json().get("sha256").asText());

    var compare = http.call("GET", "/v1/models/" + model + "/compare?versions=1,2", reader, null);
    assertEquals(200, compare.status(), compare.body());
    assertEquals(0.02, compare.json().get("metrics").get("auc").get("deltas").get("2").asDouble(), 1e-9);

    var card = http.call("PUT", "/v1/models/" + model + "/versions/1/model-card", publisher,
        Map.of("intendedUse", "fraud scoring of card payments", "limitations", List.of("not for loans")));
    assertEquals(200, card.status(), card.body());
    var readCard = http.call("GET", "/v1/models/" + model + "/versions/1/model-card", reader, null);
    assertEquals("fraud scoring of card payments", readCard.json().get("card").get("intendedUse").asText());

    var versions = http.call("GET", "/v1/models/" + model + "/versions?pageSize=1", reader, null);
    assertEquals(2, versions.json().get("versions").get(0).get("version").asLong(), "newest first");
    var nextPage = http.call("GET", "/v1/models/" + model + "/versions?pageSize=1&pageToken="
        + versions.json().get("nextPageToken").asText(), reader, null);
    assertEquals(1, nextPage.json().get("versions").get(0).get("version").asLong());
    assertNull(nextPage.json().get("nextPageToken"));

    var audit = http.call("GET", "/v1/models/" + model + "/audit", reader, null);
    List<String> actions = new ArrayList<>();
    audit.json().get("entries").forEach(e -> actions.add(e.get("action").asText()));
    assertEquals(List.of("CREATE_MODEL", "REGISTER_VERSION", "FINALIZE_VERSION", "REGISTER_VERSION", "FINALIZE_VERSION",
        "SET_ALIAS", "SET_MODEL_CARD"), actions);
    var verify = http.call("GET", "/v1/models/" + model + "/audit/verify", reader, null);
    assertTrue(verify.json().get("ok").asBoolean(), verify.body());
    assertEquals(7, verify.json().get("entries").asLong());
  }

  private static JsonNode resolve(String model, String ref) {
    var reply = http.call("GET", "/v1/models/" + model + "/resolve?ref=" + java.net.URLEncoder.encode(ref, StandardCharsets.UTF_8),
        reader, null);
    assertEquals(200, reply.status(), reply.body());
    return reply.json();
  }

  @Test
  void givenFortyConcurrentRegistrations_thenVersionsAreExactlyOneToForty() throws Exception {
    String model = newModel();
    int n = 40;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<HttpJson.Reply>> replies = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        byte[] bytes = ("artifact " + i).getBytes(StandardCharsets.UTF_8);
        replies.add(pool.submit(() -> http.call("POST", "/v1/models/" + model + "/versions", publisher,
            Map.of("artifact", HttpJson.artifactSpec("m.bin", bytes)))));
      }
      TreeSet<Long> numbers = new TreeSet<>();
      for (Future<HttpJson.Reply> reply : replies) {
        HttpJson.Reply r = reply.get();
        assertEquals(201, r.status(), r.body());
        numbers.add(r.json().get("version").asLong());
      }
      assertEquals(n, numbers.size(), "no duplicate numbers");
      assertEquals(1L, numbers.first());
      assertEquals((long) n, numbers.last(), "no skipped numbers");
    } finally {
      pool.shutdownNow();
    }
    var model2 = http.call("GET", "/v1/models/" + model, reader, null);
    assertEquals(n, model2.json().get("latestVersion").asLong());
    var verify = http.call("GET", "/v1/models/" + model + "/audit/verify", reader, null);
    assertTrue(verify.json().get("ok").asBoolean(), verify.body());
    assertEquals(n + 1, verify.json().get("entries").asLong());
  }

  @Test
  void givenACorruptedUpload_thenItIsRefusedAndNothingIsLost() {
    String model = newModel();
    byte[] good = "the good weights".getBytes(StandardCharsets.UTF_8);
    JsonNode v1 = publish(model, good, Map.of());

    byte[] declared = "the weights we meant".getBytes(StandardCharsets.UTF_8);
    byte[] corrupted = "the weights we meanT".getBytes(StandardCharsets.UTF_8);
    var registered = http.call("POST", "/v1/models/" + model + "/versions", publisher,
        Map.of("artifact", HttpJson.artifactSpec("model.bin", declared)));
    assertEquals(201, registered.status());
    var refused = http.upload(registered.json().get("upload"), corrupted);
    assertEquals(400, refused.status(), "storage checks the signed SHA-256: " + refused.body());

    var early = http.call("POST", "/v1/models/" + model + "/versions/2/finalize", publisher, null);
    assertEquals(412, early.status(), early.body());
    assertEquals("FAILED_PRECONDITION", early.errorCode());
    assertEquals("PENDING_UPLOAD", http.call("GET", "/v1/models/" + model + "/versions/2", reader, null)
        .json().get("status").asText(), "nothing arrived, so the client may still upload");

    // Bytes that reach storage without the signed checksum (another writer) are caught at finalize.
    try (S3Client s3 = S3Client.builder().forcePathStyle(true).build()) {
      String uri = registered.json().get("artifact").get("uri").asText();
      String bucket = uri.substring(5, uri.indexOf('/', 5));
      String key = uri.substring(uri.indexOf('/', 5) + 1);
      s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(corrupted));
    }
    var finalized = http.call("POST", "/v1/models/" + model + "/versions/2/finalize", publisher, null);
    assertEquals(412, finalized.status(), finalized.body());
    assertTrue(finalized.message().contains("SHA-256 mismatch"), finalized.message());
    JsonNode failed = http.call("GET", "/v1/models/" + model + "/versions/2", reader, null).json();
    assertEquals("FAILED", failed.get("status").asText());
    assertTrue(failed.get("statusMessage").asText().contains("SHA-256 mismatch"));
    assertEquals(412, http.call("POST", "/v1/models/" + model + "/versions/2/finalize", publisher, null).status());

    assertEquals(1, resolve(model, "latest").get("version").asLong(), "the READY version is untouched");
    var download = http.call("GET", "/v1/models/" + model + "/versions/" + v1.get("version").asLong() + "/artifact", reader, null);
    assertArrayEquals(good, http.download(download.json().get("url").asText()));
    assertEquals(412, http.call("GET", "/v1/models/" + model + "/versions/2/artifact", reader, null).status());
  }

  @Test
  void givenBadInput_thenClearClientErrors() {
    String model = newModel();
    var unknownField = http.call("POST", "/v1/models/" + model + "/versions", publisher,
        "{\"artifact\":{\"filename\":\"m.bin\",\"sizeBytes\":3,\"sha256\":\"" + "a".repeat(64) + "\"},\"metricz\":{}}");
    assertEquals(400, unknownField.status());
    assertEquals("INVALID_ARGUMENT", unknownField.errorCode());
    assertTrue(unknownField.message().contains("metricz"), unknownField.message());
    assertNotNull(unknownField.json().get("requestId"));

    var malformed = http.call("POST", "/v1/models", publisher, "{\"name\": ");
    assertEquals(400, malformed.status());
    assertFalse(malformed.body().contains("at com."), "no stack trace");

    var badName = http.call("POST", "/v1/models", publisher, Map.of("name", "../etc"));
    assertEquals(400, badName.status());
    var duplicate = http.call("POST", "/v1/models", publisher, Map.of("name", model));
    assertEquals(409, duplicate.status());
    assertEquals("ALREADY_EXISTS", duplicate.errorCode());

    var wrongType = http.call("POST", "/v1/models/" + model + "/versions", publisher,
        "{\"artifact\":{\"filename\":\"m.bin\",\"sizeBytes\":\"three\",\"sha256\":\"" + "a".repeat(64) + "\"}}");
    assertEquals(400, wrongType.status(), wrongType.body());

    var missing = http.call("GET", "/v1/models/" + model + "/versions/99", reader, null);
    assertEquals(404, missing.status());
    assertEquals("NOT_FOUND", missing.errorCode());

    var badToken = http.call("GET", "/v1/models?pageToken=not-a-token", reader, null);
    assertEquals(400, badToken.status());

    var tooLarge = http.call("PATCH", "/v1/models/" + model, publisher,
        "{\"description\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}");
    assertEquals(413, tooLarge.status());
    assertEquals("PAYLOAD_TOO_LARGE", tooLarge.errorCode());
  }

  @Test
  void givenNoOrAnUnknownToken_thenUnauthenticated_andAReaderMayNotWrite() {
    assertEquals(200, http.call("GET", "/v1/health", null, null).status());
    var noToken = http.call("GET", "/v1/models", null, null);
    assertEquals(401, noToken.status());
    assertEquals("UNAUTHENTICATED", noToken.errorCode());
    assertEquals(401, http.call("GET", "/v1/models", "not-a-token", null).status());

    var readerWrites = http.call("POST", "/v1/models", reader, Map.of("name", "forbidden-model"));
    assertEquals(403, readerWrites.status());
    assertEquals("PERMISSION_DENIED", readerWrites.errorCode());
    assertEquals(404, http.call("GET", "/v1/models/forbidden-model", reader, null).status(), "nothing was created");
    assertEquals(200, http.call("GET", "/v1/models", reader, null).status());

    String model = newModel();
    assertEquals(403, http.call("DELETE", "/v1/models/" + model, publisher, null).status(), "delete is admin-only");
    assertEquals(204, http.call("DELETE", "/v1/models/" + model, admin, null).status());
    assertEquals(404, http.call("GET", "/v1/models/" + model, reader, null).status());
  }

  @Test
  void givenAnIdempotencyKey_whenTheRegistrationIsRetried_thenTheSameVersionComesBack() {
    String model = newModel();
    byte[] bytes = "idempotent".getBytes(StandardCharsets.UTF_8);
    Map<String, Object> body = Map.of("artifact", HttpJson.artifactSpec("m.bin", bytes));
    Map<String, String> key = Map.of("Idempotency-Key", "train-run-42");
    var first = http.call("POST", "/v1/models/" + model + "/versions", publisher, body, key);
    var retry = http.call("POST", "/v1/models/" + model + "/versions", publisher, body, key);
    assertEquals(201, first.status());
    assertEquals(201, retry.status());
    assertEquals(first.json().get("version").asLong(), retry.json().get("version").asLong());
    assertNotNull(retry.json().get("upload"), "a retry gets a fresh upload URL");
    var other = http.call("POST", "/v1/models/" + model + "/versions", publisher,
        Map.of("artifact", HttpJson.artifactSpec("m.bin", "other".getBytes(StandardCharsets.UTF_8))), key);
    assertEquals(409, other.status());
    assertEquals("CONFLICT", other.errorCode());
    assertEquals(1, http.call("GET", "/v1/models/" + model, reader, null).json().get("latestVersion").asLong());
  }

  @Test
  void givenModels_whenListedWithFilters_thenPagesCoverEachOnce() {
    String prefix = "listing-" + System.nanoTime();
    for (int i = 0; i < 5; i++) {
      assertEquals(201, http.call("POST", "/v1/models", publisher, Map.of("name", prefix + "-" + i,
          "owner", "team-" + prefix, "tags", Map.of("parity", i % 2 == 0 ? "even" : "odd"))).status());
    }
    List<String> seen = new ArrayList<>();
    String token = null;
    do {
      var page = http.call("GET", "/v1/models?owner=team-" + prefix + "&pageSize=2"
          + (token == null ? "" : "&pageToken=" + token), reader, null);
      assertEquals(200, page.status(), page.body());
      page.json().get("models").forEach(m -> seen.add(m.get("name").asText()));
      token = page.json().has("nextPageToken") ? page.json().get("nextPageToken").asText() : null;
    } while (token != null);
    assertEquals(List.of(prefix + "-0", prefix + "-1", prefix + "-2", prefix + "-3", prefix + "-4"), seen);
    var even = http.call("GET", "/v1/models?nameContains=" + prefix + "&tag.parity=even", reader, null);
    assertEquals(3, even.json().get("models").size());
  }
}
