package com.modelregistry.local.events;

import com.modelregistry.local.aws.AwsServiceError;
import com.modelregistry.local.sam.LocalStack;
import java.util.regex.Pattern;

/** EventBridge's names and ARNs in the local account and region, and AWS's rules for them. */
final class EventBridgeNames {

  static final String DEFAULT_BUS = "default";

  private static final String ARN_PREFIX = "arn:aws:events:" + LocalStack.REGION + ":" + LocalStack.ACCOUNT_ID + ":";
  private static final Pattern RULE_NAME = Pattern.compile("[\\.\\-_A-Za-z0-9]{1,64}");
  private static final Pattern TARGET_ID = Pattern.compile("[\\.\\-_A-Za-z0-9]{1,64}");
  private static final Pattern BUS_NAME = Pattern.compile("[/\\.\\-_A-Za-z0-9]{1,256}");
  private static final Pattern BUS_ARN = Pattern.compile("arn:aws[\\w-]*:events:[a-z0-9-]+:[0-9]{12}:event-bus/(.+)");

  private EventBridgeNames() {}

  static String busArn(String bus) {
    return ARN_PREFIX + "event-bus/" + bus;
  }

  /** Rules on the default bus are {@code rule/NAME}, on other buses {@code rule/BUS/NAME}. */
  static String ruleArn(String bus, String rule) {
    return ARN_PREFIX + "rule/" + (bus.equals(DEFAULT_BUS) ? "" : bus + "/") + rule;
  }

  /** The bus an {@code EventBusName} parameter (a name or an ARN; null: default) names. */
  static String busName(String nameOrArn, String field) {
    if (nameOrArn == null || nameOrArn.isEmpty()) {
      return DEFAULT_BUS;
    }
    if (nameOrArn.startsWith("arn:")) {
      var matcher = BUS_ARN.matcher(nameOrArn);
      if (!matcher.matches()) {
        throw new AwsServiceError("ValidationException",
            "Parameter " + nameOrArn + " is not valid. Reason: Provided Arn is not in correct format.");
      }
      return matcher.group(1);
    }
    if (!BUS_NAME.matcher(nameOrArn).matches()) {
      throw patternError(nameOrArn, field, "[/\\.\\-_A-Za-z0-9]+");
    }
    return nameOrArn;
  }

  static String ruleName(String name, String field) {
    if (name == null) {
      throw new AwsServiceError("ValidationException",
          "1 validation error detected: Value null at '" + field + "' failed to satisfy constraint: Member must not be null");
    }
    if (!RULE_NAME.matcher(name).matches()) {
      throw name.length() > 64
          ? lengthError(name, field, 64)
          : patternError(name, field, "[\\.\\-_A-Za-z0-9]+");
    }
    return name;
  }

  static String targetId(String id, String field) {
    if (id == null) {
      throw new AwsServiceError("ValidationException",
          "1 validation error detected: Value null at '" + field + "' failed to satisfy constraint: Member must not be null");
    }
    if (!TARGET_ID.matcher(id).matches()) {
      throw id.length() > 64 ? lengthError(id, field, 64) : patternError(id, field, "[\\.\\-_A-Za-z0-9]+");
    }
    return id;
  }

  private static AwsServiceError patternError(String value, String field, String pattern) {
    return new AwsServiceError("ValidationException", "1 validation error detected: Value '" + value + "' at '" + field
        + "' failed to satisfy constraint: Member must satisfy regular expression pattern: " + pattern);
  }

  private static AwsServiceError lengthError(String value, String field, int max) {
    return new AwsServiceError("ValidationException", "1 validation error detected: Value '" + value + "' at '" + field
        + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
  }
}
