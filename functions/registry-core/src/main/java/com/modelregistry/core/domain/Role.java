package com.modelregistry.core.domain;

import java.util.Locale;
import java.util.Optional;

/** What a principal may do (API.md, "Roles"). */
public enum Role {
  READER,
  PUBLISHER,
  APPROVER,
  ADMIN;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> fromLabel(String text) {
    for (Role role : values()) {
      if (role.label().equalsIgnoreCase(text.trim())) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
