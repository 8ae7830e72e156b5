package com.modelregistry.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.modelregistry.core.ErrorCode;
import com.modelregistry.core.RegistryException;
import com.modelregistry.core.domain.Principal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * What every HTTP function does around its routes: match the route, authenticate and authorise the
 * caller, bound and decode the body, call the route, and map errors to the API's error model (never a
 * stack trace: that goes to the log with the request id).
 */
final class HttpPipeline {
  private final Router router;
  private final int maxBodyBytes;
  private final String rolesClaim;

  HttpPipeline(Router router, int maxBodyBytes, String rolesClaim) {
    this.router = router;
    this.maxBodyBytes = maxBodyBytes;
    this.rolesClaim = rolesClaim;
  }

  APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Context context) {
    String requestId = requestId(event, context);
    try {
      return route(event, requestId);
    } catch (RegistryException e) {
      return ApiResponse.error(e.code(), e.getMessage(), requestId);
    } catch (RuntimeException e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      if (context != null && context.getLogger() != null) {
        context.getLogger().log("ERROR requestId=" + requestId + " " + trace);
      } else {
        System.err.println("ERROR requestId=" + requestId + " " + trace);
      }
      return ApiResponse.error(ErrorCode.INTERNAL,
          "the registry failed to handle the request; retry, and quote request id " + requestId + " if it persists", requestId);
    }
  }

  private APIGatewayV2HTTPResponse route(APIGatewayV2HTTPEvent event, String requestId) {
    String method = event.getRequestContext().getHttp().getMethod().toUpperCase(Locale.ROOT);
    String path = event.getRawPath();
    String body = body(event);
    Router.Match match = router.match(method, path);
    if (match.route() == null) {
      if (match.allowedMethods().isEmpty()) {
        throw RegistryException.notFound("no route for " + method + " " + path + " (see docs/api.md)");
      }
      APIGatewayV2HTTPResponse response = ApiResponse.error(405, "METHOD_NOT_ALLOWED",
          method + " is not supported on " + path + "; use " + String.join(", ", match.allowedMethods()), requestId);
      response.setHeaders(Map.of("content-type", "application/json", "allow", String.join(", ", match.allowedMethods())));
      return response;
    }
    Principal principal = null;
    if (match.route().permission() != null) {
      principal = CallerIdentity.from(event, rolesClaim).orElseThrow(() -> new RegistryException(
          ErrorCode.UNAUTHENTICATED, "no authenticated caller: send 'Authorization: Bearer <token>'"));
      principal.require(match.route().permission(), method + " " + match.route().template());
    }
    Map<String, String> headers = new HashMap<>();
    if (event.getHeaders() != null) {
      event.getHeaders().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
    }
    Map<String, String> query = event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
    return match.route().action().apply(new ApiRequest(method, path, match.pathParameters(), query, headers, body,
        principal, requestId));
  }

  private String body(APIGatewayV2HTTPEvent event) {
    String body = event.getBody();
    if (body == null) {
      return null;
    }
    if (event.getIsBase64Encoded()) {
      if (body.length() > (maxBodyBytes / 3 + 1) * 4) {
        throw tooLarge();
      }
      try {
        body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw RegistryException.invalid("the request body is not valid base64");
      }
    }
    if (body.length() > maxBodyBytes || body.getBytes(StandardCharsets.UTF_8).length > maxBodyBytes) {
      throw tooLarge();
    }
    return body;
  }

  private RegistryException tooLarge() {
    return new RegistryException(ErrorCode.PAYLOAD_TOO_LARGE,
        "the request body is larger than " + maxBodyBytes + " bytes; artifacts are uploaded to the presigned URL, not sent here");
  }

  private static String requestId(APIGatewayV2HTTPEvent event, Context context) {
    if (event.getRequestContext() != null && event.getRequestContext().getRequestId() != null) {
      return event.getRequestContext().getRequestId();
    }
    return context != null ? context.getAwsRequestId() : UUID.randomUUID().toString();
  }
}
