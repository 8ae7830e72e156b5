package com.modelregistry.local.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.modelregistry.local.sam.FunctionDefinition;
import com.modelregistry.local.sam.LocalStack;

/** The Lambda context of one local invocation: its request id, the function's identity, and its deadline. */
final class LocalLambdaContext implements Context {

  private final String requestId;
  private final FunctionDefinition function;
  private final long deadlineMillis;

  LocalLambdaContext(String requestId, FunctionDefinition function) {
    this.requestId = requestId;
    this.function = function;
    this.deadlineMillis = System.currentTimeMillis() + function.timeoutSeconds() * 1000L;
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + function.functionName();
  }

  @Override
  public String getLogStreamName() {
    return "local";
  }

  @Override
  public String getFunctionName() {
    return function.functionName();
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:" + LocalStack.REGION + ":" + LocalStack.ACCOUNT_ID + ":function:" + function.functionName();
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return (int) Math.max(0, deadlineMillis - System.currentTimeMillis());
  }

  @Override
  public int getMemoryLimitInMB() {
    return function.memorySizeMb();
  }

  @Override
  public LambdaLogger getLogger() {
    return StderrLambdaLogger.INSTANCE;
  }
}
