package com.modelregistry.local.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.modelregistry.local.identity.Principal;
import com.modelregistry.local.identity.Principals;
import com.modelregistry.local.lambda.LocalFunction;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local API Gateway: an HTTP server that routes each request like an HTTP API, authorizes it like
 * a JWT authorizer (with the local bearer tokens), turns it into a payload-2.0 event, invokes the
 * function in-process and writes its response back.
 *
 * <p>{@code /_local/*} is the runtime's own: read-only {@link LocalAdminRoute}s (event log, outbox) for
 * principals with the admin role, authenticated with the same bearer tokens. Because a browser can't send
 * a bearer header, a GET may carry the token as {@code ?token=<token>} instead (local only).
 *
 * <p>{@link #start} binds and serves at once; the runtime {@link #bind}s first, to know its own
 * {@link #baseUrl()} (with port 0, the port it got) before it creates the functions, then {@link #serve}s.
 */
public final class HttpApiFront implements AutoCloseable {

  /** API Gateway's request payload limit. */
  static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

  private static final int THREADS = 16;
  private static final String DEFAULT_ROLES_CLAIM = "cognito:groups";
  /** Where the runtime's own pages live; no template route can reach a path below it. */
  public static final String LOCAL_PREFIX = "/_local/";

  private static final Set<String> HOP_BY_HOP_HEADERS = Set.of("content-length", "transfer-encoding", "connection");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  static {
    // The JDK server writes headers and body separately; with Nagle's algorithm on, a keep-alive
    // client's delayed ACK then stalls every response ~40 ms (measured with bench/: 44 ms → 1.6 ms p50).
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final String host;
  private final HttpServer server;
  /** Set once by {@link #serve}, before the server starts: requests never see it null. */
  private volatile Routing routing;
  private ExecutorService executor;
  private boolean closed;

  /** What {@link #serve} was given. */
  private record Routing(RouteTable routes, Principals principals, Map<String, LocalAdminRoute> adminRoutes) {}

  private HttpApiFront(String host, HttpServer server) {
    this.host = host;
    this.server = server;
  }

  /** Serves the HttpApi routes of {@code functions} on host:port (port 0: any free port). */
  public static HttpApiFront start(String host, int port, List<LocalFunction> functions, Principals principals) {
    return start(host, port, functions, principals, List.of());
  }

  /**
   * Serves the HttpApi routes of {@code functions} and, under {@code /_local/}, the runtime's own
   * {@code adminRoutes} on host:port (port 0: any free port).
   */
  public static HttpApiFront start(String host, int port, List<LocalFunction> functions, Principals principals,
      List<LocalAdminRoute> adminRoutes) {
    HttpApiFront front = bind(host, port);
    try {
      front.serve(functions, principals, adminRoutes);
    } catch (RuntimeException e) {
      front.close();
      throw e;
    }
    return front;
  }

  /**
   * Listens on host:port (port 0: any free port) without answering yet: connections wait until
   * {@link #serve}. Lets the runtime know its own URL ({@link #baseUrl()}) before it creates the functions
   * that put it into links.
   */
  public static HttpApiFront bind(String host, int port) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("can't listen on " + host + ":" + port + " (" + e.getMessage() + ")", e);
    }
    HttpApiFront front = new HttpApiFront(host, server);
    server.createContext("/", front::handle);
    return front;
  }

  /**
   * Starts answering: the HttpApi routes of {@code functions} and, under {@code /_local/}, the runtime's own
   * {@code adminRoutes}.
   *
   * @throws IllegalStateException if it serves already
   * @throws IllegalArgumentException if two admin routes have the same path
   */
  public synchronized void serve(List<LocalFunction> functions, Principals principals,
      List<LocalAdminRoute> adminRoutes) {
    if (routing != null) {
      throw new IllegalStateException("the HTTP API front serves already");
    }
    Map<String, LocalAdminRoute> adminRoutesByPath = new LinkedHashMap<>();
    for (LocalAdminRoute route : adminRoutes) {
      if (adminRoutesByPath.putIfAbsent(route.path(), route) != null) {
        throw new IllegalArgumentException("two local admin routes for " + LOCAL_PREFIX + route.path());
      }
    }
    List<RouteTable.Binding> bindings = new ArrayList<>();
    functions.forEach(function ->
        function.definition().routes().forEach(route -> bindings.add(new RouteTable.Binding(route, function))));
    routing = new Routing(new RouteTable(bindings), principals, Map.copyOf(adminRoutesByPath));
    executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
    server.setExecutor(executor);
    server.start();
  }

  /**
   * The URL clients use, e.g. {@code http://127.0.0.1:8080}: a wildcard host (0.0.0.0, ::) is shown as
   * 127.0.0.1, an IPv6 address in brackets.
   */
  public String baseUrl() {
    String shownHost = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1"
        : host.contains(":") ? "[" + host + "]" : host;
    return "http://" + shownHost + ":" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) {
    String requestId = newRequestId();
    try (exchange) {
      try {
        respond(exchange, requestId);
      } catch (RuntimeException e) {
        // Answered before the exchange closes (a catch of the outer try would run after it closed).
        System.err.println("local API failed on request " + requestId + ":");
        e.printStackTrace();
        answerInternalError(exchange, requestId);
      }
    } catch (IOException e) {
      // The client went away; nothing to answer.
    }
  }

  private static void answerInternalError(HttpExchange exchange, String requestId) {
    try {
      send(exchange, requestId, 500, Map.of("message", "Internal Server Error"));
    } catch (IOException | RuntimeException e) {
      // The response had already begun; the connection closes.
    }
  }

  private void respond(HttpExchange exchange, String requestId) throws IOException {
    Routing routing = this.routing;
    if (routing == null) {
      send(exchange, requestId, 503, Map.of("message", "Service Unavailable"));
      return;
    }
    RouteTable routes = routing.routes();
    Principals principals = routing.principals();
    Optional<byte[]> body = readBody(exchange);
    if (body.isEmpty()) {
      send(exchange, requestId, 413, error("PAYLOAD_TOO_LARGE",
          "request body is over API Gateway's limit of " + MAX_BODY_BYTES + " bytes", requestId));
      return;
    }
    String rawPath = exchange.getRequestURI().getRawPath();
    if (rawPath.startsWith(LOCAL_PREFIX) || rawPath.equals("/_local")) {
      respondLocal(exchange, requestId, rawPath, principals, routing.adminRoutes());
      return;
    }
    Optional<RouteTable.Match> match;
    try {
      match = routes.match(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
    } catch (IllegalArgumentException e) {
      send(exchange, requestId, 400, Map.of("message", "Bad Request"));
      return;
    }
    if (match.isEmpty()) {
      send(exchange, requestId, 404, Map.of("message", "Not Found"));
      return;
    }
    LocalFunction function = match.get().binding().function();
    Principal principal = null;
    if (match.get().route().authorizationRequired()) {
      Optional<Principal> authorized = bearerToken(exchange).flatMap(principals::byToken);
      if (authorized.isEmpty()) {
        exchange.getResponseHeaders().set("www-authenticate", "Bearer");
        send(exchange, requestId, 401, error("UNAUTHENTICATED",
            "missing or invalid bearer token: send 'Authorization: Bearer <token>' (local tokens are in "
                + principals.source() + ")", requestId));
        return;
      }
      principal = authorized.get();
    }
    String rolesClaim = function.definition().environment().getOrDefault("ROLES_CLAIM", DEFAULT_ROLES_CLAIM);
    APIGatewayV2HTTPEvent event = HttpApiEventFactory.create(
        exchange, body.get(), match.get(), principal, rolesClaim, requestId, Instant.now());
    APIGatewayV2HTTPResponse response;
    try {
      response = function.invoke(event);
    } catch (RuntimeException | Error e) {
      System.err.println(function.definition().logicalId() + " failed on " + event.getRouteKey()
          + " (request " + requestId + "):");
      e.printStackTrace();
      send(exchange, requestId, 500, Map.of("message", "Internal Server Error"));
      return;
    }
    if (response == null || response.getStatusCode() < 100 || response.getStatusCode() > 599) {
      System.err.println(function.definition().logicalId() + " returned no valid statusCode (request " + requestId + ")");
      send(exchange, requestId, 500, Map.of("message", "Internal Server Error"));
      return;
    }
    write(exchange, requestId, response);
  }

  /** A {@code /_local/*} request: admins only, answered by the runtime itself. */
  private static void respondLocal(HttpExchange exchange, String requestId, String rawPath, Principals principals,
      Map<String, LocalAdminRoute> adminRoutes) throws IOException {
    String method = exchange.getRequestMethod();
    boolean read = method.equals("GET") || method.equals("HEAD");
    Map<String, String> query;
    try {
      query = firstValues(QueryString.parse(exchange.getRequestURI().getRawQuery()));
    } catch (IllegalArgumentException e) {
      send(exchange, requestId, 400, error("INVALID_ARGUMENT", "the query string is not URL-encoded correctly", requestId));
      return;
    }
    String queryToken = query.remove("token");
    Optional<Principal> principal = bearerToken(exchange).or(() -> Optional.ofNullable(read ? queryToken : null))
        .flatMap(principals::byToken);
    if (principal.isEmpty()) {
      exchange.getResponseHeaders().set("www-authenticate", "Bearer");
      send(exchange, requestId, 401, error("UNAUTHENTICATED",
          "missing or invalid token: send 'Authorization: Bearer <token>' of an admin, or from a browser add "
              + "?token=<token> to the URL (local tokens are in " + principals.source() + ")", requestId));
      return;
    }
    if (!principal.get().roles().contains("admin")) {
      send(exchange, requestId, 403, error("PERMISSION_DENIED", principal.get().name() + " may not " + method + " "
          + rawPath + ": it needs the role admin (has " + String.join(", ", principal.get().roles()) + ")", requestId));
      return;
    }
    LocalAdminRoute route = rawPath.startsWith(LOCAL_PREFIX) ? adminRoutes.get(rawPath.substring(LOCAL_PREFIX.length())) : null;
    if (route == null) {
      send(exchange, requestId, 404, error("NOT_FOUND", "no local page at " + rawPath + " (there are: "
          + String.join(", ", adminRoutes.keySet().stream().sorted().map(path -> LOCAL_PREFIX + path).toList()) + ")",
          requestId));
      return;
    }
    if (!read) {
      exchange.getResponseHeaders().set("Allow", "GET, HEAD");
      send(exchange, requestId, 405, error("METHOD_NOT_ALLOWED",
          rawPath + " is read-only: use GET, not " + method, requestId));
      return;
    }
    AdminResponse response;
    try {
      response = route.get(query);
    } catch (IllegalArgumentException e) {
      send(exchange, requestId, 400, error("INVALID_ARGUMENT", e.getMessage(), requestId));
      return;
    }
    response.headers().forEach(exchange.getResponseHeaders()::set);
    exchange.getResponseHeaders().set("content-type", response.contentType());
    sendBytes(exchange, requestId, 200, response.body());
  }

  private static Optional<String> bearerToken(HttpExchange exchange) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    return Optional.of(authorization.substring(7).trim());
  }

  /**
   * The request body, or empty when it is over the limit. An oversized body is still read to its end
   * (and dropped): a client still sending when the answer comes would see a reset, not the 413.
   */
  private static Optional<byte[]> readBody(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length <= MAX_BODY_BYTES) {
        return Optional.of(body);
      }
      in.transferTo(OutputStream.nullOutputStream());
      return Optional.empty();
    }
  }

  private static void write(HttpExchange exchange, String requestId, APIGatewayV2HTTPResponse response)
      throws IOException {
    Headers headers = exchange.getResponseHeaders();
    if (response.getHeaders() != null) {
      response.getHeaders().forEach((name, value) -> {
        if (!HOP_BY_HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
          headers.set(name, value);
        }
      });
    }
    if (response.getMultiValueHeaders() != null) {
      response.getMultiValueHeaders().forEach((name, values) -> {
        if (!HOP_BY_HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
          values.forEach(value -> headers.add(name, value));
        }
      });
    }
    if (response.getCookies() != null) {
      response.getCookies().forEach(cookie -> headers.add("Set-Cookie", cookie));
    }
    byte[] body = response.getBody() == null ? new byte[0]
        : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
        : response.getBody().getBytes(StandardCharsets.UTF_8);
    sendBytes(exchange, requestId, response.getStatusCode(), body);
  }

  private static Map<String, String> error(String errorCode, String message, String requestId) {
    Map<String, String> error = new LinkedHashMap<>();
    error.put("errorCode", errorCode);
    error.put("message", message);
    error.put("requestId", requestId);
    return error;
  }

  private static void send(HttpExchange exchange, String requestId, int status, Map<String, String> json)
      throws IOException {
    exchange.getResponseHeaders().set("content-type", "application/json");
    sendBytes(exchange, requestId, status, JSON.writeValueAsBytes(json));
  }

  private static void sendBytes(HttpExchange exchange, String requestId, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("x-amzn-requestid", requestId);
    exchange.getResponseHeaders().set("apigw-requestid", requestId);
    boolean noBody = body.length == 0 || status == 204 || status == 304 || exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** API Gateway's request ids look like {@code "JKJaXmPLvHcESHA="}. */
  private static String newRequestId() {
    byte[] bytes = new byte[11];
    RANDOM.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "http-api-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Stops listening (also when it never served); requests under way are cut off. Closing again does nothing. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (routing == null) {
      // A channel closed before the server ever ran stays bound until a selector lets it go: start the
      // server so that its stop releases the port (requests in between get a 503).
      server.start();
    }
    server.stop(0);
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  private static Map<String, String> firstValues(Map<String, List<String>> query) {
    Map<String, String> first = new LinkedHashMap<>();
    query.forEach((name, values) -> first.put(name, values.get(0)));
    return first;
  }
}
