package com.modelregistry.local.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.modelregistry.local.http.QueryString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One HTTP endpoint on 127.0.0.1 for every local AWS service, like LocalStack's port 4566. A POST with an
 * {@code X-Amz-Target: <prefix>.<Operation>} header goes to the {@link AwsJsonService} registered for that
 * prefix (awsJson1_0/1_1); any other request goes to the {@link AwsRestJsonService} that has a route for
 * its method and path (restJson1). Errors are written as those protocols write them, and every response
 * carries an {@code x-amzn-RequestId}.
 *
 * <p>Request signatures are not checked (as in LocalStack): the SDK and the aws CLI sign with whatever
 * credentials they have, and unsigned requests are accepted too.
 */
public final class AwsEndpoint implements AutoCloseable {

  /**
   * The system properties the AWS SDK for Java v2 (checked with 2.40.2) reads for a service's endpoint
   * when a client is built without {@code endpointOverride}: {@code aws.endpointUrl<ServiceId>}, the
   * counterpart of {@code AWS_ENDPOINT_URL_<SERVICE_ID>}. Set to this endpoint, they send Step Functions
   * ({@code SFN}), EventBridge, SES v2 ({@code SESv2}) and Secrets Manager ({@code Secrets Manager}:
   * {@code aws.endpointUrlSecretsManager}, {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}) clients here.
   */
  public static final List<String> SDK_ENDPOINT_PROPERTIES = List.of("aws.endpointUrlSfn",
      "aws.endpointUrlEventBridge", "aws.endpointUrlSesV2", "aws.endpointUrlSecretsManager");

  /** Above the largest request of the local services (SES v2 accepts 40 MB messages, base64 in JSON). */
  static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

