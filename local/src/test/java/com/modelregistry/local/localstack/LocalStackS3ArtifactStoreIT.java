package com.modelregistry.local.localstack;

import com.modelregistry.aws.S3ArtifactStore;
import com.modelregistry.core.port.ArtifactStore;
import com.modelregistry.local.adapters.S3ArtifactStoreSuite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.testcontainers.junit.jupiter.Testcontainers;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The S3 adapter passes the artifact store contract against LocalStack's S3, on the bucket provisioned
 * from template.yaml; presigned requests go over real HTTP, as in {@code S3ArtifactStoreIT}. Runs with
 * {@code -Plocalstack} where a Docker engine runs; skipped otherwise.
 */
@EnabledIfSystemProperty(named = "localstack.tests", matches = "true",
    disabledReason = "LocalStack ITs run only in the -Plocalstack Failsafe execution")
@Testcontainers(disabledWithoutDocker = true)
class LocalStackS3ArtifactStoreIT extends S3ArtifactStoreSuite {
  private static S3Client s3;
  private static S3Presigner presigner;
  private static ArtifactStore store;

  @BeforeAll
  static void start() {
    LocalStackEnvironment localStack = LocalStackEnvironment.shared();
    s3 = localStack.s3();
    presigner = localStack.s3Presigner();
    store = new S3ArtifactStore(s3, presigner, localStack.config().artifactsBucket());
  }

  @AfterAll
  static void stop() {
    if (s3 != null) {
      s3.close();
    }
    if (presigner != null) {
      presigner.close();
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
