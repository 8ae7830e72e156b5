package com.modelregistry.local.lambda;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The function's log, which in AWS goes to CloudWatch: here, standard error. */
final class StderrLambdaLogger implements LambdaLogger {

  static final StderrLambdaLogger INSTANCE = new StderrLambdaLogger();

  private StderrLambdaLogger() {}

  @Override
  public void log(String message) {
    System.err.print(message.endsWith("\n") ? message : message + "\n");
    System.err.flush();
  }

  @Override
  public void log(byte[] message) {
    try {
      System.err.write(message);
      System.err.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
