package com.modelregistry.local.sam;

/**
 * One route of an {@code HttpApi} event: {@code GET /v1/health}, {@code ANY /{proxy+}} or {@code $default}.
 *
 * @param method upper-case method or {@code ANY}; null for the {@code $default} route
 * @param path the route's path template; null for the {@code $default} route
 * @param authorizationRequired false when the route says {@code Authorizer: NONE} or the API has no authorizer
 */
public record HttpRoute(String method, String path, boolean authorizationRequired) {

  public static final String DEFAULT_ROUTE_KEY = "$default";

  public boolean isDefaultRoute() {
    return path == null;
  }

  public String routeKey() {
    return isDefaultRoute() ? DEFAULT_ROUTE_KEY : method + " " + path;
  }
}
