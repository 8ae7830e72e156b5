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
import com.modelregistry.local.sam.SamTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multipart uploads end to end, as a client sees them: register a version above the multipart threshold,
 * PUT each part to its presigned URL, finalize with the parts' ETags, download. The threshold comes down
 * to S3's 5 MiB minimum through a template parameter override, so artifacts stay small.
 *
 * <p>Each nested class runs its own registry, one after the other (one runtime per JVM at a time).
 */
class MultipartUploadIT {
  static final long MIB = 1024 * 1024;
  static final String THRESHOLD = String.valueOf(5 * MIB);
  static final AtomicInteger names = new AtomicInteger();

  /** The packaged template as it is: 64 MiB parts, so an artifact of a few MiB above the threshold is one part. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class WithThePackagedTemplate {
    LocalRuntime registry;
    HttpJson http;
    String publisher;

    @BeforeAll
    void start(@TempDir Path dataDir) {
      registry = LocalRuntime.start(Options.defaults().withPort(0).withAwsPort(0).withDataDir(dataDir)
          .withParameter("MultipartThresholdBytes", THRESHOLD));
      http = new HttpJson(registry.baseUrl());
      publisher = registry.principals().byName("publisher").orElseThrow().token();
    }

    @AfterAll
    void stop() {
      if (registry != null) {
        registry.close();
      }
    }

    @Test
    void givenTheThresholdOverride_thenTheFunctionSeesItAndOnlyLargerArtifactsGoMultipart() {
      assertEquals(5 * MIB, registry.function("ApiFunction").config().multipartThresholdBytes());
      assertEquals(Map.of("MultipartThresholdBytes", THRESHOLD), registry.template().parameterOverrides());
      String model = newModel(http, publisher);

      JsonNode below = register(http, publisher, model, spec(5 * MIB - 1, "0".repeat(64)));
      assertEquals("PUT", below.get("upload").get("method").asText(), below.toString());
      JsonNode above = register(http, publisher, model, spec(5 * MIB + 1, "0".repeat(64)));
      assertEquals("MULTIPART", above.get("upload").get("method").asText(), above.toString());
    }

    @Test
    void givenSixMiB_whenTheSinglePartIsUploadedAndFinalized_thenTheVersionIsReadyAndDownloadsIntact() {
      String model = newModel(http, publisher);
      byte[] bytes = randomBytes(6 * MIB, 1);
      JsonNode registered = register(http, publisher, model, HttpJson.artifactSpec("model.bin", bytes));
      long version = registered.get("version").asLong();

      JsonNode plan = registered.get("upload");
      assertEquals("MULTIPART", plan.get("method").asText(), plan.toString());
      assertEquals(bytes.length, plan.get("partSizeBytes").asLong(),
          "64 MiB parts (MULTIPART_PART_BYTES in template.yaml): the one part is the whole artifact");
      assertTrue(plan.get("url") == null || plan.get("url").isNull(), "a multipart plan has no single URL: " + plan);
      JsonNode parts = plan.get("parts");
      assertEquals(1, parts.size(), plan.toString());
      JsonNode part = parts.get(0);
      assertEquals(1, part.get("partNumber").asInt());
      assertTrue(part.get("url").asText().startsWith(registry.s3Endpoint().toString()), part.toString());
      assertTrue(part.get("url").asText().contains("partNumber=1"), part.toString());
      assertTrue(part.get("url").asText().contains("uploadId="), part.toString());
      assertTrue(part.get("headers").isObject(), part.toString());
      assertTrue(Instant.parse(part.get("expiresAt").asText()).isAfter(Instant.now()), part.toString());

      var noParts = finalizeUpload(http, publisher, model, version, null);
      assertEquals(400, noParts.status(), noParts.body());
      assertEquals("INVALID_ARGUMENT", noParts.errorCode());
      assertTrue(noParts.message().contains("multipart upload") && noParts.message().contains("\"parts\"")
          && noParts.message().contains("partNumber") && noParts.message().contains("ETag"),
          "the message explains the parts body: " + noParts.message());

      var uploaded = http.upload(part, bytes);
      assertEquals(200, uploaded.status(), uploaded.body());
      String etag = uploaded.header("ETag");
      assertNotNull(etag, "the part's PUT returns an ETag: " + uploaded.headers());

      var ready = finalizeUpload(http, publisher, model, version, List.of(completedPart(1, etag)));
      assertEquals(200, ready.status(), ready.body());
      assertEquals("READY", ready.json().get("status").asText(), ready.body());
      assertEquals(HttpJson.sha256(bytes), ready.json().get("artifact").get("sha256").asText());
      assertEquals(bytes.length, ready.json().get("artifact").get("sizeBytes").asLong());
      assertNull(ready.json().get("upload"), "a READY version offers no upload");

      var again = finalizeUpload(http, publisher, model, version, List.of(completedPart(1, etag)));
      assertEquals(412, again.status(), again.body());
      assertEquals("FAILED_PRECONDITION", again.errorCode());

      assertArrayEquals(bytes, download(http, publisher, model, version, bytes));
    }

    @Test
    void givenAWrongETag_whenFinalizing_thenItIsRefusedAndTheRightOneStillWorks() {
      String model = newModel(http, publisher);
      byte[] bytes = randomBytes(5 * MIB + 12345, 2);
      JsonNode registered = register(http, publisher, model, HttpJson.artifactSpec("model.bin", bytes));
      long version = registered.get("version").asLong();
      JsonNode part = registered.get("upload").get("parts").get(0);
      var uploaded = http.upload(part, bytes);
      assertEquals(200, uploaded.status(), uploaded.body());
      String etag = uploaded.header("ETag");
      assertNotNull(etag, uploaded.headers().toString());

      var wrongEtag = finalizeUpload(http, publisher, model, version, List.of(completedPart(1, "\"" + "0".repeat(32) + "\"")));
      assertEquals(400, wrongEtag.status(), wrongEtag.body());
      assertEquals("INVALID_ARGUMENT", wrongEtag.errorCode(), wrongEtag.body());
      var wrongNumber = finalizeUpload(http, publisher, model, version, List.of(completedPart(2, etag)));
      assertEquals(400, wrongNumber.status(), wrongNumber.body());
      assertEquals("PENDING_UPLOAD", http.call("GET", "/v1/models/" + model + "/versions/" + version, publisher, null)
          .json().get("status").asText(), "a refused finalize changes nothing: the client can correct its parts");

      var ready = finalizeUpload(http, publisher, model, version, List.of(completedPart(1, etag)));
      assertEquals(200, ready.status(), ready.body());
      assertEquals("READY", ready.json().get("status").asText());
      assertEquals(HttpJson.sha256(bytes), ready.json().get("artifact").get("sha256").asText());
    }
  }

  /**
   * The packaged template with MULTIPART_PART_BYTES at S3's 5 MiB minimum (a literal in template.yaml, not a
   * parameter, so through --template FILE): an artifact of 11 MiB and a bit is three parts.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class WithFiveMiBParts {
    LocalRuntime registry;
    HttpJson http;
    String publisher;

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
      Path template = Files.writeString(dir.resolve("template.yaml"), packagedTemplateWithPartBytes(5 * MIB));
      // The template's DefinitionUri is relative to it: the state machine goes next to it, as in the repository.
      Files.createDirectories(dir.resolve("statemachines"));
      try (InputStream definition = MultipartUploadIT.class.getClassLoader()
          .getResourceAsStream("sam/statemachines/promotion.asl.json")) {
        assertNotNull(definition, "the packaged state machine is on the test classpath");
        Files.write(dir.resolve("statemachines/promotion.asl.json"), definition.readAllBytes());
      }
      registry = LocalRuntime.start(Options.defaults().withPort(0).withAwsPort(0).withDataDir(dir.resolve("data"))
          .withTemplateFile(template).withParameter("MultipartThresholdBytes", THRESHOLD));
      http = new HttpJson(registry.baseUrl());
      publisher = registry.principals().byName("publisher").orElseThrow().token();
    }

    @AfterAll
    void stop() {
      if (registry != null) {
        registry.close();
      }
    }

    @Test
    void givenElevenMiB_whenThreePartsAreUploadedAndFinalized_thenTheVersionIsReadyAndDownloadsIntact() {
      assertEquals(5 * MIB, registry.function("ApiFunction").config().multipartPartBytes());
      String model = newModel(http, publisher);
      byte[] bytes = randomBytes(11 * MIB + 4321, 3);
      JsonNode registered = register(http, publisher, model, HttpJson.artifactSpec("model.bin", bytes));
      long version = registered.get("version").asLong();
      JsonNode plan = registered.get("upload");
      assertEquals("MULTIPART", plan.get("method").asText(), plan.toString());
      long partSize = plan.get("partSizeBytes").asLong();
      assertEquals(5 * MIB, partSize);
      JsonNode parts = plan.get("parts");
      assertEquals(3, parts.size(), plan.toString());

      List<Map<String, Object>> completed = new ArrayList<>();
      for (int i = 0; i < parts.size(); i++) {
        JsonNode part = parts.get(i);
        assertEquals(i + 1, part.get("partNumber").asInt());
        int from = (int) (i * partSize);
        byte[] slice = Arrays.copyOfRange(bytes, from, (int) Math.min(bytes.length, from + partSize));
        var uploaded = http.upload(part, slice);
        assertEquals(200, uploaded.status(), uploaded.body());
        assertNotNull(uploaded.header("ETag"), uploaded.headers().toString());
        completed.add(0, completedPart(i + 1, uploaded.header("ETag"))); // any order: the registry sorts them
      }

      var ready = finalizeUpload(http, publisher, model, version, completed);
      assertEquals(200, ready.status(), ready.body());
      assertEquals("READY", ready.json().get("status").asText());
      assertEquals(HttpJson.sha256(bytes), ready.json().get("artifact").get("sha256").asText());
      assertEquals(bytes.length, ready.json().get("artifact").get("sizeBytes").asLong());

      assertArrayEquals(bytes, download(http, publisher, model, version, bytes));
    }

    /**
     * S3 completes an upload from any subset of its uploaded parts, so a finalize that leaves a part out
     * would make a shorter object and FAIL the version for good; the registry refuses such a list.
     */
    @Test
    void givenAPartLeftOut_whenFinalizing_thenItIsRefusedAndTheVersionStaysPending() {
      String model = newModel(http, publisher);
      byte[] bytes = randomBytes(11 * MIB + 4321, 4);
      JsonNode registered = register(http, publisher, model, HttpJson.artifactSpec("model.bin", bytes));
      long version = registered.get("version").asLong();
      JsonNode parts = registered.get("upload").get("parts");
      long partSize = registered.get("upload").get("partSizeBytes").asLong();
      List<Map<String, Object>> completed = new ArrayList<>();
      for (int i = 0; i < parts.size(); i++) {
        int from = (int) (i * partSize);
        var uploaded = http.upload(parts.get(i), Arrays.copyOfRange(bytes, from, (int) Math.min(bytes.length, from + partSize)));
        assertEquals(200, uploaded.status(), uploaded.body());
        completed.add(completedPart(i + 1, uploaded.header("ETag")));
      }

      var missingPart = finalizeUpload(http, publisher, model, version, completed.subList(1, 3));
      assertEquals(400, missingPart.status(), "parts 2 and 3 only, without part 1: " + missingPart.body());
      assertEquals("INVALID_ARGUMENT", missingPart.errorCode());
      assertEquals("PENDING_UPLOAD", http.call("GET", "/v1/models/" + model + "/versions/" + version, publisher, null)
          .json().get("status").asText());
      var ready = finalizeUpload(http, publisher, model, version, completed);
      assertEquals(200, ready.status(), ready.body());
      assertEquals(HttpJson.sha256(bytes), ready.json().get("artifact").get("sha256").asText());
    }
  }

  // ---- helpers

  static String packagedTemplateWithPartBytes(long partBytes) {
    String literal = "MULTIPART_PART_BYTES: \"67108864\"";
    String text;
    try (InputStream in = MultipartUploadIT.class.getClassLoader().getResourceAsStream(SamTemplate.CLASSPATH_RESOURCE)) {
      assertNotNull(in, SamTemplate.CLASSPATH_RESOURCE + " is on the test classpath");
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    assertTrue(text.contains(literal), "template.yaml sets " + literal + "; update this test if that changed");
    return text.replace(literal, "MULTIPART_PART_BYTES: \"" + partBytes + "\"");
  }

  static String newModel(HttpJson http, String token) {
    String name = "multipart-" + names.incrementAndGet() + "-" + System.nanoTime() % 100000;
    var created = http.call("POST", "/v1/models", token, Map.of("name", name, "description", "multipart test"));
    assertEquals(201, created.status(), created.body());
    return name;
  }

  static JsonNode register(HttpJson http, String token, String model, Map<String, Object> artifact) {
    var registered = http.call("POST", "/v1/models/" + model + "/versions", token, Map.of("artifact", artifact));
    assertEquals(201, registered.status(), registered.body());
    assertEquals("PENDING_UPLOAD", registered.json().get("status").asText());
    return registered.json();
  }

  static Map<String, Object> spec(long sizeBytes, String sha256) {
    return Map.of("filename", "model.bin", "sizeBytes", sizeBytes, "sha256", sha256);
  }

  static Map<String, Object> completedPart(int partNumber, String etag) {
    Map<String, Object> part = new HashMap<>();
    part.put("partNumber", partNumber);
    part.put("etag", etag);
    return part;
  }

  static HttpJson.Reply finalizeUpload(HttpJson http, String token, String model, long version, List<Map<String, Object>> parts) {
    return http.call("POST", "/v1/models/" + model + "/versions/" + version + "/finalize", token,
        parts == null ? null : Map.of("parts", parts));
  }

  static byte[] download(HttpJson http, String token, String model, long version, byte[] expected) {
    var link = http.call("GET", "/v1/models/" + model + "/versions/" + version + "/artifact", token, null);
    assertEquals(200, link.status(), link.body());
    assertEquals(HttpJson.sha256(expected), link.json().get("sha256").asText());
    byte[] downloaded = http.download(link.json().get("url").asText());
    assertFalse(downloaded.length == 0);
    return downloaded;
  }

  static byte[] randomBytes(long size, long seed) {
    byte[] bytes = new byte[Math.toIntExact(size)];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
