package com.modelregistry.aws;

import com.modelregistry.core.RegistryException;
import com.modelregistry.core.port.ArtifactStore;
import com.modelregistry.core.service.Hashing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * {@link ArtifactStore} on S3. Uploads and downloads go straight between the client and S3 through
 * presigned URLs; a single PUT is signed with the declared SHA-256, so S3 itself refuses other bytes.
 */
public final class S3ArtifactStore implements ArtifactStore {
  private final S3Client s3;
  private final S3Presigner presigner;
  private final String bucket;

  public S3ArtifactStore(S3Client s3, S3Presigner presigner, String bucket) {
    this.s3 = s3;
    this.presigner = presigner;
    this.bucket = bucket;
  }

  @Override
  public String uriFor(String key) {
    return "s3://" + bucket + "/" + key;
  }

  @Override
  public boolean supports(String uri) {
    return uri != null && uri.startsWith("s3://") && uri.indexOf('/', 5) > 5;
  }

  @Override
  public ArtifactStore.PresignedRequest presignPut(String uri, long sizeBytes, String sha256Hex, Duration ttl) {
    S3Location location = S3Location.parse(uri);
    String checksum = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex));
    return toPresigned(presigner.presignPutObject(p -> p.signatureDuration(ttl).putObjectRequest(
        put -> put.bucket(location.bucket()).key(location.key()).checksumSHA256(checksum))), null);
  }

  @Override
  public String startMultipartUpload(String uri) {
    S3Location location = S3Location.parse(uri);
    return s3.createMultipartUpload(r -> r.bucket(location.bucket()).key(location.key())).uploadId();
  }

  @Override
  public List<ArtifactStore.PresignedRequest> presignParts(String uri, String uploadId, List<Long> partSizes, Duration ttl) {
    S3Location location = S3Location.parse(uri);
    List<ArtifactStore.PresignedRequest> parts = new ArrayList<>();
    for (int i = 0; i < partSizes.size(); i++) {
      int partNumber = i + 1;
      parts.add(toPresigned(presigner.presignUploadPart(p -> p.signatureDuration(ttl).uploadPartRequest(
          part -> part.bucket(location.bucket()).key(location.key()).uploadId(uploadId).partNumber(partNumber))),
          partNumber));
    }
    return parts;
  }

  @Override
  public void completeMultipartUpload(String uri, String uploadId, List<CompletedPart> parts) {
    S3Location location = S3Location.parse(uri);
    List<software.amazon.awssdk.services.s3.model.CompletedPart> completed = parts.stream()
        .sorted(java.util.Comparator.comparingInt(CompletedPart::partNumber))
        .map(p -> software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(p.partNumber()).eTag(p.etag()).build())
        .toList();
    try {
      s3.completeMultipartUpload(r -> r.bucket(location.bucket()).key(location.key()).uploadId(uploadId)
          .multipartUpload(CompletedMultipartUpload.builder().parts(completed).build()));
    } catch (NoSuchUploadException e) {
      throw RegistryException.precondition("the multipart upload of " + uri + " is no longer open (completed or aborted)");
    } catch (S3Exception e) {
      if (e.statusCode() == 400) {
        throw RegistryException.invalid("S3 refused the parts (" + e.awsErrorDetails().errorCode()
            + "): send every part's number and the ETag its PUT returned, and upload every part first");
      }
      if (e.statusCode() == 404) {
        throw RegistryException.precondition("the multipart upload of " + uri + " is no longer open (completed or aborted)");
      }
      throw e;
    }
  }

  @Override
  public void abortMultipartUpload(String uri, String uploadId) {
    S3Location location = S3Location.parse(uri);
    try {
      s3.abortMultipartUpload(r -> r.bucket(location.bucket()).key(location.key()).uploadId(uploadId));
    } catch (NoSuchUploadException e) {
      // already gone: nothing to clean up
    }
  }

  @Override
  public Optional<StoredObject> describe(String uri) {
    S3Location location = S3Location.parse(uri);
    try {
      HeadObjectResponse head = s3.headObject(r -> r.bucket(location.bucket()).key(location.key()).checksumMode(ChecksumMode.ENABLED));
      return Optional.of(new StoredObject(head.contentLength(), fullObjectSha256(head.checksumSHA256())));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      if (e.statusCode() == 403) {
        throw RegistryException.precondition("the registry may not read " + uri + " (access denied)");
      }
      throw e;
    }
  }

  @Override
  public String computeSha256(String uri) {
    S3Location location = S3Location.parse(uri);
    MessageDigest digest = Hashing.newSha256();
    try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(location.bucket()).key(location.key()))) {
      byte[] buffer = new byte[1 << 16];
      for (int read; (read = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, read);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + uri, e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  @Override
  public ArtifactStore.PresignedRequest presignGet(String uri, Duration ttl) {
    S3Location location = S3Location.parse(uri);
    return toPresigned(presigner.presignGetObject(p -> p.signatureDuration(ttl)
        .getObjectRequest(get -> get.bucket(location.bucket()).key(location.key()))), null);
  }

  /** A full-object checksum comes back as base64; a multipart composite ends in "-N" and says nothing of the whole. */
  private static String fullObjectSha256(String base64) {
    if (base64 == null || base64.contains("-")) {
      return null;
    }
    return HexFormat.of().formatHex(Base64.getDecoder().decode(base64));
  }

  private static ArtifactStore.PresignedRequest toPresigned(software.amazon.awssdk.awscore.presigner.PresignedRequest presigned, Integer partNumber) {
    Map<String, String> headers = new TreeMap<>();
    presigned.signedHeaders().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("host")) {
        headers.put(name, String.join(",", values));
      }
    });
    return new ArtifactStore.PresignedRequest(presigned.httpRequest().method().name(), presigned.url().toString(), headers,
        presigned.expiration(), partNumber);
  }

  /** An s3://bucket/key URI. */
  record S3Location(String bucket, String key) {
    static S3Location parse(String uri) {
      if (uri == null || !uri.startsWith("s3://")) {
        throw RegistryException.invalid("not an s3:// URI: " + uri);
      }
      int slash = uri.indexOf('/', 5);
      if (slash <= 5 || slash == uri.length() - 1) {
        throw RegistryException.invalid("s3 URI needs a bucket and a key: " + uri);
      }
      return new S3Location(uri.substring(5, slash), uri.substring(slash + 1));
    }
  }

}
