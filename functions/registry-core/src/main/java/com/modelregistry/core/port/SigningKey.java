package com.modelregistry.core.port;

/** The secret key approval links are signed with (Secrets Manager in AWS); fetched once, then cached. */
public interface SigningKey {

  byte[] bytes();
}
