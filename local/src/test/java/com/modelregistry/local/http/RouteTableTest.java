package com.modelregistry.local.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.modelregistry.local.sam.HttpRoute;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouteTableTest {

  private static RouteTable table(HttpRoute... routes) {
    return new RouteTable(Arrays.stream(routes).map(route -> new RouteTable.Binding(route, null)).toList());
  }

  private static final RouteTable ROUTES = table(
      new HttpRoute("ANY", "/{proxy+}", true),
      new HttpRoute("GET", "/v1/health", false),
      new HttpRoute("GET", "/v1/models/{name}", true),
      new HttpRoute("ANY", "/v1/models/{name}", true),
      new HttpRoute("GET", "/v1/models/{name}/{rest+}", true));

  private static String routeKey(String method, String path) {
    return ROUTES.match(method, path).map(match -> match.route().routeKey()).orElse("none");
  }

  @Test
  void givenAnExactRoute_thenItBeatsTheGreedyOne() {
    assertEquals("GET /v1/health", routeKey("GET", "/v1/health"));
    assertEquals("ANY /{proxy+}", routeKey("POST", "/v1/health"), "the exact route is GET only");
  }

  @Test
  void givenPathVariables_thenTheyBeatGreedyAndASpecificMethodBeatsAny() {
    assertEquals("GET /v1/models/{name}", routeKey("GET", "/v1/models/fraud"));
    assertEquals("ANY /v1/models/{name}", routeKey("DELETE", "/v1/models/fraud"));
    assertEquals("GET /v1/models/{name}/{rest+}", routeKey("GET", "/v1/models/fraud/versions/3"));
    assertEquals("ANY /{proxy+}", routeKey("POST", "/v1/models/fraud/versions"));
  }

  @Test
  void givenVariables_thenTheirValuesArePercentDecoded() {
    RouteTable.Match match = ROUTES.match("GET", "/v1/models/fraud%20v2%2Bx/versions/a+b").orElseThrow();

    assertEquals(Map.of("name", "fraud v2+x", "rest", "versions/a+b"), match.pathParameters());
    assertEquals(Map.of("proxy", "v1/x/"), ROUTES.match("PUT", "/v1/x/").orElseThrow().pathParameters());
  }

  @Test
  void givenNoMatchingRoute_thenThereIsNoMatch() {
    assertEquals("none", routeKey("GET", "/"));
    assertEquals("none", routeKey("GET", ""));
    assertTrue(table(new HttpRoute("GET", "/a", false)).match("GET", "/a/b").isEmpty());
    assertTrue(table(new HttpRoute("GET", "/a/{id}", false)).match("GET", "/a/").isEmpty());
  }

  @Test
  void givenADefaultRoute_thenItCatchesWhatNothingElseMatches() {
    RouteTable routes = table(new HttpRoute(null, null, false), new HttpRoute("GET", "/a", false));

    assertEquals("GET /a", routes.match("GET", "/a").orElseThrow().route().routeKey());
    assertEquals(Optional.of("$default"), routes.match("POST", "/").map(match -> match.route().routeKey()));
  }
}
