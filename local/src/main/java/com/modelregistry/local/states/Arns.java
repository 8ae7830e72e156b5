package com.modelregistry.local.states;

import com.modelregistry.local.aws.AwsServiceError;
import com.modelregistry.local.sam.LocalStack;

/**
 * ARNs and names of the local Step Functions:
 * {@code arn:aws:states:us-east-1:000000000000:stateMachine:<name>} and
 * {@code arn:aws:states:us-east-1:000000000000:execution:<state machine>:<name>}.
 */
final class Arns {

  static final String PREFIX = "arn:aws:states:" + LocalStack.REGION + ":" + LocalStack.ACCOUNT_ID + ":";
  private static final int MAX_NAME = 80;
  private static final String FORBIDDEN = "<>{}[]?*\"#%\\^|~`$&,;:/";

  private Arns() {}

  static String stateMachine(String name) {
    return PREFIX + "stateMachine:" + name;
  }

  static String execution(String stateMachineName, String name) {
    return PREFIX + "execution:" + stateMachineName + ":" + name;
  }

  /**
   * Checks that the text is a state machine ARN (of any region or account: those simply don't exist here).
   *
   * @throws AwsServiceError {@code InvalidArn}
   */
  static void checkStateMachineArn(String arn) {
    checkResourceType(arn, "stateMachine");
  }

  /**
   * @throws AwsServiceError {@code InvalidArn}
   */
  static void checkExecutionArn(String arn) {
    checkResourceType(arn, "execution");
  }

  private static void checkResourceType(String arn, String expected) {
    String[] parts = arn.split(":", -1);
    if (parts.length < 7 || !parts[0].equals("arn") || !parts[2].equals("states")) {
      throw new AwsServiceError("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: " + arn + "'");
    }
    if (!parts[5].equals(expected)) {
      throw new AwsServiceError("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: " + parts[5] + "'");
    }
    if (parts[6].isEmpty() || (expected.equals("execution") && (parts.length < 8 || parts[7].isEmpty()))) {
      throw new AwsServiceError("InvalidArn", "Invalid Arn: 'Invalid ARN: " + arn + "'");
    }
  }

  /**
   * Checks a state machine or execution name as AWS does: 1 to 80 characters, no whitespace, none of
   * {@code < > { } [ ] ? * " # % \ ^ | ~ ` $ & , ; : /}, no control characters.
   *
   * @throws AwsServiceError {@code InvalidName}
   */
  static void checkName(String name) {
    boolean valid = !name.isEmpty() && name.codePointCount(0, name.length()) <= MAX_NAME;
    for (int i = 0; valid && i < name.length(); i++) {
      char c = name.charAt(i);
      valid = !Character.isWhitespace(c) && FORBIDDEN.indexOf(c) < 0 && !Character.isISOControl(c);
    }
    if (!valid) {
      throw new AwsServiceError("InvalidName", "Invalid Name: '" + name + "'");
    }
  }
}
