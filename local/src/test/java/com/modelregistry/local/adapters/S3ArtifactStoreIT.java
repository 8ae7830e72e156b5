package com.modelregistry.local.adapters;

import com.modelregistry.aws.S3ArtifactStore;
import com.modelregistry.core.port.ArtifactStore;
import com.modelregistry.local.LocalRuntime;
import com.modelregistry.local.Options;
import com.modelregistry.local.lambda.LocalFunction;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 adapter passes the artifact store contract against the embedded S3 server: presigned
 * requests are sent over real HTTP, as a client would send them.
 */
class S3ArtifactStoreIT extends S3ArtifactStoreSuite {
  @TempDir static Path dataDir;
  private static LocalRuntime runtime;
  private static S3Client s3;
  private static ArtifactStore store;

  @BeforeAll
  static void start() {
    runtime = LocalRuntime.start(Options.defaults().withPort(0).withAwsPort(0).withDataDir(dataDir));
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
  protected S3Client s3() {
    return s3;
  }
}
