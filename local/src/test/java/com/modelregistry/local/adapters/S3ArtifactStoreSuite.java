package com.modelregistry.local.adapters;

import com.modelregistry.core.port.ArtifactStore.PresignedRequest;
import com.modelregistry.core.testing.ArtifactStoreContract;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The artifact store contract for {@code S3ArtifactStore} on any S3 endpoint: presigned requests go over real
 * HTTP, as a client would send them; a subclass says which S3 (the embedded server, LocalStack).
 */
public abstract class S3ArtifactStoreSuite extends ArtifactStoreContract {

  /** The client of the S3 the store under test uses, for writing objects behind its back. */
  protected abstract S3Client s3();

  @Override
  protected String upload(PresignedRequest request, byte[] bytes) {
    return PresignedHttp.upload(request, bytes);
  }

  @Override
  protected void putDirect(String uri, byte[] bytes) {
    PresignedHttp.putDirect(s3(), uri, bytes);
  }

  @Override
  protected byte[] download(PresignedRequest get) {
    return PresignedHttp.download(get);
  }
}
