package com.modelregistry.local.states.asl;

import java.util.regex.Pattern;

/**
 * What a Task state runs. Supported: a Lambda function ARN (the effective input is the payload, the
 * function's output the result) and the optimized Lambda integration {@code arn:aws:states:::lambda:invoke}
 * (Parameters {@code FunctionName}, {@code Payload}, ...; the result is Lambda's Invoke response) with its
 * callback variant {@code .waitForTaskToken}.
 */
public sealed interface TaskResource permits TaskResource.LambdaFunction, TaskResource.LambdaInvoke {

  Pattern LAMBDA_ARN = Pattern.compile("arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]{1,140}(:[A-Za-z0-9_$-]{1,129})?");
  String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
  String WAIT_FOR_TASK_TOKEN = ".waitForTaskToken";

  /** The Resource field as written. */
  String arn();

  /**
   * @throws IllegalArgumentException for a resource the local runtime can't run (the message lists what it can)
   */
  static TaskResource parse(String arn) {
    if (LAMBDA_ARN.matcher(arn).matches()) {
      return new LambdaFunction(arn);
    }
    if (arn.equals(LAMBDA_INVOKE)) {
      return new LambdaInvoke(arn, false);
    }
    if (arn.equals(LAMBDA_INVOKE + WAIT_FOR_TASK_TOKEN)) {
      return new LambdaInvoke(arn, true);
    }
    throw new IllegalArgumentException("The resource '" + arn + "' is not supported by the local runtime (supported: "
        + "Lambda function ARNs, " + LAMBDA_INVOKE + " and " + LAMBDA_INVOKE + WAIT_FOR_TASK_TOKEN + ")");
  }

  /** A Lambda function ARN used directly as the Resource. */
  record LambdaFunction(String arn) implements TaskResource {}

  /** The optimized integration; {@code waitForTaskToken}: the task waits for SendTaskSuccess/Failure. */
  record LambdaInvoke(String arn, boolean waitForTaskToken) implements TaskResource {

    /** The history's {@code resourceType}. */
    public String resourceType() {
      return "lambda";
    }

    /** The history's {@code resource}: {@code invoke} or {@code invoke.waitForTaskToken}. */
    public String resource() {
      return waitForTaskToken ? "invoke" + WAIT_FOR_TASK_TOKEN : "invoke";
    }
  }
}
