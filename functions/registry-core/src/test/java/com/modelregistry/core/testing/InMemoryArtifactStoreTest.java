package com.modelregistry.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.modelregistry.core.ErrorCode;
import com.modelregistry.core.RegistryException;
import com.modelregistry.core.port.ArtifactStore;
import com.modelregistry.core.port.ArtifactStore.CompletedPart;
import com.modelregistry.core.port.ArtifactStore.PresignedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-memory store passes the {@link ArtifactStore} contract, and behaves like S3 where tests rely on it. */
class InMemoryArtifactStoreTest extends ArtifactStoreContract {
  private final InMemoryArtifactStore store = new InMemoryArtifactStore();

  @Override
  protected ArtifactStore store() {
    return store;
  }

  @Override
  protected String upload(PresignedRequest request, byte[] bytes) {
    return store.upload(request.url(), bytes, request.headers());
  }

  @Override
  protected void putDirect(String uri, byte[] bytes) {
    store.putDirect(uri, bytes);
  }

  @Override
  protected byte[] download(PresignedRequest get) {
    return store.download(get.url());
  }

  // ---- in-memory specifics

  private final MutableClock clock = new MutableClock(Instant.parse("2025-05-01T12:00:00Z"));
  private final InMemoryArtifactStore timed = new InMemoryArtifactStore(clock);

  @Test
  void givenKey_whenUriIsAsked_thenItIsUnderMemArtifacts() {
    assertEquals("mem://artifacts/models/fraud/1/model.bin", store.uriFor("models/fraud/1/model.bin"));
    assertTrue(store.supports("mem://artifacts/x"));
    assertTrue(!store.supports("s3://bucket/x"));
  }

  @Test
  void givenPresignedPut_whenItsHeadersAreShown_thenTheChecksumIsBase64OfTheDigest() {
    byte[] bytes = bytes(10, 1);

    PresignedRequest put = store.presignPut(store.uriFor("k"), 10, sha256Hex(bytes), Duration.ofMinutes(1));

    assertEquals(Map.of("x-amz-checksum-sha256", Base64.getEncoder().encodeToString(java.util.HexFormat.of()
        .parseHex(sha256Hex(bytes)))), put.headers());
    assertTrue(put.url().startsWith("mem://artifacts/k?op=put&"), put.url());
  }

  @Test
  void givenPresignedPut_whenTheSignedChecksumHeaderIsLeftOut_thenRefusedWith403() {
    byte[] bytes = bytes(10, 1);
    PresignedRequest put = store.presignPut(store.uriFor("k"), 10, sha256Hex(bytes), Duration.ofMinutes(1));

    RefusedRequestException e = assertThrows(RefusedRequestException.class, () -> store.upload(put.url(), bytes, Map.of()));

    assertEquals(403, e.status());
    assertTrue(store.describe(store.uriFor("k")).isEmpty());
  }

  @Test
  void givenPresignedPut_whenBytesDifferFromTheChecksum_thenRefusedWith400BadDigest() {
    byte[] bytes = bytes(10, 1);
    PresignedRequest put = store.presignPut(store.uriFor("k"), 10, sha256Hex(bytes), Duration.ofMinutes(1));

    RefusedRequestException e = assertThrows(RefusedRequestException.class,
        () -> store.upload(put.url(), bytes(10, 2), put.headers()));

    assertEquals(400, e.status());
    assertEquals("BadDigest", e.errorCode());
  }

  @Test
  void givenPresignedUrls_whenUsedAfterTheirTtl_thenRefusedWith403() {
    byte[] bytes = bytes(10, 1);
    String uri = timed.uriFor("k");
    PresignedRequest put = timed.presignPut(uri, 10, sha256Hex(bytes), Duration.ofMinutes(5));
    timed.putDirect(timed.uriFor("g"), bytes);
    PresignedRequest get = timed.presignGet(timed.uriFor("g"), Duration.ofMinutes(5));
    clock.advance(Duration.ofMinutes(5));

    assertEquals(403, assertThrows(RefusedRequestException.class, () -> timed.upload(put.url(), bytes, put.headers())).status());
    assertEquals(403, assertThrows(RefusedRequestException.class, () -> timed.download(get.url())).status());
    assertTrue(timed.describe(uri).isEmpty());
  }

  @Test
  void givenUrlNotIssuedByTheStore_whenUsed_thenRefused() {
    assertThrows(RefusedRequestException.class, () -> store.upload("mem://artifacts/k?op=put&sig=forged", new byte[1], Map.of()));
    assertThrows(RefusedRequestException.class, () -> store.download("mem://artifacts/k"));
  }

  @Test
  void givenPresignedGetOfAMissingObject_whenFetched_then404() {
    PresignedRequest get = store.presignGet(store.uriFor("nothing"), Duration.ofMinutes(1));

    assertEquals(404, assertThrows(RefusedRequestException.class, () -> store.download(get.url())).status());
  }

