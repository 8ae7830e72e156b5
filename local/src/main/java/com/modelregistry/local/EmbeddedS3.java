package com.modelregistry.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * An S3-compatible server (s3proxy) on 127.0.0.1 storing objects as files under the data directory. It
 * checks SigV4 signatures (also of presigned URLs) and {@code x-amz-checksum-sha256} on PUT.
 */
final class EmbeddedS3 implements AutoCloseable {

  private static final String HOST = "127.0.0.1";

  private final BlobStore blobStore;
  private final S3Proxy s3Proxy;

  private EmbeddedS3(BlobStore blobStore, S3Proxy s3Proxy) {
    this.blobStore = blobStore;
    this.s3Proxy = s3Proxy;
  }

  /** Starts on {@code port} (0: any free port), accepting only requests signed with the local credentials. */
  static EmbeddedS3 start(Path directory, int port) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("can't create " + directory, e);
    }
    BlobStore blobStore = new FilesystemNio2BlobStore(directory.toString());
    S3Proxy s3Proxy = S3Proxy.builder()
        .blobStore(blobStore)
        .endpoint(URI.create("http://" + HOST + ":" + port))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, LocalCredentials.ACCESS_KEY_ID, LocalCredentials.SECRET_ACCESS_KEY)
        // Browsers upload with presigned URLs; multipart completion needs to read each part's ETag.
        .corsRules(new CrossOriginResourceSharing(List.of("*"), List.of("GET", "HEAD", "PUT", "POST", "DELETE"),
            List.of("*"), List.of("ETag", "x-amz-checksum-sha256", "x-amz-version-id"), null))
        .build();
    try {
      s3Proxy.start();
    } catch (Exception e) {
      blobStore.close();
      throw new IllegalStateException("can't start the S3 server on " + HOST + ":" + port + ": " + e.getMessage(), e);
    }
    return new EmbeddedS3(blobStore, s3Proxy);
  }

  int port() {
    return s3Proxy.getPort();
  }

  URI endpoint() {
    return URI.create("http://" + HOST + ":" + port());
  }

  void createBuckets(List<String> bucketNames) {
    for (String bucket : bucketNames) {
      if (!blobStore.containerExists(bucket)) {
        blobStore.createContainer(bucket);
      }
    }
  }

  @Override
  public void close() {
    try {
      s3Proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("can't stop the S3 server: " + e.getMessage(), e);
    } finally {
      blobStore.close();
    }
  }
}