  private static final String HOST = "127.0.0.1";
  private static final int THREADS = 16;
  /** Strict: text after the JSON value makes it invalid, as for AWS's parsers. */
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  static {
    // As in HttpApiFront: without TCP_NODELAY a keep-alive client's delayed ACK stalls each response ~40 ms.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, AwsJsonService> jsonServices = new ConcurrentHashMap<>();
  private final List<AwsRestJsonService> restServices = new CopyOnWriteArrayList<>();
  private final List<String> displayNames = new CopyOnWriteArrayList<>();

  private AwsEndpoint(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Listens on 127.0.0.1:{@code port} (0: any free port). */
  public static AwsEndpoint start(int port) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(HOST, port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("can't listen on " + HOST + ":" + port + " for the AWS endpoint (" + e.getMessage()
          + (port == 4566 ? "; is LocalStack running? pass --aws-port 0 for any free port" : "") + ")", e);
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(THREADS, runnable -> {
      Thread thread = new Thread(runnable, "aws-endpoint-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    AwsEndpoint endpoint = new AwsEndpoint(server, executor);
    server.createContext("/", endpoint::handle);
    server.setExecutor(executor);
    server.start();
    return endpoint;
  }

  /**
   * Serves {@code service}'s operations from now on.
   *
   * @throws IllegalStateException if a service with the same target prefix is registered already
   */
  public void register(AwsJsonService service) {
    if (jsonServices.putIfAbsent(service.targetPrefix(), service) != null) {
      throw new IllegalStateException("a service with target prefix " + service.targetPrefix() + " is registered already");
    }
    displayNames.add(service.displayName());
  }

  /** Serves {@code service}'s routes from now on (the first registered service with a route wins). */
  public void register(AwsRestJsonService service) {
    restServices.add(service);
    displayNames.add(service.displayName());
  }

  /** The JSON-protocol service registered for {@code targetPrefix}, e.g. for EventBridge targets. */
  public Optional<AwsJsonService> jsonService(String targetPrefix) {
    return Optional.ofNullable(jsonServices.get(targetPrefix));
  }

  /** The registered services' display names, in registration order, e.g. [EventBridge, SES v2]. */
  public List<String> serviceNames() {
    return List.copyOf(displayNames);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** e.g. {@code http://127.0.0.1:4566}. */
  public URI uri() {
    return URI.create("http://" + HOST + ":" + port());
  }

  private void handle(HttpExchange exchange) {
    String requestId = UUID.randomUUID().toString();
    AwsResponder responder = new AwsResponder(exchange, requestId);
    try (exchange) {
      try {
        respond(exchange, responder);
      } catch (RuntimeException e) {
        System.err.println("local AWS endpoint failed on request " + requestId + ":");
        e.printStackTrace();
        responder.internalError();
      }
    } catch (IOException e) {
      // The client went away; nothing to answer.
    }
  }

  private void respond(HttpExchange exchange, AwsResponder responder) throws IOException {
    byte[] body = readBody(exchange);
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    if (target != null) {
      String contentType = requestedJsonContentType(exchange);
      if (body == null) {
        responder.jsonError(contentType, tooLarge());
        return;
      }
      respondJson(exchange, responder, target, contentType, body);
      return;
    }
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    String path = exchange.getRequestURI().getRawPath();
    for (AwsRestJsonService service : restServices) {
      Optional<String> operation = service.operation(method, path);
      if (operation.isPresent()) {
        if (body == null) {
          responder.restError(tooLarge());
          return;
        }
        respondRest(exchange, responder, service, operation.get(), body);
        return;
      }
    }
    responder.restError(new AwsServiceError("UnknownOperationException",
        "no local AWS service has an operation for " + method + " " + path
            + " (JSON protocols need POST / with an X-Amz-Target header)", 404));
  }

  private void respondJson(HttpExchange exchange, AwsResponder responder, String target, String contentType,
      byte[] body) throws IOException {
    int dot = target.lastIndexOf('.');
    AwsJsonService service = dot <= 0 ? null : jsonServices.get(target.substring(0, dot));
    if (service == null || !exchange.getRequestMethod().equalsIgnoreCase("POST")) {
      responder.jsonError(contentType, new AwsServiceError("UnknownOperationException",
          service == null ? "no local AWS service answers X-Amz-Target " + target
              : "operations are called with POST, not " + exchange.getRequestMethod()));
      return;
    }
    JsonNode input;
    try {
      input = jsonObject(body);
    } catch (AwsServiceError e) {
      responder.jsonError(service.contentType(), e);
      return;
    }
    try {
      responder.json(service.contentType(), service.handle(target.substring(dot + 1), input));
    } catch (AwsServiceError e) {
      responder.jsonError(service.contentType(), e);
    }
  }

  private static void respondRest(HttpExchange exchange, AwsResponder responder, AwsRestJsonService service,
      String operation, byte[] body) throws IOException {
    try {
      AwsRestRequest request = new AwsRestRequest(exchange.getRequestMethod().toUpperCase(Locale.ROOT),
          exchange.getRequestURI().getRawPath(), QueryString.parse(exchange.getRequestURI().getRawQuery()), jsonObject(body));
      responder.json("application/json", service.handle(operation, request));
    } catch (AwsServiceError e) {
      responder.restError(e);
    }
  }

  /** The body as a JSON object; empty is {@code {}}. */
  private static JsonNode jsonObject(byte[] body) {
    if (body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
      return JsonNodeFactory.instance.objectNode();
    }
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new AwsServiceError("SerializationException", "the request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (node == null || !node.isObject()) {
      throw new AwsServiceError("SerializationException", "the request body must be a JSON object");
    }
    return node;
  }

  private static AwsServiceError tooLarge() {
    return new AwsServiceError("RequestEntityTooLargeException",
        "the request body is over the local endpoint's limit of " + MAX_BODY_BYTES + " bytes", 413);
  }

  private static String requestedJsonContentType(HttpExchange exchange) {
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    return contentType != null && contentType.startsWith("application/x-amz-json-1.0")
        ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1";
  }

  /** The body, or null when it is over the limit (read to its end anyway, so the client sees the answer). */
  private static byte[] readBody(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length <= MAX_BODY_BYTES) {
        return body;
      }
      in.transferTo(OutputStream.nullOutputStream());
      return null;
    }
  }

  /** Stops serving; requests under way are cut off. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
