package com.modelregistry.local.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.modelregistry.local.aws.AwsServiceError;
import com.modelregistry.local.lambda.LambdaFunctionError;
import com.modelregistry.local.lambda.LambdaInvoker;
import com.modelregistry.local.states.asl.Json;
import com.modelregistry.local.states.asl.StatesError;
import com.modelregistry.local.states.asl.TaskResource;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a Task state's Lambda call on a thread of its own (a handler may take long, or call back into
 * the service with SendTaskSuccess) and reports the outcome as Step Functions sees it: for a function ARN
 * resource the function's output; for {@code lambda:invoke} Lambda's Invoke response
 * ({@code ExecutedVersion}, {@code Payload}, {@code SdkHttpMetadata}, {@code SdkResponseMetadata},
 * {@code StatusCode}). A function error becomes the error named by its {@code errorType} with the Lambda
 * error document ({@code errorMessage}, {@code errorType}, {@code stackTrace}) as cause; Lambda service
 * errors are named {@code Lambda.<ErrorCode>}.
 */
final class LambdaTasks implements AutoCloseable {

  private static final int MAX_STACK_DEPTH = 50;

  private final LambdaInvoker invoker;
  private final WorkTracker tracker;
  private final ExecutorService threads;

  LambdaTasks(LambdaInvoker invoker, WorkTracker tracker) {
    this.invoker = invoker;
    this.tracker = tracker;
    AtomicInteger counter = new AtomicInteger();
    this.threads = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "step-functions-task-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Starts the call; {@code done} gets the outcome on the task's thread. */
  void start(TaskResource resource, JsonNode parameters, Consumer<TaskOutcome> done) {
    tracker.begin();
    try {
      threads.execute(() -> {
        try {
          done.accept(call(resource, parameters));
        } finally {
          tracker.end();
        }
      });
    } catch (RejectedExecutionException e) {
      tracker.end();
    }
  }

  private TaskOutcome call(TaskResource resource, JsonNode parameters) {
    try {
      if (resource instanceof TaskResource.LambdaInvoke) {
        return TaskOutcome.success(invokeIntegration(parameters));
      }
      return TaskOutcome.success(invoke(resource.arn(), parameters));
    } catch (StatesError e) {
      return TaskOutcome.failure(e);
    }
  }

  /** {@code arn:aws:states:::lambda:invoke}: Parameters are Lambda Invoke's request. */
  private JsonNode invokeIntegration(JsonNode parameters) {
    JsonNode functionName = parameters.get("FunctionName");
    if (functionName == null || !functionName.isTextual()) {
      throw StatesError.runtime("The field 'FunctionName' of the lambda:invoke Parameters must be a string, got "
          + Json.typeName(functionName));
    }
    String function = functionName.textValue();
    JsonNode qualifier = parameters.get("Qualifier");
    if (qualifier != null && qualifier.isTextual()) {
      function = function + ":" + qualifier.textValue();
    }
    JsonNode payload = parameters.has("Payload") ? parameters.get("Payload") : Json.object();
    String invocationType = parameters.path("InvocationType").asText("RequestResponse");
    String requestId = UUID.randomUUID().toString();
    switch (invocationType) {
      case "RequestResponse":
        return invokeResponse(invoke(function, payload), 200, requestId);
      case "Event":
        String asynchronous = function;
        start(new TaskResource.LambdaFunction(asynchronous), payload, outcome -> { });
        return invokeResponse(TextNode.valueOf(""), 202, requestId);
      case "DryRun":
        return invokeResponse(TextNode.valueOf(""), 204, requestId);
      default:
        throw new StatesError("Lambda.InvalidParameterValueException", "InvocationType must be RequestResponse, Event"
            + " or DryRun, got " + invocationType);
    }
  }

  private JsonNode invoke(String function, JsonNode payload) {
    try {
      JsonNode output = invoker.invoke(function, payload);
      return output == null ? Json.MAPPER.nullNode() : output;
    } catch (LambdaFunctionError e) {
      throw new StatesError(e.errorType(), Json.write(errorDocument(e.errorType(), e.errorMessage(), e.getCause())));
    } catch (AwsServiceError e) {
      throw new StatesError("Lambda." + e.errorType(), e.getMessage() + " (Service: Lambda, Status Code: "
          + e.httpStatus() + ", Error Code: " + e.errorType() + ")");
    } catch (RuntimeException e) {
      throw new StatesError("Lambda.ServiceException", e.getClass().getName() + ": " + e.getMessage());
    }
  }

  /** Lambda's error document for a Java function: errorMessage, errorType, stackTrace and nested cause. */
  static ObjectNode errorDocument(String errorType, String errorMessage, Throwable thrown) {
    ObjectNode document = Json.object();
    if (errorMessage != null) {
      document.put("errorMessage", errorMessage);
    }
    document.put("errorType", errorType);
    ArrayNode stackTrace = document.putArray("stackTrace");
    if (thrown != null) {
      StackTraceElement[] frames = thrown.getStackTrace();
      for (int i = 0; i < Math.min(frames.length, MAX_STACK_DEPTH); i++) {
        StackTraceElement frame = frames[i];
        stackTrace.add(frame.getClassName() + "." + frame.getMethodName() + "(" + frame.getFileName() + ":"
            + frame.getLineNumber() + ")");
      }
      Throwable cause = thrown.getCause();
      if (cause != null && cause != thrown) {
        document.set("cause", errorDocument(cause.getClass().getName(), cause.getMessage(), cause));
      }
    }
    return document;
  }

  private static JsonNode invokeResponse(JsonNode payload, int statusCode, String requestId) {
    ObjectNode response = Json.object();
    response.put("ExecutedVersion", "$LATEST");
    response.set("Payload", payload);
    ObjectNode http = response.putObject("SdkHttpMetadata");
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
    String length = String.valueOf(Json.write(payload).length());
    ObjectNode all = http.putObject("AllHttpHeaders");
    ObjectNode headers = http.putObject("HttpHeaders");
    header(all, headers, "X-Amz-Executed-Version", "$LATEST");
    header(all, headers, "x-amzn-Remapped-Content-Length", "0");
    header(all, headers, "Connection", "keep-alive");
    header(all, headers, "x-amzn-RequestId", requestId);
    header(all, headers, "Content-Length", length);
    header(all, headers, "Date", date);
    header(all, headers, "Content-Type", "application/json");
    http.put("HttpStatusCode", statusCode);
    response.putObject("SdkResponseMetadata").put("RequestId", requestId);
    response.put("StatusCode", statusCode);
    return response;
  }

  private static void header(ObjectNode all, ObjectNode headers, String name, String value) {
    all.putArray(name).add(value);
    headers.put(name, value);
  }

  @Override
  public void close() {
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
