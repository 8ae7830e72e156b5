package com.modelregistry.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.modelregistry.core.domain.Permission;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/** A small router: method + path template ({name} captures one segment) → permission and action. */
final class Router {

  /** A route; {@code permission} null means public (no caller needed). */
  record Route(String method, String template, Permission permission, Function<ApiRequest, APIGatewayV2HTTPResponse> action) {
    Optional<Map<String, String>> match(String[] segments) {
      String[] parts = template.substring(1).split("/");
      if (parts.length != segments.length) {
        return Optional.empty();
      }
      Map<String, String> params = new LinkedHashMap<>();
      for (int i = 0; i < parts.length; i++) {
        if (parts[i].startsWith("{")) {
          if (segments[i].isEmpty()) {
            return Optional.empty();
          }
          params.put(parts[i].substring(1, parts[i].length() - 1), URLDecoder.decode(segments[i], StandardCharsets.UTF_8));
        } else if (!parts[i].equals(segments[i])) {
          return Optional.empty();
        }
      }
      return Optional.of(params);
    }
  }

  /** The outcome of routing: a route with its parameters, or the methods the path allows (empty: no such path). */
  record Match(Route route, Map<String, String> pathParameters, List<String> allowedMethods) {}

  private final List<Route> routes = new ArrayList<>();

  Router add(String method, String template, Permission permission, Function<ApiRequest, APIGatewayV2HTTPResponse> action) {
    routes.add(new Route(method, template, permission, action));
    return this;
  }

  Match match(String method, String path) {
    String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    String[] segments = trimmed.substring(1).split("/", -1);
    TreeSet<String> allowed = new TreeSet<>();
    for (Route route : routes) {
      Optional<Map<String, String>> params = route.match(segments);
      if (params.isPresent()) {
        if (route.method().equals(method)) {
          return new Match(route, params.get(), List.of());
        }
        allowed.add(route.method());
      }
    }
    return new Match(null, Map.of(), List.copyOf(allowed));
  }
}
