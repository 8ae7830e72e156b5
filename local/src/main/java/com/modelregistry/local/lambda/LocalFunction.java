package com.modelregistry.local.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.modelregistry.aws.AwsClients;
import com.modelregistry.aws.Config;
import com.modelregistry.local.sam.FunctionDefinition;
import com.modelregistry.local.sam.LocalStack;
import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A function of the template, instantiated in-process: its environment as Lambda would set it, the
 * {@link Config} and {@link AwsClients} built from it, and its handler. One handler instance serves
 * concurrent requests, so handlers must be thread-safe (they are stateless by convention).
 */
public final class LocalFunction implements AutoCloseable {

  private final FunctionDefinition definition;
  private final Config config;
  private final AwsClients clients;
  private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler;

  private LocalFunction(FunctionDefinition definition, Config config, AwsClients clients,
      RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
    this.definition = definition;
    this.config = config;
    this.clients = clients;
    this.handler = handler;
  }

  /**
   * Builds the function's Config from its template environment (plus what Lambda and the local S3
   * server need), and its handler through the handler class's {@code (Config, AwsClients)} constructor.
   * The SDK's endpoint and credential system properties must be set before.
   */
  public static LocalFunction create(FunctionDefinition definition, DynamoDbClient dynamoDb) {
    String name = definition.logicalId();
    if (!definition.handlerMethod().equals("handleRequest")) {
      throw new IllegalStateException(name + ": Handler " + definition.handler()
          + ": the local runtime calls RequestHandler.handleRequest, not " + definition.handlerMethod());
    }
    Config config;
    try {
      config = Config.fromEnvironment(environment(definition));
    } catch (IllegalStateException e) {
      throw new IllegalStateException(name + ": " + e.getMessage(), e);
    }
    AwsClients clients = AwsClients.withDynamoDb(config, dynamoDb);
    try {
      return new LocalFunction(definition, config, clients, instantiate(definition, config, clients));
    } catch (RuntimeException e) {
      closeClients(clients);
      throw e;
    }
  }

  /** The environment Lambda would give the function: the template's variables and the region. */
  private static Map<String, String> environment(FunctionDefinition definition) {
    Map<String, String> environment = new LinkedHashMap<>(definition.environment());
    environment.put(Config.REGION_VARIABLE, LocalStack.REGION);
    environment.put("S3_FORCE_PATH_STYLE", "true"); // the local S3 server has no per-bucket host names
    return environment;
  }

  @SuppressWarnings("unchecked")
  private static RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> instantiate(
      FunctionDefinition definition, Config config, AwsClients clients) {
    String name = definition.logicalId();
    String className = definition.handlerClass();
    try {
      Class<?> handlerClass = Class.forName(className);
      if (!RequestHandler.class.isAssignableFrom(handlerClass)) {
        throw new IllegalStateException(name + ": " + className + " does not implement RequestHandler");
      }
      return (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>)
          handlerClass.getConstructor(Config.class, AwsClients.class).newInstance(config, clients);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(name + ": handler class " + className + " is not on the classpath", e);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(name + ": " + className + " has no public constructor (Config, AwsClients)", e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(name + ": " + className + " failed to start: " + e.getCause().getMessage(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(name + ": can't instantiate " + className + ": " + e.getMessage(), e);
    }
  }

  /** Calls the handler as Lambda would, with a fresh request id and the function's timeout as deadline. */
  public APIGatewayV2HTTPResponse invoke(APIGatewayV2HTTPEvent event) {
    return handler.handleRequest(event, new LocalLambdaContext(UUID.randomUUID().toString(), definition));
  }

  public FunctionDefinition definition() {
    return definition;
  }

  public Config config() {
    return config;
  }

  /** The SDK clients the handler got (DynamoDB in-process, S3 at the local server). */
  public AwsClients clients() {
    return clients;
  }

  @Override
  public void close() {
    closeClients(clients);
  }

  /** Closes the SDK clients built for the function (not the runtime's in-process DynamoDB client). */
  private static void closeClients(AwsClients clients) {
    clients.close();
  }
}
