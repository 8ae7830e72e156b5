package com.modelregistry.core.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.modelregistry.core.ErrorCode;
import com.modelregistry.core.RegistryException;
import com.modelregistry.core.port.ArtifactStore;
import com.modelregistry.core.port.ArtifactStore.CompletedPart;
import com.modelregistry.core.port.ArtifactStore.PresignedRequest;
import com.modelregistry.core.port.ArtifactStore.StoredObject;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ArtifactStore}: every adapter (in-memory, S3) extends this suite. Tests use
 * fresh keys under {@code contract/<uuid>/}, through {@link ArtifactStore#uriFor}, so they make no
 * assumption about the URI scheme and a shared bucket works.
 *
 * <p>Subclasses perform presigned requests the way a client would (HTTP for S3) and throw
 * {@link RefusedRequestException} when the storage service answers an error status.
 */
public abstract class ArtifactStoreContract {
  private static final Duration TTL = Duration.ofMinutes(10);

  protected abstract ArtifactStore store();

  /**
   * Sends the bytes to a presigned PUT (a whole object or a part) with the request's headers.
   *
   * @return the ETag the storage service answered
   * @throws RefusedRequestException if it answered an error status
   */
  protected abstract String upload(PresignedRequest request, byte[] bytes);

  /** Writes an object behind the registry's back (no checksum): a corrupted or out-of-band write. */
  protected abstract void putDirect(String uri, byte[] bytes);

  /**
   * Fetches a presigned GET. @throws RefusedRequestException if the storage service answered an error
   */
  protected abstract byte[] download(PresignedRequest get);

  /** The size of every multipart part but the last; S3 refuses smaller ones (EntityTooSmall). */
  protected long partSizeBytes() {
    return 5L * 1024 * 1024;
  }

  // ---- single PUT

  @Test
  void givenPresignedPut_whenTheDeclaredBytesAreUploaded_thenDescribeAndComputeSha256ReportThem() {
    String uri = freshUri("model.bin");
    byte[] bytes = bytes(4096, 1);
    PresignedRequest put = store().presignPut(uri, bytes.length, sha256Hex(bytes), TTL);

    upload(put, bytes);

    StoredObject stored = store().describe(uri).orElseThrow();
    assertEquals(bytes.length, stored.sizeBytes());
    assertTrue(stored.sha256Hex() == null || stored.sha256Hex().equals(sha256Hex(bytes)),
        "describe reports no SHA-256 or the right one, got " + stored.sha256Hex());
    assertEquals(sha256Hex(bytes), store().computeSha256(uri));
  }

  @Test
  void givenPresignedPut_whenItIsIssued_thenItIsAPutThatExpiresAfterTheTtl() {
    byte[] bytes = bytes(10, 2);

    PresignedRequest put = store().presignPut(freshUri("model.bin"), bytes.length, sha256Hex(bytes), TTL);

    assertEquals("PUT", put.method());
    assertNotNull(put.url());
    assertNotNull(put.headers());
    assertTrue(put.expiresAt().isAfter(java.time.Instant.now().plus(TTL).minusSeconds(60)));
    assertTrue(put.expiresAt().isBefore(java.time.Instant.now().plus(TTL).plusSeconds(60)));
  }

  @Test
  void givenPresignedPut_whenOtherBytesOfTheSameLengthAreUploaded_thenRefusedAndNothingIsStored() {
    String uri = freshUri("model.bin");
    byte[] declared = bytes(2048, 3);
    byte[] other = bytes(2048, 4);
    PresignedRequest put = store().presignPut(uri, declared.length, sha256Hex(declared), TTL);

    assertThrows(RefusedRequestException.class, () -> upload(put, other));

    assertTrue(store().describe(uri).isEmpty());
  }

  @Test
  void givenMissingObject_whenDescribed_thenEmpty() {
    assertTrue(store().describe(freshUri("absent.bin")).isEmpty());
  }

  @Test
  void givenOwnUri_whenAsked_thenSupportedAndAForeignSchemeIsNot() {
    assertTrue(store().supports(freshUri("model.bin")));
    assertFalse(store().supports("ftp://example.com/model.bin"));
  }

  // ---- GET

  @Test
  void givenStoredObject_whenPresignedGetIsFetched_thenTheBytesComeBack() {
    String uri = freshUri("model.bin");
    byte[] bytes = bytes(3000, 5);
    upload(store().presignPut(uri, bytes.length, sha256Hex(bytes), TTL), bytes);

    PresignedRequest get = store().presignGet(uri, TTL);

    assertEquals("GET", get.method());
    assertArrayEquals(bytes, download(get));
  }

  @Test
  void givenDirectWrite_whenReadBack_thenItReplacedTheObjectAndComputeSha256SeesIt() {
    String uri = freshUri("model.bin");
    byte[] original = bytes(100, 6);
    upload(store().presignPut(uri, original.length, sha256Hex(original), TTL), original);
    byte[] corrupted = bytes(100, 7);

    putDirect(uri, corrupted);

    assertEquals(sha256Hex(corrupted), store().computeSha256(uri));
    assertEquals(100, store().describe(uri).orElseThrow().sizeBytes());
    assertArrayEquals(corrupted, download(store().presignGet(uri, TTL)));
  }

  // ---- multipart

  @Test
  void givenMultipartUpload_whenAllPartsAreUploadedAndCompleted_thenTheObjectIsTheirConcatenation() {
    String uri = freshUri("big.bin");
    long part = partSizeBytes();
    List<Long> sizes = List.of(part, part, 1234L);
    String uploadId = store().startMultipartUpload(uri);
    List<PresignedRequest> requests = store().presignParts(uri, uploadId, sizes, TTL);
    assertEquals(List.of(1, 2, 3), requests.stream().map(PresignedRequest::partNumber).toList());
    assertTrue(requests.stream().allMatch(r -> r.method().equals("PUT")));

    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    List<CompletedPart> completed = new ArrayList<>();
    for (int i = 0; i < sizes.size(); i++) {
      byte[] chunk = bytes(sizes.get(i).intValue(), 10 + i);
      whole.writeBytes(chunk);
      String etag = upload(requests.get(i), chunk);
      assertNotNull(etag, "each part answers an ETag");
      completed.add(new CompletedPart(i + 1, etag));
    }
    assertTrue(store().describe(uri).isEmpty(), "nothing is visible before the upload completes");

    store().completeMultipartUpload(uri, uploadId, completed);

    byte[] expected = whole.toByteArray();
    StoredObject stored = store().describe(uri).orElseThrow();
    assertEquals(expected.length, stored.sizeBytes());
    assertTrue(stored.sha256Hex() == null || stored.sha256Hex().equals(sha256Hex(expected)));
    assertEquals(sha256Hex(expected), store().computeSha256(uri));
    assertArrayEquals(expected, download(store().presignGet(uri, TTL)));
  }

  @Test
  void givenUnknownUploadId_whenCompleted_thenFailedPrecondition() {
    String uri = freshUri("big.bin");

    RegistryException e = assertThrows(RegistryException.class, () -> store().completeMultipartUpload(uri,
        "no-such-upload-" + UUID.randomUUID(), List.of(new CompletedPart(1, "\"0123\""))));

    assertEquals(ErrorCode.FAILED_PRECONDITION, e.code());
    assertTrue(store().describe(uri).isEmpty());
  }

  @Test
  void givenAbortedUpload_whenCompleted_thenFailedPreconditionAndNoObject() {
    String uri = freshUri("big.bin");
    byte[] chunk = bytes(100, 20);
    String uploadId = store().startMultipartUpload(uri);
    String etag = upload(store().presignParts(uri, uploadId, List.of(100L), TTL).get(0), chunk);

    store().abortMultipartUpload(uri, uploadId);

    RegistryException e = assertThrows(RegistryException.class,
        () -> store().completeMultipartUpload(uri, uploadId, List.of(new CompletedPart(1, etag))));
    assertEquals(ErrorCode.FAILED_PRECONDITION, e.code());
    assertTrue(store().describe(uri).isEmpty());
  }

  @Test
  void givenCompletedUpload_whenCompletedAgain_thenItSucceedsOrIsFailedPreconditionAndTheObjectStays() {
    String uri = freshUri("big.bin");
    byte[] chunk = bytes(500, 21);
    String uploadId = store().startMultipartUpload(uri);
    String etag = upload(store().presignParts(uri, uploadId, List.of(500L), TTL).get(0), chunk);
    store().completeMultipartUpload(uri, uploadId, List.of(new CompletedPart(1, etag)));

    try {
      store().completeMultipartUpload(uri, uploadId, List.of(new CompletedPart(1, etag)));
    } catch (RegistryException e) {
      assertEquals(ErrorCode.FAILED_PRECONDITION, e.code());
    }

    assertEquals(sha256Hex(chunk), store().computeSha256(uri));
  }

  // ---- helpers

  protected String freshUri(String filename) {
    return store().uriFor("contract/" + UUID.randomUUID() + "/" + filename);
  }

  protected static byte[] bytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  protected static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
