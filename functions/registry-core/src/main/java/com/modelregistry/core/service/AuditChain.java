package com.modelregistry.core.service;

import com.modelregistry.core.domain.AuditEntry;
import com.modelregistry.core.domain.Model;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds and checks a model's hash chain of audit entries. */
public final class AuditChain {
  /** The prevHash of a model's first entry. */
  public static final String GENESIS = "0".repeat(64);

  private AuditChain() {}

  /** What a mutation records; the chain adds seq, time, actor and hashes. */
  public record Event(String action, Long version, String from, String to, String reason, Map<String, String> details) {
    public static Event of(String action, Long version) {
      return new Event(action, version, null, null, null, Map.of());
    }

    public Event withTransition(String fromState, String toState) {
      return new Event(action, version, fromState, toState, reason, details);
    }

    public Event withReason(String why) {
      return new Event(action, version, from, to, why, details);
    }

    public Event withDetails(Map<String, String> more) {
      return new Event(action, version, from, to, reason, more);
    }
  }

  /** The entry that follows the model's current audit tail. */
  static AuditEntry next(Model model, Instant at, String actor, Event event) {
    long seq = model.auditSeq() + 1;
    String prevHash = model.auditHead() == null ? GENESIS : model.auditHead();
    AuditEntry unsigned = new AuditEntry(seq, at, actor, event.action(), event.version(), event.from(), event.to(),
        event.reason(), event.details(), prevHash, null);
    return new AuditEntry(seq, at, actor, event.action(), event.version(), event.from(), event.to(), event.reason(),
        event.details(), prevHash, hashOf(unsigned));
  }

  /** SHA-256 over the entry's canonical JSON (every field but {@code hash}, prevHash included). */
  public static String hashOf(AuditEntry entry) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("seq", entry.seq());
    fields.put("at", entry.at().toString());
    fields.put("actor", entry.actor());
    fields.put("action", entry.action());
    fields.put("version", entry.version());
    fields.put("from", entry.from());
    fields.put("to", entry.to());
    fields.put("reason", entry.reason());
    fields.put("details", entry.details());
    fields.put("prevHash", entry.prevHash());
    return Hashing.sha256Hex(Hashing.canonicalJson(fields));
  }
}
