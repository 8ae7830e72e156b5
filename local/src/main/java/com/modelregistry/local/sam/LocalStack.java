package com.modelregistry.local.sam;

import java.util.Locale;

/** The fixed identity of the local "deployment": region, account, stack name and resource names. */
public final class LocalStack {

  public static final String REGION = "us-east-1";
  public static final String ACCOUNT_ID = "000000000000";
  public static final String STACK_NAME = "model-registry-local";

  private LocalStack() {}

  /** A bucket's local name: {@code ArtifactsBucket} → {@code model-registry-artifacts-bucket}. */
  public static String bucketName(String logicalId) {
    return "model-registry-" + kebabCase(logicalId);
  }

  /** A function's local name, as CloudFormation would prefix it with the stack name. */
  public static String functionName(String logicalId) {
    return STACK_NAME + "-" + logicalId;
  }

  static String kebabCase(String logicalId) {
    return logicalId.replaceAll("([a-z0-9])([A-Z])", "$1-$2")
        .replaceAll("([A-Z]+)([A-Z][a-z])", "$1-$2")
        .toLowerCase(Locale.ROOT);
  }
}
