package com.modelregistry.local.adapters;

import com.modelregistry.aws.S3ArtifactStore;
import com.modelregistry.core.port.ArtifactStore;
import com.modelregistry.core.port.ArtifactStore.PresignedRequest;
import com.modelregistry.core.testing.ArtifactStoreContract;
import com.modelregistry.core.testing.RefusedRequestException;
import com.modelregistry.local.LocalRuntime;
import com.modelregistry.local.Options;
import com.modelregistry.local.lambda.LocalFunction;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 adapter passes the artifact store contract against the embedded S3 server: presigned
 * requests are sent over real HTTP, as a client would send them.
 */
class S3ArtifactStoreIT extends ArtifactStoreContract {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir static Path dataDir;
  private static LocalRuntime runtime;
  private static S3Client s3;
  private static ArtifactStore store;

  @BeforeAll
  static void start() {
    runtime = LocalRuntime.start(Options.defaults().withPort(0).withDataDir(dataDir));
    LocalFunction api = runtime.function("ApiFunction");
    s3 = api.clients().s3();
    store = new S3ArtifactStore(s3, api.clients().s3Presigner(), api.config().artifactsBucket());
  }

  @AfterAll
  static void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Override
  protected ArtifactStore store() {
    return store;
  }

  @Override
  protected String upload(PresignedRequest request, byte[] bytes) {
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

  @Override
  protected void putDirect(String uri, byte[] bytes) {
    String bucket = uri.substring(5, uri.indexOf('/', 5));
    String key = uri.substring(uri.indexOf('/', 5) + 1);
    s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
  }

  @Override
  protected byte[] download(PresignedRequest get) {
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
