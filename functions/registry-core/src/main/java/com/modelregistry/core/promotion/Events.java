package com.modelregistry.core.promotion;

import com.modelregistry.core.port.Change;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds event details with the fields every consumer relies on: {@code eventId} (stable: the model id,
 * the sequence number of the audit entry that recorded the change, the detail-type and the version), the model, its
 * id, version, revision after the change, promotion id, time and actor.
 */
final class Events {
  static final String PROMOTION_STARTED = "Promotion Started";
  static final String GATES_EVALUATED = "Quality Gates Evaluated";
  static final String STAGE_CHANGED = "Model Version Stage Changed";
  static final String SHADOW_REQUESTED = "Shadow Deployment Requested";
  static final String APPROVAL_REQUESTED = "Approval Requested";
  static final String PROMOTION_APPROVED = "Promotion Approved";
  static final String PROMOTION_REJECTED = "Promotion Rejected";
  static final String CANARY_SHIFTED = "Canary Traffic Shifted";
  static final String VERSION_PROMOTED = "Model Version Promoted";
  static final String ROLLED_BACK = "Model Rolled Back";
  static final String PROMOTION_FAILED = "Promotion Failed";
  static final String PROMOTION_CANCELLED = "Promotion Cancelled";
  static final String PROMOTION_EXPIRED = "Promotion Expired";

  private Events() {}

  /** An event about {@code version} recorded by {@code change}; {@code promotionId} may be null. */
  static RegistryEvent of(String detailType, Change change, long version, String promotionId, Map<String, Object> extra) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("eventId", change.model().id() + "-" + change.audit().seq() + "-"
        + detailType.toLowerCase(java.util.Locale.ROOT).replace(' ', '-') + "-v" + version);
    detail.put("model", change.model().name());
    detail.put("modelId", change.model().id());
    detail.put("version", version);
    detail.put("revision", change.model().revision());
    if (promotionId != null) {
      detail.put("promotionId", promotionId);
    }
    detail.put("at", change.audit().at().toString());
    detail.put("actor", change.audit().actor());
    detail.putAll(extra);
    return new RegistryEvent(detailType, detail);
  }

  static Map<String, Object> fields(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }
}
