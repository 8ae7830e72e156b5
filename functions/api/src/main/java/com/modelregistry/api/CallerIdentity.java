package com.modelregistry.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.modelregistry.core.domain.Principal;
import com.modelregistry.core.domain.Role;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The caller as API Gateway's JWT authorizer describes it: {@code requestContext.authorizer.jwt.claims}.
 * Roles come from one claim (ROLES_CLAIM, e.g. {@code cognito:groups}), which API Gateway renders as
 * {@code "[admin publisher]"}; a comma- or space-separated list works too. Unknown role names are ignored.
 */
final class CallerIdentity {
  private CallerIdentity() {}

  static Optional<Principal> from(APIGatewayV2HTTPEvent event, String rolesClaim) {
    var context = event.getRequestContext();
    if (context == null || context.getAuthorizer() == null || context.getAuthorizer().getJwt() == null) {
      return Optional.empty();
    }
    Map<String, String> claims = context.getAuthorizer().getJwt().getClaims();
    if (claims == null) {
      return Optional.empty();
    }
    String name = firstPresent(claims, "name", "cognito:username", "username", "sub");
    if (name == null) {
      return Optional.empty();
    }
    return Optional.of(new Principal(name, claims.get("email"), roles(claims.get(rolesClaim))));
  }

  static Set<Role> roles(String claim) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    if (claim != null) {
      for (String token : claim.replaceAll("[\\[\\]\"]", " ").split("[,\\s]+")) {
        if (!token.isBlank()) {
          Role.fromLabel(token).ifPresent(roles::add);
        }
      }
    }
    return roles;
  }

  private static String firstPresent(Map<String, String> claims, String... names) {
    for (String name : names) {
      String value = claims.get(name);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }
}
