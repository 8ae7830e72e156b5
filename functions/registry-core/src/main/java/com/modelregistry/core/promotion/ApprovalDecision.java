package com.modelregistry.core.promotion;

import com.modelregistry.core.RegistryException;
import java.time.Instant;
import java.util.Locale;

/** One approver's recorded decision on a promotion. */
public record ApprovalDecision(String approver, Decision decision, String comment, String via, Instant at) {

  /** Approve or reject; any reject rejects the promotion. */
  public enum Decision {
    APPROVE,
    REJECT;

    public static Decision parse(String text) {
      if (text != null) {
        String normalized = text.trim().toUpperCase(Locale.ROOT);
        if (normalized.equals("APPROVE") || normalized.equals("APPROVED")) return APPROVE;
        if (normalized.equals("REJECT") || normalized.equals("REJECTED")) return REJECT;
      }
      throw RegistryException.invalid("decision must be APPROVE or REJECT, got '" + text + "'");
    }
  }
}
