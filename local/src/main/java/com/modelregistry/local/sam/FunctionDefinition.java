package com.modelregistry.local.sam;

import java.util.List;
import java.util.Map;

/**
 * An {@code AWS::Serverless::Function} of the template, with Globals applied and intrinsics resolved.
 *
 * @param handler e.g. {@code com.modelregistry.api.ApiHandler::handleRequest}
 * @param environment Globals' variables overlaid by the function's own, resolved to local values
 * @param streamEvents its events of {@code Type: DynamoDB} (table streams it reads)
 */
public record FunctionDefinition(
    String logicalId,
    String handler,
    String codeUri,
    Map<String, String> environment,
    List<HttpRoute> routes,
    int timeoutSeconds,
    int memorySizeMb,
    List<StreamEventSource> streamEvents) {

  public FunctionDefinition {
    environment = Map.copyOf(environment);
    routes = List.copyOf(routes);
    streamEvents = List.copyOf(streamEvents);
  }

  /** {@code arn:aws:lambda:<region>:<account>:function:<name>}, what {@code !GetAtt Fn.Arn} gives. */
  public String functionArn() {
    return "arn:aws:lambda:" + LocalStack.REGION + ":" + LocalStack.ACCOUNT_ID + ":function:" + functionName();
  }

  public String functionName() {
    return LocalStack.functionName(logicalId);
  }

  /** The class part of {@link #handler()}. */
  public String handlerClass() {
    int separator = handler.indexOf("::");
    return separator < 0 ? handler : handler.substring(0, separator);
  }

  /** The method part of {@link #handler()}; {@code handleRequest} when the handler names only a class. */
  public String handlerMethod() {
    int separator = handler.indexOf("::");
    return separator < 0 ? "handleRequest" : handler.substring(separator + 2);
  }
}
