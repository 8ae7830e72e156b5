package com.modelregistry.core.domain;

import java.util.EnumSet;
import java.util.Set;

/** The kinds of action a route needs, and the roles that grant each. */
public enum Permission {
  READ(EnumSet.of(Role.READER, Role.PUBLISHER, Role.APPROVER, Role.ADMIN)),
  PUBLISH(EnumSet.of(Role.PUBLISHER, Role.ADMIN)),
  APPROVE(EnumSet.of(Role.APPROVER, Role.ADMIN)),
  ADMINISTER(EnumSet.of(Role.ADMIN));

  private final Set<Role> grantedBy;

  Permission(Set<Role> grantedBy) {
    this.grantedBy = grantedBy;
  }

  public boolean grantedBy(Set<Role> roles) {
    return roles.stream().anyMatch(grantedBy::contains);
  }

  public Set<Role> grantedBy() {
    return grantedBy;
  }
}
