package com.modelregistry.local.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext;
import com.modelregistry.local.identity.Principal;
import com.modelregistry.local.sam.LocalStack;
import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the payload-format-2.0 event API Gateway's HTTP API would send the function for a request. */
final class HttpApiEventFactory {

  static final String API_ID = "local";

  private static final DateTimeFormatter REQUEST_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

  private HttpApiEventFactory() {}

  /**
   * @param principal the authorized caller, or null on a route without authorizer
   * @param rolesClaim the claim that carries the principal's roles (the function's ROLES_CLAIM)
   */
  static APIGatewayV2HTTPEvent create(HttpExchange exchange, byte[] body, RouteTable.Match match,
      Principal principal, String rolesClaim, String requestId, Instant now) {
    String rawPath = exchange.getRequestURI().getRawPath();
    String rawQuery = exchange.getRequestURI().getRawQuery();
    Map<String, String> headers = headers(exchange);
    String cookieHeader = headers.remove("cookie");
    String domainName = headers.getOrDefault("host", "localhost");

    APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
    event.setVersion("2.0");
    event.setRouteKey(match.route().routeKey());
    event.setRawPath(rawPath);
    event.setRawQueryString(rawQuery == null ? "" : rawQuery);
    event.setCookies(cookieHeader == null ? null : cookies(cookieHeader));
    event.setHeaders(headers);
    event.setQueryStringParameters(rawQuery == null || rawQuery.isEmpty() ? null : commaJoined(QueryString.parse(rawQuery)));
    event.setPathParameters(match.pathParameters().isEmpty() ? null : match.pathParameters());
    setBody(event, body, headers.get("content-type"));

    RequestContext context = new RequestContext();
    context.setAccountId(LocalStack.ACCOUNT_ID);
    context.setApiId(API_ID);
    context.setDomainName(domainName);
    context.setDomainPrefix(domainName.split("[.:]", 2)[0]);
    context.setRequestId(requestId);
    context.setRouteKey(match.route().routeKey());
    context.setStage("$default");
    context.setTime(REQUEST_TIME.format(now));
    context.setTimeEpoch(now.toEpochMilli());
    RequestContext.Http http = new RequestContext.Http();
    http.setMethod(exchange.getRequestMethod());
    http.setPath(rawPath);
    http.setProtocol(exchange.getProtocol());
    http.setSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress());
    http.setUserAgent(headers.get("user-agent"));
    context.setHttp(http);
    if (principal != null) {
      RequestContext.Authorizer authorizer = new RequestContext.Authorizer();
      RequestContext.Authorizer.JWT jwt = new RequestContext.Authorizer.JWT();
      jwt.setClaims(principal.claims(rolesClaim));
      jwt.setScopes(null);
      authorizer.setJwt(jwt);
      context.setAuthorizer(authorizer);
    }
    event.setRequestContext(context);
    return event;
  }

  /** Lower-cased names, repeated headers comma-joined, plus the x-forwarded-* headers API Gateway adds. */
  private static Map<String, String> headers(HttpExchange exchange) {
    Map<String, String> headers = new LinkedHashMap<>();
    exchange.getRequestHeaders().forEach((name, values) ->
        headers.merge(name.toLowerCase(Locale.ROOT), String.join(",", values), (a, b) -> a + "," + b));
    String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
    headers.merge("x-forwarded-for", sourceIp, (forwarded, ip) -> forwarded + ", " + ip);
    headers.put("x-forwarded-port", String.valueOf(exchange.getLocalAddress().getPort()));
    headers.put("x-forwarded-proto", "http");
    return headers;
  }

  private static List<String> cookies(String cookieHeader) {
    List<String> cookies = new ArrayList<>();
    for (String cookie : cookieHeader.split("[;,]")) {
      if (!cookie.isBlank()) {
        cookies.add(cookie.trim());
      }
    }
    return cookies;
  }
  /** Text bodies (text/*, JSON, XML, form) go as text; anything else base64-encoded, as API Gateway does. */
  private static void setBody(APIGatewayV2HTTPEvent event, byte[] body, String contentType) {
    if (body.length == 0) {
      event.setBody(null);
      event.setIsBase64Encoded(false);
    } else if (isText(contentType)) {
      event.setBody(new String(body, charset(contentType)));
      event.setIsBase64Encoded(false);
    } else {
      event.setBody(Base64.getEncoder().encodeToString(body));
      event.setIsBase64Encoded(true);
    }
  }

  private static boolean isText(String contentType) {
    if (contentType == null) {
      return false;
    }
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mediaType.startsWith("text/")
        || mediaType.equals("application/json") || mediaType.endsWith("+json")
        || mediaType.equals("application/xml") || mediaType.endsWith("+xml")
        || mediaType.equals("application/javascript")
        || mediaType.equals("application/x-www-form-urlencoded");
  }

  private static Charset charset(String contentType) {
    for (String parameter : contentType.split(";")) {
      String[] nameValue = parameter.trim().split("=", 2);
      if (nameValue.length == 2 && nameValue[0].equalsIgnoreCase("charset")) {
        try {
          return Charset.forName(nameValue[1].replace("\"", "").trim());
        } catch (IllegalArgumentException e) {
          return StandardCharsets.UTF_8;
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  /** Decoded names and values; a repeated parameter's values comma-joined, as API Gateway does. */
  private static Map<String, String> commaJoined(Map<String, List<String>> query) {
    Map<String, String> joined = new LinkedHashMap<>();
    query.forEach((name, values) -> joined.put(name, String.join(",", values)));
    return joined;
  }
}
