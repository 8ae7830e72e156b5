package com.modelregistry.aws;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The function's configuration: environment variables set by template.yaml, parsed once. A missing
 * required variable fails fast at start-up, with its name. The promotion variables are set only on the
 * functions that use them; {@code approvalBaseUrl} is APPROVAL_BASE_URL when set, else API_URL.
 */
public record Config(
    String region,
    String modelsTable,
    String artifactsBucket,
    boolean s3ForcePathStyle,
    long multipartThresholdBytes,
    long multipartPartBytes,
    Duration uploadUrlTtl,
    Duration downloadUrlTtl,
    int maxBodyBytes,
    String rolesClaim,
    String eventBusName,
    String promotionStateMachineArn,
    String approvalBaseUrl,
    String senderEmail,
    String approvalSecretArn) {

  /** Every variable this code reads; template.yaml must set each one (a test checks it). */
  public static final List<String> VARIABLES = List.of(
      "MODELS_TABLE", "ARTIFACTS_BUCKET", "S3_FORCE_PATH_STYLE", "MULTIPART_THRESHOLD_BYTES",
      "MULTIPART_PART_BYTES", "UPLOAD_URL_TTL_SECONDS", "DOWNLOAD_URL_TTL_SECONDS", "MAX_BODY_BYTES",
      "ROLES_CLAIM", "EVENT_BUS_NAME", "PROMOTION_STATE_MACHINE_ARN", "APPROVAL_BASE_URL", "API_URL", "SENDER_EMAIL",
      "APPROVAL_SECRET_ARN");

  /** Set by the Lambda runtime itself (reserved: a template can't set it). */
  public static final String REGION_VARIABLE = "AWS_REGION";

  public static Config fromEnvironment(Map<String, String> env) {
    return new Config(
        env.getOrDefault(REGION_VARIABLE, "us-east-1"),
        required(env, "MODELS_TABLE"),
        required(env, "ARTIFACTS_BUCKET"),
        Boolean.parseBoolean(env.getOrDefault("S3_FORCE_PATH_STYLE", "false")),
        positiveLong(env, "MULTIPART_THRESHOLD_BYTES", 100L * 1024 * 1024),
        positiveLong(env, "MULTIPART_PART_BYTES", 64L * 1024 * 1024),
        Duration.ofSeconds(positiveLong(env, "UPLOAD_URL_TTL_SECONDS", 3600)),
        Duration.ofSeconds(positiveLong(env, "DOWNLOAD_URL_TTL_SECONDS", 900)),
        (int) positiveLong(env, "MAX_BODY_BYTES", 1024 * 1024),
        env.getOrDefault("ROLES_CLAIM", "cognito:groups"),
        optional(env, "EVENT_BUS_NAME"),
        optional(env, "PROMOTION_STATE_MACHINE_ARN"),
        optional(env, "APPROVAL_BASE_URL") != null ? optional(env, "APPROVAL_BASE_URL") : optional(env, "API_URL"),
        optional(env, "SENDER_EMAIL"),
        optional(env, "APPROVAL_SECRET_ARN"));
  }

  /**
   * A variable only some functions need (e.g. the state machine ARN, only the API function's): read it
   * with this, and fail with its name where it is used.
   */
  public static String require(String value, String variable) {
    if (value == null) {
      throw new IllegalStateException("environment variable " + variable + " is not set for this function "
          + "(template.yaml sets it on the functions that need it)");
    }
    return value;
  }

  private static String optional(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("environment variable " + name + " is not set (template.yaml sets it)");
    }
    return value;
  }

  private static long positiveLong(Map<String, String> env, String name, long defaultValue) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed <= 0) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalStateException("environment variable " + name + " must be a positive integer, got '" + value + "'");
    }
  }
}
