package com.modelregistry.local;

/**
 * The fixed credentials of the local runtime. The embedded S3 server accepts only requests signed with
 * them, and the runtime hands them to the SDK through its standard system properties.
 */
public final class LocalCredentials {

  public static final String ACCESS_KEY_ID = "local";
  public static final String SECRET_ACCESS_KEY = "localsecret";

  private LocalCredentials() {}
}