  @Test
  void givenMultipart_whenAPartButTheLastIsUnderTheMinimumSize_thenInvalidArgumentAndTheUploadStaysOpen() {
    String uri = store.uriFor("small-parts");
    String uploadId = store.startMultipartUpload(uri);
    List<PresignedRequest> parts = store.presignParts(uri, uploadId, List.of(10L, 10L), Duration.ofMinutes(1));
    String etag1 = store.upload(parts.get(0).url(), bytes(10, 1), Map.of());
    String etag2 = store.upload(parts.get(1).url(), bytes(10, 2), Map.of());

    RegistryException e = assertThrows(RegistryException.class, () -> store.completeMultipartUpload(uri, uploadId,
        List.of(new CompletedPart(1, etag1), new CompletedPart(2, etag2))));

    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("EntityTooSmall"), e.getMessage());
    assertEquals(1, store.openUploads());
  }

  @Test
  void givenMultipart_whenAnEtagIsWrongOrPartsAreOutOfOrder_thenInvalidArgumentAndNoObject() {
    InMemoryArtifactStore tiny = new InMemoryArtifactStore(clock, 1, false);
    String uri = tiny.uriFor("parts");
    String uploadId = tiny.startMultipartUpload(uri);
    List<PresignedRequest> parts = tiny.presignParts(uri, uploadId, List.of(3L, 3L), Duration.ofMinutes(1));
    String etag1 = tiny.upload(parts.get(0).url(), new byte[] {1, 2, 3}, Map.of());
    String etag2 = tiny.upload(parts.get(1).url(), new byte[] {4, 5, 6}, Map.of());

    assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(RegistryException.class, () -> tiny.completeMultipartUpload(
        uri, uploadId, List.of(new CompletedPart(1, etag1), new CompletedPart(2, "\"bogus\"")))).code());
    assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(RegistryException.class, () -> tiny.completeMultipartUpload(
        uri, uploadId, List.of(new CompletedPart(2, etag2), new CompletedPart(1, etag1)))).code());
    assertTrue(tiny.describe(uri).isEmpty());

    tiny.completeMultipartUpload(uri, uploadId, List.of(new CompletedPart(1, etag1.replace("\"", "")),
        new CompletedPart(2, etag2)));
    assertEquals(List.of((byte) 1, (byte) 2, (byte) 3, (byte) 4, (byte) 5, (byte) 6),
        toList(tiny.bytes(uri).orElseThrow()));
    assertEquals(0, tiny.openUploads());
  }

  @Test
  void givenAbortedUpload_whenAPartIsUploaded_then404NoSuchUpload() {
    String uri = store.uriFor("aborted");
    String uploadId = store.startMultipartUpload(uri);
    PresignedRequest part = store.presignParts(uri, uploadId, List.of(5L), Duration.ofMinutes(1)).get(0);
    store.abortMultipartUpload(uri, uploadId);

    RefusedRequestException e = assertThrows(RefusedRequestException.class, () -> store.upload(part.url(), new byte[5], Map.of()));

    assertEquals(404, e.status());
  }

  @Test
  void givenStoreThatReportsChecksums_whenDescribed_thenSingleUploadsHaveTheirShaAndDirectWritesNone() {
    InMemoryArtifactStore reporting = new InMemoryArtifactStore(clock, 1, true);
    byte[] bytes = bytes(64, 9);
    String uri = reporting.uriFor("k");
    PresignedRequest put = reporting.presignPut(uri, 64, sha256Hex(bytes), Duration.ofMinutes(1));
    reporting.upload(put.url(), bytes, put.headers());

    assertEquals(sha256Hex(bytes), reporting.describe(uri).orElseThrow().sha256Hex());
    assertEquals(0, reporting.sha256Computations());

    reporting.putDirect(uri, bytes(64, 10));
    assertEquals(null, reporting.describe(uri).orElseThrow().sha256Hex());
  }

  @Test
  void givenExtraServedPrefix_whenAsked_thenItsUrisAreSupportedAndReadable() {
    store.serveAlso("s3://training-bucket/");
    store.putDirect("s3://training-bucket/runs/1/model.bin", bytes(5, 1));

    assertTrue(store.supports("s3://training-bucket/runs/1/model.bin"));
    assertTrue(!store.supports("s3://other-bucket/model.bin"));
    assertEquals(sha256Hex(bytes(5, 1)), store.computeSha256("s3://training-bucket/runs/1/model.bin"));
  }

  @Test
  void givenMissingObject_whenItsShaIsComputed_thenFailedPrecondition() {
    assertEquals(ErrorCode.FAILED_PRECONDITION,
        assertThrows(RegistryException.class, () -> store.computeSha256(store.uriFor("nope"))).code());
  }

  private static List<Byte> toList(byte[] bytes) {
    java.util.ArrayList<Byte> list = new java.util.ArrayList<>();
    for (byte b : bytes) {
      list.add(b);
    }
    return list;
  }
}
