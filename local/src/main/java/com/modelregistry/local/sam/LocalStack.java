package com.modelregistry.local.sam;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/** The fixed identity of the local "deployment": region, account, stack name and resource names. */
public final class LocalStack {

  public static final String REGION = "us-east-1";
  public static final String ACCOUNT_ID = "000000000000";
  public static final String STACK_NAME = "model-registry-local";

  /**
   * The label in {@code !GetAtt Table.StreamArn} before the runtime has created the table's stream (then it is
   * the label DynamoDB Local gave it, the stream's creation time, e.g. {@code 2026-11-23T07:33:22.130}).
   */
  public static final String UNPROVISIONED_STREAM_LABEL = "1970-01-01T00:00:00.000";

  private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String LOWERCASE_ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789";

  private LocalStack() {}

  /** A bucket's local name: {@code ArtifactsBucket} → {@code model-registry-artifacts-bucket}. */
  public static String bucketName(String logicalId) {
    return "model-registry-" + kebabCase(logicalId);
  }

  /** A function's local name, as CloudFormation would prefix it with the stack name. */
  public static String functionName(String logicalId) {
    return STACK_NAME + "-" + logicalId;
  }

  /**
   * A secret's ARN: {@code arn:aws:secretsmanager:<region>:<account>:secret:<name>-XXXXXX}. Secrets Manager
   * appends six random characters to the name; locally they are derived from the name, so the ARN is the
   * same at every start and on every machine.
   */
  public static String secretArn(String name) {
    return "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT_ID + ":secret:" + name + "-"
        + stableId(name, ALPHANUMERIC, 6);
  }

  /** A log group's ARN as {@code Fn::GetAtt LogGroup.Arn} gives it: {@code arn:aws:logs:...:log-group:<name>:*}. */
  public static String logGroupArn(String logGroupName) {
    return "arn:aws:logs:" + REGION + ":" + ACCOUNT_ID + ":log-group:" + logGroupName + ":*";
  }

  /** A table stream's ARN: {@code <table ARN>/stream/<label>}, the label being the stream's creation time. */
  public static String streamArn(String tableArn, String label) {
    return tableArn + "/stream/" + label;
  }

  /** What {@code Ref} of an HTTP API gives: an id of ten lowercase letters and digits, stable per logical id. */
  public static String apiId(String logicalId) {
    return stableId(STACK_NAME + "/" + logicalId, LOWERCASE_ALPHANUMERIC, 10);
  }

  private static String stableId(String seed, String alphabet, int length) {
    byte[] hash;
    try {
      hash = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    StringBuilder id = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      id.append(alphabet.charAt((hash[i] & 0xff) % alphabet.length()));
    }
    return id.toString();
  }

  static String kebabCase(String logicalId) {
    return logicalId.replaceAll("([a-z0-9])([A-Z])", "$1-$2")
        .replaceAll("([A-Z]+)([A-Z][a-z])", "$1-$2")
        .toLowerCase(Locale.ROOT);
  }
}
