package com.modelregistry.local.http;

import com.modelregistry.local.lambda.LocalFunction;
import com.modelregistry.local.sam.HttpRoute;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Selects the route of a request as API Gateway HTTP APIs do: a full match beats a match with path
 * variables, which beats a greedy {@code {proxy+}} match; a specific method beats {@code ANY}; the
 * {@code $default} route catches the rest.
 */
final class RouteTable {

  /** A route and the function it invokes. */
  record Binding(HttpRoute route, LocalFunction function) {}

  /** The selected route, with its path variables decoded. */
  record Match(Binding binding, Map<String, String> pathParameters) {
    HttpRoute route() {
      return binding.route();
    }
  }

  private final List<Binding> bindings;

  RouteTable(List<Binding> bindings) {
    this.bindings = List.copyOf(bindings);
  }

  Optional<Match> match(String method, String rawPath) {
    List<Candidate> candidates = new ArrayList<>();
    for (Binding binding : bindings) {
      HttpRoute route = binding.route();
      if (route.isDefaultRoute()) {
        candidates.add(new Candidate(new Match(binding, Map.of()), Integer.MAX_VALUE, 0, true));
      } else if (route.method().equals("ANY") || route.method().equals(method)) {
        matchPath(route.path(), rawPath).ifPresent(parameters ->
            candidates.add(new Candidate(new Match(binding, parameters), specificity(route.path()),
                literalSegments(route.path()), route.method().equals("ANY"))));
      }
    }
    return candidates.stream()
        .min(Comparator.comparingInt(Candidate::kind)
            .thenComparing(Comparator.comparingInt(Candidate::literalSegments).reversed())
            .thenComparing(Candidate::anyMethod))
        .map(Candidate::match);
  }

  private record Candidate(Match match, int kind, int literalSegments, boolean anyMethod) {}

  /** 0: no variables; 1: path variables; 2: a greedy variable. */
  private static int specificity(String template) {
    if (template.contains("+}")) {
      return 2;
    }
    return template.contains("{") ? 1 : 0;
  }

  private static int literalSegments(String template) {
    return (int) Arrays.stream(segments(template)).filter(segment -> !segment.startsWith("{")).count();
  }

  private static Optional<Map<String, String>> matchPath(String template, String rawPath) {
    String[] expected = segments(template);
    String[] actual = segments(rawPath);
    Map<String, String> parameters = new LinkedHashMap<>();
    for (int i = 0; i < expected.length; i++) {
      String segment = expected[i];
      boolean variable = segment.startsWith("{") && segment.endsWith("}");
      if (variable && segment.endsWith("+}")) {
        String rest = String.join("/", Arrays.copyOfRange(actual, Math.min(i, actual.length), actual.length));
        if (rest.isEmpty()) {
          return Optional.empty();
        }
        parameters.put(segment.substring(1, segment.length() - 2), decode(rest));
        return Optional.of(parameters);
      }
      if (i >= actual.length) {
        return Optional.empty();
      }
      if (variable) {
        if (actual[i].isEmpty()) {
          return Optional.empty();
        }
        parameters.put(segment.substring(1, segment.length() - 1), decode(actual[i]));
      } else if (!segment.equals(actual[i])) {
        return Optional.empty();
      }
    }
    return expected.length == actual.length ? Optional.of(parameters) : Optional.empty();
  }

  private static String[] segments(String path) {
    return (path.startsWith("/") ? path.substring(1) : path).split("/", -1);
  }

  /** Percent-decoding as in a path: '+' stays '+'. */
  private static String decode(String value) {
    return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
