package com.modelregistry.core.testing;

import com.modelregistry.core.RegistryException;
import com.modelregistry.core.port.ArtifactStore;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link ArtifactStore} in memory that behaves like S3 where the registry depends on it. URIs are
 * {@code mem://artifacts/<key>}; presigned requests are fake URLs ({@code <uri>?op=put&sig=...}) that only
 * {@link #upload} and {@link #download} honour, and only before they expire (by the store's clock):
 * <ul>
 *   <li>a presigned PUT carries the signed header {@code x-amz-checksum-sha256} (base64 of the SHA-256
 *       digest); a request without it is refused (403), bytes that don't match it are refused (400
 *       BadDigest) and nothing is stored;</li>
 *   <li>multipart: parts answer an ETag (quoted hex MD5); completing concatenates the listed parts in
 *       order, checks their ETags, ascending numbers and S3's minimum part size (5 MiB by default) for
 *       all parts but the last; an unknown (completed, aborted) upload id is FAILED_PRECONDITION;</li>
 *   <li>{@link #describe} reports the size and, unless built with {@code reportsChecksums}, no SHA-256
 *       (like S3 for multipart uploads), so the registry takes its {@link #computeSha256} path.</li>
 * </ul>
 * {@link #putDirect} writes an object bypassing every check: a corrupted or out-of-band write.
 * {@link #serveAlso} makes the store read another URI prefix (e.g. an {@code s3://} training bucket).
 */
public final class InMemoryArtifactStore implements ArtifactStore {
  public static final String URI_PREFIX = "mem://artifacts/";
  public static final String CHECKSUM_HEADER = "x-amz-checksum-sha256";
  public static final long S3_MINIMUM_PART_SIZE = 5L * 1024 * 1024;

  private final Clock clock;
  private final long minimumPartSize;
  private final boolean reportsChecksums;
  private final Set<String> servedPrefixes = ConcurrentHashMap.newKeySet();
  private final Map<String, Blob> objects = new HashMap<>();
  private final Map<String, OpenUpload> uploads = new HashMap<>();
  private final Map<String, Grant> grants = new HashMap<>();
  private final AtomicInteger shaComputations = new AtomicInteger();

  private record Blob(byte[] bytes, String sha256Hex) {}

  private record Part(byte[] bytes, String etag) {}

  private record OpenUpload(String uri, Map<Integer, Part> parts) {}

  /** What a presigned URL allows: the operation, the object, the headers it was signed with, until when. */
  private record Grant(String op, String uri, String url, Map<String, String> signedHeaders, Instant expiresAt,
      String uploadId, Integer partNumber) {}

  /** S3-like: system clock, 5 MiB minimum part size, no full-object checksum in {@link #describe}. */
  public InMemoryArtifactStore() {
    this(Clock.systemUTC());
  }

  public InMemoryArtifactStore(Clock clock) {
    this(clock, S3_MINIMUM_PART_SIZE, false);
  }

  /**
   * @param minimumPartSize the least size of every part but the last (S3: 5 MiB); 1 allows tiny parts
   * @param reportsChecksums whether {@link #describe} returns the SHA-256 of objects uploaded with a
   *     checksum header (as S3 does for single PUTs with a full-object checksum)
   */
  public InMemoryArtifactStore(Clock clock, long minimumPartSize, boolean reportsChecksums) {
    this.clock = clock;
    this.minimumPartSize = minimumPartSize;
    this.reportsChecksums = reportsChecksums;
  }

  /** Also read objects under this URI prefix, e.g. {@code s3://training-bucket/}. */
  public InMemoryArtifactStore serveAlso(String uriPrefix) {
    servedPrefixes.add(uriPrefix);
    return this;
  }

  // ---- ArtifactStore

  @Override
  public String uriFor(String key) {
    return URI_PREFIX + key;
  }

  @Override
  public boolean supports(String uri) {
    return uri != null && (uri.startsWith(URI_PREFIX) && uri.length() > URI_PREFIX.length()
        || servedPrefixes.stream().anyMatch(uri::startsWith));
  }

  @Override
  public synchronized PresignedRequest presignPut(String uri, long sizeBytes, String sha256Hex, Duration ttl) {
    requireSupported(uri);
    String checksum = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex));
    return grant("put", uri, Map.of(CHECKSUM_HEADER, checksum), ttl, null, null);
  }

  @Override
  public synchronized String startMultipartUpload(String uri) {
    requireSupported(uri);
    String uploadId = "upload-" + UUID.randomUUID();
    uploads.put(uploadId, new OpenUpload(uri, new TreeMap<>()));
    return uploadId;
  }

  @Override
  public synchronized List<PresignedRequest> presignParts(String uri, String uploadId, List<Long> partSizes,
      Duration ttl) {
    requireSupported(uri);
    List<PresignedRequest> parts = new ArrayList<>();
    for (int i = 1; i <= partSizes.size(); i++) {
      parts.add(grant("part", uri, Map.of(), ttl, uploadId, i));
    }
    return parts;
  }

  @Override
  public synchronized void completeMultipartUpload(String uri, String uploadId, List<CompletedPart> parts) {
    OpenUpload upload = uploads.get(uploadId);
    if (upload == null || !upload.uri().equals(uri)) {
      throw RegistryException.precondition("multipart upload " + uploadId + " of " + uri
          + " does not exist (already completed or aborted)");
    }
    if (parts == null || parts.isEmpty()) {
      throw RegistryException.invalid("completing a multipart upload takes at least one part");
    }
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    int previous = 0;
    for (int i = 0; i < parts.size(); i++) {
      CompletedPart listed = parts.get(i);
      if (listed.partNumber() <= previous) {
        throw RegistryException.invalid("parts must be listed in ascending partNumber order (InvalidPartOrder)");
      }
      previous = listed.partNumber();
      Part part = upload.parts().get(listed.partNumber());
      if (part == null || listed.etag() == null || !unquote(part.etag()).equals(unquote(listed.etag()))) {
        throw RegistryException.invalid("part " + listed.partNumber() + " was not uploaded or its ETag "
            + listed.etag() + " does not match (InvalidPart)");
      }
      if (i < parts.size() - 1 && part.bytes().length < minimumPartSize) {
        throw RegistryException.invalid("part " + listed.partNumber() + " has " + part.bytes().length
            + " bytes; every part but the last needs at least " + minimumPartSize + " (EntityTooSmall)");
      }
      whole.writeBytes(part.bytes());
    }
    uploads.remove(uploadId);
    objects.put(uri, new Blob(whole.toByteArray(), null));
  }

  @Override
  public synchronized void abortMultipartUpload(String uri, String uploadId) {
    OpenUpload upload = uploads.get(uploadId);
    if (upload != null && upload.uri().equals(uri)) {
      uploads.remove(uploadId);
    }
  }

  @Override
  public synchronized Optional<StoredObject> describe(String uri) {
    return Optional.ofNullable(objects.get(uri))
        .map(blob -> new StoredObject(blob.bytes().length, reportsChecksums ? blob.sha256Hex() : null));
  }

  @Override
  public String computeSha256(String uri) {
    byte[] bytes;
    synchronized (this) {
      Blob blob = objects.get(uri);
      if (blob == null) {
        throw RegistryException.precondition("no object at " + uri);
      }
      bytes = blob.bytes();
    }
    shaComputations.incrementAndGet();
    return sha256Hex(bytes);
  }

  @Override
  public synchronized PresignedRequest presignGet(String uri, Duration ttl) {
    requireSupported(uri);
    return grant("get", uri, Map.of(), ttl, null, null);
  }

  // ---- the "HTTP" side of presigned requests

  /**
   * Performs a presigned PUT (single object or part) as the storage service would receive it.
   *
   * @return the ETag the service answers (quoted hex MD5 of the bytes)
   * @throws RefusedRequestException where S3 answers an error status
   */
  public synchronized String upload(String url, byte[] bytes, Map<String, String> headers) {
    Grant grant = verifiedGrant(url, headers);
    String etag = "\"" + HexFormat.of().formatHex(digest("MD5", bytes)) + "\"";
    switch (grant.op()) {
      case "put" -> {
        String declared = header(headers, CHECKSUM_HEADER);
        String actual = Base64.getEncoder().encodeToString(digest("SHA-256", bytes));
        if (!actual.equals(declared)) {
          throw new RefusedRequestException(400, "BadDigest",
              "the SHA-256 you specified did not match the calculated checksum");
        }
        objects.put(grant.uri(), new Blob(bytes.clone(), sha256Hex(bytes)));
      }
      case "part" -> {
        OpenUpload upload = uploads.get(grant.uploadId());
        if (upload == null) {
          throw new RefusedRequestException(404, "NoSuchUpload", "the upload " + grant.uploadId() + " does not exist");
        }
        upload.parts().put(grant.partNumber(), new Part(bytes.clone(), etag));
      }
      default -> throw new RefusedRequestException(403, "SignatureDoesNotMatch", "the URL was not signed for PUT");
    }
    return etag;
  }

  /** Performs a presigned GET. @throws RefusedRequestException where S3 answers an error status */
  public synchronized byte[] download(String url) {
    Grant grant = verifiedGrant(url, Map.of());
    if (!grant.op().equals("get")) {
      throw new RefusedRequestException(403, "SignatureDoesNotMatch", "the URL was not signed for GET");
    }
    Blob blob = objects.get(grant.uri());
    if (blob == null) {
      throw new RefusedRequestException(404, "NoSuchKey", "no object at " + grant.uri());
    }
    return blob.bytes().clone();
  }

  // ---- test hooks

  /** Writes an object with no checks (an out-of-band or corrupting write); it has no known checksum. */
  public synchronized void putDirect(String uri, byte[] bytes) {
    objects.put(uri, new Blob(bytes.clone(), null));
  }

  /** The stored bytes, if any. */
  public synchronized Optional<byte[]> bytes(String uri) {
    return Optional.ofNullable(objects.get(uri)).map(blob -> blob.bytes().clone());
  }

  /** Multipart uploads started and neither completed nor aborted. */
  public synchronized int openUploads() {
    return uploads.size();
  }

  /** How often {@link #computeSha256} read a whole object. */
  public int sha256Computations() {
    return shaComputations.get();
  }

  public static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(digest("SHA-256", bytes));
  }

  // ---- helpers

  private PresignedRequest grant(String op, String uri, Map<String, String> headers, Duration ttl, String uploadId,
      Integer partNumber) {
    String sig = UUID.randomUUID().toString();
    Map<String, String> query = new LinkedHashMap<>();
    query.put("op", op);
    if (uploadId != null) {
      query.put("uploadId", uploadId);
      query.put("partNumber", String.valueOf(partNumber));
    }
    Instant expiresAt = clock.instant().plus(ttl);
    query.put("expires", String.valueOf(expiresAt.getEpochSecond()));
    query.put("sig", sig);
    StringBuilder url = new StringBuilder(uri).append('?');
    query.forEach((k, v) -> url.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
    url.setLength(url.length() - 1);
    grants.put(sig, new Grant(op, uri, url.toString(), Map.copyOf(headers), expiresAt, uploadId, partNumber));
    String method = op.equals("get") ? "GET" : "PUT";
    return new PresignedRequest(method, url.toString(), Map.copyOf(headers), expiresAt, partNumber);
  }

  private Grant verifiedGrant(String url, Map<String, String> headers) {
    int q = url == null ? -1 : url.lastIndexOf('?');
    if (q < 0) {
      throw new RefusedRequestException(403, "AccessDenied", "not a presigned URL");
    }
    Map<String, String> query = new HashMap<>();
    for (String pair : url.substring(q + 1).split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    Grant grant = grants.get(query.get("sig"));
    if (grant == null || !grant.url().equals(url)) {
      throw new RefusedRequestException(403, "SignatureDoesNotMatch", "the URL's signature does not match");
    }
    if (!clock.instant().isBefore(grant.expiresAt())) {
      throw new RefusedRequestException(403, "AccessDenied", "Request has expired");
    }
    grant.signedHeaders().forEach((name, value) -> {
      if (!value.equals(header(headers, name))) {
        throw new RefusedRequestException(403, "SignatureDoesNotMatch", "signed header " + name + " is missing or differs");
      }
    });
    return grant;
  }

  private static String header(Map<String, String> headers, String name) {
    return headers.entrySet().stream().filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(name))
        .map(Map.Entry::getValue).findFirst().orElse(null);
  }

  private void requireSupported(String uri) {
    if (!supports(uri)) {
      throw new IllegalArgumentException("the in-memory store does not serve " + uri);
    }
  }

  private static String unquote(String etag) {
    return etag.replace("\"", "");
  }

  private static byte[] digest(String algorithm, byte[] bytes) {
    try {
      return MessageDigest.getInstance(algorithm).digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
