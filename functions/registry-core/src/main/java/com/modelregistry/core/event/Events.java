package com.modelregistry.core.event;

import com.modelregistry.core.port.Change;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The detail-types the registry publishes, and the details' common fields. Services attach events to the
 * {@link Change} they commit ({@link Change#withEvents}); the store writes them in the same transaction
 * (the outbox), and a relay publishes them: an event exists exactly when its change committed.
 *
 * <p>Builds event details with the fields every consumer relies on: {@code eventId} (stable: the model id,
 * the sequence number of the audit entry that recorded the change, the detail-type and the version), the model, its
 * id, version, revision after the change, promotion id, time and actor.
 */
public final class Events {
  public static final String VERSION_REGISTERED = "Model Version Registered";
  public static final String VERSION_READY = "Model Version Ready";
  public static final String PROMOTION_STARTED = "Promotion Started";
  public static final String GATES_EVALUATED = "Quality Gates Evaluated";
  public static final String STAGE_CHANGED = "Model Version Stage Changed";
  public static final String SHADOW_REQUESTED = "Shadow Deployment Requested";
  public static final String APPROVAL_REQUESTED = "Approval Requested";
  public static final String PROMOTION_APPROVED = "Promotion Approved";
  public static final String PROMOTION_REJECTED = "Promotion Rejected";
  public static final String CANARY_SHIFTED = "Canary Traffic Shifted";
  public static final String VERSION_PROMOTED = "Model Version Promoted";
  public static final String ROLLED_BACK = "Model Rolled Back";
  public static final String PROMOTION_FAILED = "Promotion Failed";
  public static final String PROMOTION_CANCELLED = "Promotion Cancelled";
  public static final String PROMOTION_EXPIRED = "Promotion Expired";

  private Events() {}

  /** An event about {@code version} recorded by {@code change}; {@code promotionId} may be null. */
  public static RegistryEvent of(String detailType, Change change, long version, String promotionId, Map<String, Object> extra) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("eventId", change.model().id() + "-" + change.audit().seq() + "-"
        + detailType.toLowerCase(Locale.ROOT).replace(' ', '-') + "-v" + version);
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

  public static Map<String, Object> fields(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }
}
