package com.modelregistry.local.adapters;

import com.modelregistry.core.port.ArtifactStore.PresignedRequest;
import com.modelregistry.core.testing.RefusedRequestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * How the S3 artifact store contract ITs reach an S3 endpoint (the embedded server, or LocalStack):
 * presigned requests sent over real HTTP, as a client would send them, and writes behind the registry's
 * back through the SDK.
 */
public final class PresignedHttp {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private PresignedHttp() {}

  /**
   * Sends the bytes to a presigned PUT with the request's headers.
   *
   * @return the ETag storage answered
   * @throws RefusedRequestException with S3's error code when it answered an error status
   */
  public static String upload(PresignedRequest request, byte[] bytes) {
    HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(request.url()))
        .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(bytes));
    request.headers().forEach((name, value) -> {
      if (!name.equalsIgnoreCase("content-length")) {
        put.header(name, value);
      }
    });
    HttpResponse<String> response = send(put.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new RefusedRequestException(response.statusCode(), errorCode(response.body()), response.body());
    }
    return response.headers().firstValue("ETag").orElseThrow();
  }

  /** Writes {@code s3://bucket/key} directly with the SDK, without a checksum. */
  public static void putDirect(S3Client s3, String uri, byte[] bytes) {
    String bucket = uri.substring(5, uri.indexOf('/', 5));
    String key = uri.substring(uri.indexOf('/', 5) + 1);
    s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
  }

  /** Fetches a presigned GET; @throws RefusedRequestException unless storage answered 200. */
  public static byte[] download(PresignedRequest get) {
    HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create(get.url())).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new RefusedRequestException(response.statusCode(), "HTTP" + response.statusCode(), "download refused");
    }
    return response.body();
  }

  private static String errorCode(String xml) {
    int start = xml.indexOf("<Code>");
    int end = xml.indexOf("</Code>");
    return start >= 0 && end > start ? xml.substring(start + 6, end) : "unknown";
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
}
