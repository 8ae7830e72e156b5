package com.modelregistry.local.identity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A local user: who a bearer token stands for, and the roles the API grants it. */
public record Principal(String name, String email, List<String> roles, String token) {

  /** The roles of the API contract (docs/API.md). */
  public static final List<String> ROLES = List.of("reader", "publisher", "approver", "admin");

  public Principal {
    roles = List.copyOf(roles);
  }

  /**
   * The claims a JWT authorizer would pass on for this principal; API Gateway renders array claims as
   * {@code "[a b]"}.
   */
  public Map<String, String> claims(String rolesClaim) {
    Map<String, String> claims = new LinkedHashMap<>();
    claims.put("sub", name);
    claims.put("name", name);
    claims.put("email", email);
    claims.put(rolesClaim, "[" + String.join(" ", roles) + "]");
    return claims;
  }
}
