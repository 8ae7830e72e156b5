package com.modelregistry.core.domain;

import com.modelregistry.core.RegistryException;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** An authenticated caller: a name (recorded as the actor of audit entries), an email, roles. */
public record Principal(String name, String email, Set<Role> roles) {

  public Principal {
    Objects.requireNonNull(name, "name");
    roles = Set.copyOf(roles);
  }

  public boolean may(Permission permission) {
    return permission.grantedBy(roles);
  }

  /** Throws PERMISSION_DENIED, naming the roles that would grant the action. */
  public void require(Permission permission, String action) {
    if (!may(permission)) {
      String needed = permission.grantedBy().stream().map(Role::label).sorted().collect(Collectors.joining(" or "));
      String held = roles.isEmpty() ? "no role" : roles.stream().map(Role::label).sorted().collect(Collectors.joining(", "));
      throw RegistryException.denied(name + " may not " + action + ": it needs the role " + needed + " (has " + held + ")");
    }
  }
}
