package com.modelregistry.core.domain;

import java.time.Instant;
import java.util.Map;

/**
 * One append-only entry of a model's audit trail. {@code hash} = SHA-256 over {@code prevHash} and the
 * entry's canonical JSON, so altering or removing an entry breaks every later hash.
 */
public record AuditEntry(
    long seq,
    Instant at,
    String actor,
    String action,
    Long version,
    String from,
    String to,
    String reason,
    Map<String, String> details,
    String prevHash,
    String hash) {

  public AuditEntry {
    details = details == null ? Map.of() : Map.copyOf(details);
  }
}
