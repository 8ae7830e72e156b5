package com.modelregistry.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.modelregistry.core.RegistryException;
import com.modelregistry.core.domain.Artifact;
import com.modelregistry.core.domain.AuditEntry;
import com.modelregistry.core.domain.IdempotencyRecord;
import com.modelregistry.core.domain.Model;
import com.modelregistry.core.domain.ModelCard;
import com.modelregistry.core.domain.ModelVersion;
import com.modelregistry.core.domain.Observation;
import com.modelregistry.core.domain.ObservationPhase;
import com.modelregistry.core.domain.Routing;
import com.modelregistry.core.domain.Stage;
import com.modelregistry.core.domain.VersionMetadata;
import com.modelregistry.core.domain.VersionStatus;
import com.modelregistry.core.event.RegistryEvent;
import com.modelregistry.core.promotion.ApprovalDecision;
import com.modelregistry.core.promotion.ApprovalRequest;
import com.modelregistry.core.promotion.Promotion;
import com.modelregistry.core.promotion.PromotionCodec;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Hand-written mapping between the domain records and the table's items (ARCHITECTURE.md, "Data"). Every
 * item has string keys PK and SK:
 * <table>
 *   <caption>Items</caption>
 *   <tr><th>item</th><th>PK</th><th>SK</th><th>attributes</th></tr>
 *   <tr><td>name pointer</td><td>NAME#&lt;name&gt;</td><td>META</td><td>modelId</td></tr>
 *   <tr><td>model</td><td>MODEL#&lt;id&gt;</td><td>META</td><td>name … revision, routing (map: production N,
 *       candidate N, mode S, percent N, since S ISO, previousProduction N; absent when null), activePromotion S,
 *       deleted</td></tr>
 *   <tr><td>version</td><td>MODEL#&lt;id&gt;</td><td>V#&lt;10-digit&gt;</td><td>the version's fields</td></tr>
 *   <tr><td>semver claim</td><td>MODEL#&lt;id&gt;</td><td>SEMVER#&lt;semver&gt;</td><td>version</td></tr>
 *   <tr><td>model card</td><td>MODEL#&lt;id&gt;</td><td>CARD#&lt;10-digit&gt;</td><td>content (JSON)</td></tr>
 *   <tr><td>stage marker</td><td>MODEL#&lt;id&gt;</td><td>STAGE#&lt;stage&gt;</td><td>GSI1 (ByStage)</td></tr>
 *   <tr><td>audit entry</td><td>MODEL#&lt;id&gt;</td><td>AUDIT#&lt;10-digit seq&gt;</td><td>hash-chained entry</td></tr>
 *   <tr><td>promotion</td><td>MODEL#&lt;id&gt;</td><td>PROMO#&lt;promotion id&gt;</td><td>doc
 *       ({@link com.modelregistry.core.promotion.PromotionCodec} JSON), status, promotionId</td></tr>
 *   <tr><td>promotion pointer</td><td>PROMOTION#&lt;promotion id&gt;</td><td>META</td><td>modelId</td></tr>
 *   <tr><td>routing change</td><td>MODEL#&lt;id&gt;</td><td>ROUTE#&lt;13-digit epoch millis&gt;#&lt;10-digit audit
 *       seq&gt;</td><td>routing (map as on the model)</td></tr>
 *   <tr><td>observation</td><td>MODEL#&lt;id&gt;</td><td>OBS#&lt;10-digit version&gt;#&lt;PHASE&gt;#&lt;13-digit
 *       window end millis&gt;#&lt;8 random hex&gt;</td><td>the observation's fields</td></tr>
 *   <tr><td>approval link</td><td>APPROVAL#&lt;id&gt;</td><td>META</td><td>taskToken, state, decision, decidedAt,
 *       expiresAt (N, epoch seconds: the table's TTL), expiresAtMillis (N, for exact checks), …</td></tr>
 *   <tr><td>idempotency</td><td>IDEM#&lt;key&gt;</td><td>META</td><td>requestHash, expiresAt (TTL)</td></tr>
 *   <tr><td>event (the outbox)</td><td>MODEL#&lt;id&gt;</td><td>EVENT#&lt;10-digit audit seq&gt;#&lt;2-digit
 *       index&gt;</td><td>eventId, source, detailType, detail (JSON), expiresAt (TTL: {@link #EVENT_RETENTION});
 *       the table's stream carries it to the event relay</td></tr>
 * </table>
 */
final class Items {
  static final String META = "META";
  static final String NAME_PREFIX = "NAME#";
  static final String MODEL_PREFIX = "MODEL#";
  static final String VERSION_PREFIX = "V#";
  static final String SEMVER_PREFIX = "SEMVER#";
  static final String CARD_PREFIX = "CARD#";
  static final String AUDIT_PREFIX = "AUDIT#";
  static final String IDEMPOTENCY_PREFIX = "IDEM#";
  static final String PROMO_PREFIX = "PROMO#";
  static final String PROMOTION_PREFIX = "PROMOTION#";
  static final String ROUTE_PREFIX = "ROUTE#";
  static final String OBSERVATION_PREFIX = "OBS#";
  static final String APPROVAL_PREFIX = "APPROVAL#";
  static final String EVENT_PREFIX = "EVENT#";
  /** How long EVENT# items stay in the table after their change, for replay by an operator. */
  static final Duration EVENT_RETENTION = Duration.ofDays(7);
  /** Sorts after every digit and letter: the upper bound of a key range within a prefix. */
  static final String HIGH = "~";
  static final String STAGE_PREFIX = "STAGE#";
  static final String OWNER_PREFIX = "OWNER#";
  static final String ALL_MODELS = "MODELS";
  static final String BY_STAGE = "ByStage";
  static final String BY_OWNER = "ByOwner";
  static final String BY_NAME = "ByName";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private Items() {}

  static String versionKey(long version) {
    return VERSION_PREFIX + String.format("%010d", version);
  }

  static String cardKey(long version) {
    return CARD_PREFIX + String.format("%010d", version);
  }

  static Map<String, AttributeValue> key(String pk, String sk) {
    return Map.of("PK", s(pk), "SK", s(sk));
  }

  // ---- models

  static Map<String, AttributeValue> namePointer(Model model) {
    return Map.of("PK", s(NAME_PREFIX + model.name()), "SK", s(META), "modelId", s(model.id()));
  }

  static Map<String, AttributeValue> fromModel(Model model, boolean deleted) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("PK", s(MODEL_PREFIX + model.id()));
    item.put("SK", s(META));
    item.put("id", s(model.id()));
    item.put("name", s(model.name()));
    item.put("description", s(model.description()));
    item.put("owner", s(model.owner()));
    item.put("tags", stringMap(model.tags()));
    item.put("latestVersion", n(model.latestVersion()));
    putIfPresent(item, "maxSemver", model.maxSemver());
    Map<String, AttributeValue> stages = new HashMap<>();
    model.stages().forEach((stage, version) -> stages.put(stage.label(), n(version)));
    item.put("stages", AttributeValue.fromM(stages));
    Map<String, AttributeValue> aliases = new HashMap<>();
    model.aliases().forEach((alias, version) -> aliases.put(alias, n(version)));
    item.put("aliases", AttributeValue.fromM(aliases));
    item.put("auditSeq", n(model.auditSeq()));
    putIfPresent(item, "auditHead", model.auditHead());
    item.put("createdBy", s(model.createdBy()));
    item.put("createdAt", s(model.createdAt().toString()));
    item.put("updatedAt", s(model.updatedAt().toString()));
    item.put("revision", n(model.revision()));
    if (model.routing() != null) {
      item.put("routing", fromRouting(model.routing()));
    }
    putIfPresent(item, "activePromotion", model.activePromotion());
    if (deleted) {
      item.put("deleted", AttributeValue.fromBool(true));
    } else {
      item.put("GSI2PK", s(OWNER_PREFIX + model.owner()));
      item.put("GSI2SK", s(model.name()));
      item.put("GSI3PK", s(ALL_MODELS));
      item.put("GSI3SK", s(model.name()));
    }
    return item;
  }

  static Model toModel(Map<String, AttributeValue> item) {
    Map<Stage, Long> stages = new HashMap<>();
    item.get("stages").m().forEach((label, version) -> stages.put(Stage.parse(label), Long.parseLong(version.n())));
    Map<String, Long> aliases = new HashMap<>();
    item.get("aliases").m().forEach((alias, version) -> aliases.put(alias, Long.parseLong(version.n())));
    return new Model(item.get("id").s(), item.get("name").s(), item.get("description").s(), item.get("owner").s(),
        toStringMap(item.get("tags")), Long.parseLong(item.get("latestVersion").n()), optional(item, "maxSemver"),
        stages, aliases, Long.parseLong(item.get("auditSeq").n()), optional(item, "auditHead"),
        item.get("createdBy").s(), Instant.parse(item.get("createdAt").s()), Instant.parse(item.get("updatedAt").s()),
        Long.parseLong(item.get("revision").n()), item.containsKey("routing") ? toRouting(item.get("routing")) : null,
        optional(item, "activePromotion"));
  }

  // ---- routing

  static AttributeValue fromRouting(Routing routing) {
    Map<String, AttributeValue> map = new HashMap<>();
    putIfPresent(map, "production", routing.production());
    putIfPresent(map, "candidate", routing.candidate());
    if (routing.mode() != null) {
      map.put("mode", s(routing.mode().name()));
    }
    map.put("percent", n(routing.percent()));
    if (routing.since() != null) {
      map.put("since", s(routing.since().toString()));
    }
    putIfPresent(map, "previousProduction", routing.previousProduction());
    return AttributeValue.fromM(map);
  }

  static Routing toRouting(AttributeValue value) {
    Map<String, AttributeValue> map = value.m();
    String mode = optional(map, "mode");
    String since = optional(map, "since");
    return new Routing(optionalLong(map, "production"), optionalLong(map, "candidate"),
        mode == null ? null : Routing.Mode.valueOf(mode), Integer.parseInt(map.get("percent").n()),
        since == null ? null : Instant.parse(since), optionalLong(map, "previousProduction"));
  }

  /** The routing change a change with {@code routingChanged} records: in effect from {@code since}. */
  static Map<String, AttributeValue> routingChange(String modelPk, Routing routing, long auditSeq) {
    return Map.of("PK", s(modelPk), "SK", s(routeKey(routing.since().toEpochMilli(), auditSeq)),
        "routing", fromRouting(routing));
  }

  static String routeKey(long millis, long auditSeq) {
    return ROUTE_PREFIX + millis(millis) + "#" + String.format("%010d", auditSeq);
  }

  /** The highest routing-change key at or before the millisecond {@code millis}. */
  static String routeKeyBound(long millis) {
    return ROUTE_PREFIX + millis(millis) + "#" + HIGH;
  }

  // ---- promotions

  static Map<String, AttributeValue> fromPromotion(String modelPk, Promotion promotion) {
    return Map.of("PK", s(modelPk), "SK", s(PROMO_PREFIX + promotion.id()), "promotionId", s(promotion.id()),
        "status", s(promotion.status().name()), "doc", s(PromotionCodec.encode(promotion)));
  }

  static Promotion toPromotion(Map<String, AttributeValue> item) {
    return PromotionCodec.decode(item.get("doc").s());
  }

  /** PROMOTION#&lt;id&gt; → model id: finds a promotion by id alone. */
  static Map<String, AttributeValue> promotionPointer(Promotion promotion) {
    return Map.of("PK", s(PROMOTION_PREFIX + promotion.id()), "SK", s(META), "modelId", s(promotion.modelId()));
  }

  // ---- observations

  static String observationPrefix(long version, ObservationPhase phase) {
    return OBSERVATION_PREFIX + String.format("%010d", version) + "#" + phase.name() + "#";
  }

  static Map<String, AttributeValue> fromObservation(Observation o, String suffix) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("PK", s(MODEL_PREFIX + o.modelId()));
    item.put("SK", s(observationPrefix(o.version(), o.phase()) + millis(o.windowEnd().toEpochMilli()) + "#" + suffix));
    item.put("modelId", s(o.modelId()));
    item.put("version", n(o.version()));
    item.put("phase", s(o.phase().name()));
    putIfPresent(item, "windowStart", o.windowStart());
    item.put("windowEnd", s(o.windowEnd().toString()));
    item.put("requests", n(o.requests()));
    item.put("errors", n(o.errors()));
    putIfPresent(item, "p95LatencyMs", o.p95LatencyMs());
    putIfPresent(item, "disagreementRate", o.disagreementRate());
    Map<String, AttributeValue> metrics = new HashMap<>();
    o.metrics().forEach((name, value) -> metrics.put(name, number(value)));
    item.put("metrics", AttributeValue.fromM(metrics));
    putIfPresent(item, "reportedBy", o.reportedBy());
    putIfPresent(item, "receivedAt", o.receivedAt());
    return item;
  }

  static Observation toObservation(Map<String, AttributeValue> item) {
    Map<String, Double> metrics = new HashMap<>();
    item.get("metrics").m().forEach((name, value) -> metrics.put(name, Double.valueOf(value.n())));
    return new Observation(item.get("modelId").s(), Long.parseLong(item.get("version").n()),
        ObservationPhase.valueOf(item.get("phase").s()), optionalInstant(item, "windowStart"),
        Instant.parse(item.get("windowEnd").s()), Long.parseLong(item.get("requests").n()),
        Long.parseLong(item.get("errors").n()), optionalDouble(item, "p95LatencyMs"),
        optionalDouble(item, "disagreementRate"), metrics, optional(item, "reportedBy"),
        optionalInstant(item, "receivedAt"));
  }

  // ---- approval links

  static Map<String, AttributeValue> approvalKey(String id) {
    return key(APPROVAL_PREFIX + id, META);
  }

  static Map<String, AttributeValue> fromApproval(ApprovalRequest a) {
    Map<String, AttributeValue> item = new HashMap<>(approvalKey(a.id()));
    item.put("id", s(a.id()));
    item.put("promotionId", s(a.promotionId()));
    putIfPresent(item, "modelId", a.modelId());
    putIfPresent(item, "modelName", a.modelName());
    item.put("version", n(a.version()));
    putIfPresent(item, "approver", a.approver());
    putIfPresent(item, "taskToken", a.taskToken());
    putIfPresent(item, "createdAt", a.createdAt());
    if (a.expiresAt() != null) {
      item.put("expiresAt", n(a.expiresAt().getEpochSecond())); // the table's TTL attribute
      item.put("expiresAtMillis", n(a.expiresAt().toEpochMilli()));
      item.put("expiresAtInstant", s(a.expiresAt().toString()));
    }
    item.put("state", s(a.state().name()));
    if (a.decision() != null) {
      item.put("decision", s(a.decision().name()));
    }
    putIfPresent(item, "decidedAt", a.decidedAt());
    return item;
  }

  static ApprovalRequest toApproval(Map<String, AttributeValue> item) {
    String decision = optional(item, "decision");
    return new ApprovalRequest(item.get("id").s(), item.get("promotionId").s(), optional(item, "modelId"),
        optional(item, "modelName"), Long.parseLong(item.get("version").n()), optional(item, "approver"),
        optional(item, "taskToken"), optionalInstant(item, "createdAt"), optionalInstant(item, "expiresAtInstant"),
        ApprovalRequest.State.valueOf(item.get("state").s()),
        decision == null ? null : ApprovalDecision.Decision.valueOf(decision), optionalInstant(item, "decidedAt"));
  }

  /** Epoch milliseconds as 13 digits, so that keys sort by time (until the year 2286). */
  static String millis(long epochMillis) {
    if (epochMillis < 0 || epochMillis > 9_999_999_999_999L) {
      throw new IllegalArgumentException("instant out of the storable range: " + Instant.ofEpochMilli(epochMillis));
    }
    return String.format("%013d", epochMillis);
  }

  // ---- versions

  static Map<String, AttributeValue> fromVersion(ModelVersion version) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("PK", s(MODEL_PREFIX + version.modelId()));
    item.put("SK", s(versionKey(version.version())));
    item.put("modelId", s(version.modelId()));
    item.put("modelName", s(version.modelName()));
    item.put("version", n(version.version()));
    putIfPresent(item, "semver", version.semver());
    item.put("status", s(version.status().name()));
    putIfPresent(item, "statusMessage", version.statusMessage());
    item.put("stage", s(version.stage().label()));
    Map<String, AttributeValue> artifact = new HashMap<>();
    artifact.put("uri", s(version.artifact().uri()));
    putIfPresent(artifact, "filename", version.artifact().filename());
    if (version.artifact().sizeBytes() != null) {
      artifact.put("sizeBytes", n(version.artifact().sizeBytes()));
    }
    putIfPresent(artifact, "sha256", version.artifact().sha256());
    putIfPresent(artifact, "multipartUploadId", version.artifact().multipartUploadId());
    item.put("artifact", AttributeValue.fromM(artifact));
    item.put("metadata", s(json(version.metadata())));
    Map<String, AttributeValue> metrics = new HashMap<>();
    version.metrics().forEach((name, value) -> metrics.put(name, AttributeValue.fromN(BigDecimal.valueOf(value).toString())));
    item.put("metrics", AttributeValue.fromM(metrics));
    item.put("tags", stringMap(version.tags()));
    item.put("description", s(version.description()));
    item.put("createdBy", s(version.createdBy()));
    item.put("createdAt", s(version.createdAt().toString()));
    item.put("updatedAt", s(version.updatedAt().toString()));
    return item;
  }

  static ModelVersion toVersion(Map<String, AttributeValue> item) {
    Map<String, AttributeValue> a = item.get("artifact").m();
    Artifact artifact = new Artifact(a.get("uri").s(), optional(a, "filename"),
        a.containsKey("sizeBytes") ? Long.valueOf(a.get("sizeBytes").n()) : null, optional(a, "sha256"),
        optional(a, "multipartUploadId"));
    Map<String, Double> metrics = new HashMap<>();
    item.get("metrics").m().forEach((name, value) -> metrics.put(name, Double.valueOf(value.n())));
    return new ModelVersion(item.get("modelId").s(), item.get("modelName").s(), Long.parseLong(item.get("version").n()),
        optional(item, "semver"), VersionStatus.valueOf(item.get("status").s()), optional(item, "statusMessage"),
        Stage.parse(item.get("stage").s()), artifact, read(item.get("metadata").s(), VersionMetadata.class), metrics,
        toStringMap(item.get("tags")), item.get("description").s(), item.get("createdBy").s(),
        Instant.parse(item.get("createdAt").s()), Instant.parse(item.get("updatedAt").s()));
  }

  /**
   * The model's entry in the ByStage index for one pointer stage: "which models have a version in
   * Production?" is one Query, not a scan of every model.
   */
  static Map<String, AttributeValue> stageMarker(Model model, Stage stage, long version) {
    return Map.of("PK", s(MODEL_PREFIX + model.id()), "SK", s(stageMarkerKey(stage)), "modelId", s(model.id()),
        "version", n(version), "GSI1PK", s(STAGE_PREFIX + stage.label()), "GSI1SK", s(model.name()));
  }

  static String stageMarkerKey(Stage stage) {
    return STAGE_PREFIX + stage.label();
  }

  static Map<String, AttributeValue> semverClaim(String modelPk, String semver, long version) {
    return Map.of("PK", s(modelPk), "SK", s(SEMVER_PREFIX + semver), "version", n(version));
  }

  // ---- cards, audit, idempotency

  static Map<String, AttributeValue> fromCard(String modelPk, ModelCard card) {
    return Map.of("PK", s(modelPk), "SK", s(cardKey(card.version())), "version", n(card.version()),
        "content", s(json(card.content())), "updatedBy", s(card.updatedBy()), "updatedAt", s(card.updatedAt().toString()));
  }

  static ModelCard toCard(Map<String, AttributeValue> item) {
    return new ModelCard(Long.parseLong(item.get("version").n()), read(item.get("content").s(), OBJECT),
        item.get("updatedBy").s(), Instant.parse(item.get("updatedAt").s()));
  }

  static Map<String, AttributeValue> fromAudit(String modelPk, AuditEntry entry) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("PK", s(modelPk));
    item.put("SK", s(AUDIT_PREFIX + String.format("%010d", entry.seq())));
    item.put("seq", n(entry.seq()));
    item.put("at", s(entry.at().toString()));
    item.put("actor", s(entry.actor()));
    item.put("action", s(entry.action()));
    if (entry.version() != null) {
      item.put("version", n(entry.version()));
    }
    putIfPresent(item, "from", entry.from());
    putIfPresent(item, "to", entry.to());
    putIfPresent(item, "reason", entry.reason());
    item.put("details", stringMap(entry.details()));
    item.put("prevHash", s(entry.prevHash()));
    item.put("hash", s(entry.hash()));
    return item;
  }

  static AuditEntry toAudit(Map<String, AttributeValue> item) {
    return new AuditEntry(Long.parseLong(item.get("seq").n()), Instant.parse(item.get("at").s()), item.get("actor").s(),
        item.get("action").s(), item.containsKey("version") ? Long.valueOf(item.get("version").n()) : null,
        optional(item, "from"), optional(item, "to"), optional(item, "reason"), toStringMap(item.get("details")),
        item.get("prevHash").s(), item.get("hash").s());
  }

  /** The {@code index}-th event of the change recorded by audit entry {@code auditSeq}. */
  static Map<String, AttributeValue> fromEvent(String modelPk, long auditSeq, int index, RegistryEvent event,
      Instant committedAt) {
    return Map.of("PK", s(modelPk), "SK", s(EVENT_PREFIX + String.format("%010d#%02d", auditSeq, index)),
        "eventId", s(event.eventId()), "source", s(RegistryEvent.SOURCE), "detailType", s(event.detailType()),
        "detail", s(json(event.detail())), "expiresAt", n(committedAt.plus(EVENT_RETENTION).getEpochSecond()));
  }

  static Map<String, AttributeValue> fromIdempotency(IdempotencyRecord record) {
    return Map.of("PK", s(IDEMPOTENCY_PREFIX + record.key()), "SK", s(META), "requestHash", s(record.requestHash()),
        "modelId", s(record.modelId()), "version", n(record.version()),
        "expiresAt", n(record.expiresAt().getEpochSecond()), "expiresAtInstant", s(record.expiresAt().toString()));
  }

  static IdempotencyRecord toIdempotency(Map<String, AttributeValue> item) {
    return new IdempotencyRecord(item.get("PK").s().substring(IDEMPOTENCY_PREFIX.length()), item.get("requestHash").s(),
        item.get("modelId").s(), Long.parseLong(item.get("version").n()),
        Instant.parse(item.get("expiresAtInstant").s()));
  }

  // ---- page tokens

  static Map<String, String> toToken(Map<String, AttributeValue> item, List<String> keyAttributes) {
    Map<String, String> position = new HashMap<>();
    keyAttributes.forEach(attribute -> position.put(attribute, item.get(attribute).s()));
    return position;
  }

  static Map<String, AttributeValue> fromToken(Map<String, String> position, List<String> keyAttributes) {
    if (!position.keySet().equals(new java.util.HashSet<>(keyAttributes))) {
      throw RegistryException.invalid("pageToken is not valid for this listing: pass the nextPageToken of the previous page unchanged");
    }
    Map<String, AttributeValue> key = new HashMap<>();
    position.forEach((attribute, value) -> key.put(attribute, s(value)));
    return key;
  }

  // ---- attribute values

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
    if (value != null) {
      item.put(name, s(value));
    }
  }

  private static void putIfPresent(Map<String, AttributeValue> item, String name, Long value) {
    if (value != null) {
      item.put(name, n(value));
    }
  }

  private static void putIfPresent(Map<String, AttributeValue> item, String name, Double value) {
    if (value != null) {
      item.put(name, number(value));
    }
  }

  private static void putIfPresent(Map<String, AttributeValue> item, String name, Instant value) {
    if (value != null) {
      item.put(name, s(value.toString()));
    }
  }

  /** A double as DynamoDB's number: its shortest decimal text, which reads back as the same double. */
  private static AttributeValue number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("DynamoDB stores no NaN or infinity, got " + value);
    }
    return AttributeValue.fromN(BigDecimal.valueOf(value).toString());
  }

  private static Long optionalLong(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : Long.valueOf(value.n());
  }

  private static Double optionalDouble(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : Double.valueOf(value.n());
  }

  private static Instant optionalInstant(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : Instant.parse(value.s());
  }

  private static String optional(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }

  private static AttributeValue stringMap(Map<String, String> map) {
    Map<String, AttributeValue> values = new HashMap<>();
    map.forEach((key, value) -> values.put(key, s(value)));
    return AttributeValue.fromM(values);
  }

  private static Map<String, String> toStringMap(AttributeValue value) {
    Map<String, String> map = new HashMap<>();
    if (value != null) {
      value.m().forEach((key, v) -> map.put(key, v.s()));
    }
    return map;
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serializable as JSON", e);
    }
  }

  private static <T> T read(String json, Class<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is unreadable", e);
    }
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is unreadable", e);
    }
  }
}
