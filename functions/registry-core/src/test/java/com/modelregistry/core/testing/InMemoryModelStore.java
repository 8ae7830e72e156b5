package com.modelregistry.core.testing;

import com.modelregistry.core.ConcurrentUpdateException;
import com.modelregistry.core.RegistryException;
import com.modelregistry.core.domain.AuditEntry;
import com.modelregistry.core.domain.IdempotencyRecord;
import com.modelregistry.core.domain.Model;
import com.modelregistry.core.domain.ModelCard;
import com.modelregistry.core.domain.ModelFilter;
import com.modelregistry.core.domain.ModelVersion;
import com.modelregistry.core.domain.Page;
import com.modelregistry.core.domain.PageRequest;
import com.modelregistry.core.domain.VersionFilter;
import com.modelregistry.core.domain.VersionMetadata;
import com.modelregistry.core.domain.Observation;
import com.modelregistry.core.domain.ObservationPhase;
import com.modelregistry.core.domain.Routing;
import com.modelregistry.core.domain.Stage;
import com.modelregistry.core.event.RegistryEvent;
import com.modelregistry.core.port.Change;
import com.modelregistry.core.port.ModelStore;
import com.modelregistry.core.port.PageTokens;
import com.modelregistry.core.promotion.ApprovalRequest;
import com.modelregistry.core.promotion.Promotion;
import com.modelregistry.core.promotion.PromotionStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A {@link ModelStore} in memory with the semantics of the DynamoDB single-table store: one atomic,
 * revision-guarded commit per change; a name pointer per live model; deleted models keep their items;
 * idempotency records expire; numbers inside hyperparameters and model cards come back as
 * {@link java.math.BigDecimal} (as DynamoDB's number type does); promotions are indexed by id and listed
 * newest first by id (ids are time-sortable); routings are keyed, like the table's {@code ROUTE#} items, by
 * the epoch millisecond they took effect and the audit seq of their change; observations compare their
 * window ends at millisecond precision; an approval link is decided at most once and only before it
 * expires (to the millisecond); a change writing more than {@value #MAX_TRANSACTION_ITEMS} items is refused
 * as DynamoDB's TransactWriteItems would. Thread-safe (one lock).
 *
 * <p>Test hooks ({@link #replaceAuditEntry}, {@link #removeAuditEntry}) alter stored items behind the
 * services' back, to show that the audit chain notices.
 */
public final class InMemoryModelStore implements ModelStore {
  static final String MODELS_LISTING = "models";

  private final Clock clock;
  /** name → id of the live model holding it. */
  private final Map<String, String> names = new HashMap<>();
  private final Map<String, StoredModel> models = new HashMap<>();
  private final Map<String, NavigableMap<Long, ModelVersion>> versions = new HashMap<>();
  private final Map<String, Map<String, Long>> semvers = new HashMap<>();
  private final Map<String, Map<Long, ModelCard>> cards = new HashMap<>();
  private final Map<String, NavigableMap<Long, AuditEntry>> audits = new HashMap<>();
  private final Map<String, IdempotencyRecord> idempotency = new HashMap<>();
  /** model id → promotion id → promotion (promotion ids sort by creation time). */
  private final Map<String, NavigableMap<String, Promotion>> promotions = new HashMap<>();
  /** promotion id → model id. */
  private final Map<String, String> promotionModels = new HashMap<>();
  /** model id → "<13-digit since millis>#<10-digit audit seq>" → routing in effect from then on. */
  private final Map<String, NavigableMap<String, Routing>> routings = new HashMap<>();
  private final Map<String, List<Observation>> observations = new HashMap<>();
  private final Map<String, ApprovalRequest> approvals = new HashMap<>();
  /** The outbox: every committed change's events with their model's id, in commit order. */
  private final List<Map.Entry<String, RegistryEvent>> outbox = new ArrayList<>();

  /** DynamoDB's TransactWriteItems limit, which one change's items must respect. */
  public static final int MAX_TRANSACTION_ITEMS = 100;

  private record StoredModel(Model model, boolean deleted) {}

  /** A store whose idempotency records expire by the system clock. */
  public InMemoryModelStore() {
    this(Clock.systemUTC());
  }

  /** A store whose idempotency records expire by the given clock. */
  public InMemoryModelStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Optional<Model> findModelByName(String name) {
    return Optional.ofNullable(names.get(name)).map(id -> models.get(id).model());
  }

  @Override
  public synchronized Optional<Model> findModelById(String modelId) {
    return Optional.ofNullable(models.get(modelId)).filter(stored -> !stored.deleted()).map(StoredModel::model);
  }

  @Override
  public synchronized Optional<ModelVersion> findVersion(String modelId, long version) {
    return Optional.ofNullable(versions.getOrDefault(modelId, new TreeMap<>()).get(version));
  }

  @Override
  public synchronized Optional<Long> findVersionBySemver(String modelId, String semver) {
    return Optional.ofNullable(semvers.getOrDefault(modelId, Map.of()).get(semver));
  }

  @Override
  public synchronized Optional<ModelCard> findModelCard(String modelId, long version) {
    return Optional.ofNullable(cards.getOrDefault(modelId, Map.of()).get(version));
  }

  @Override
  public synchronized Optional<IdempotencyRecord> findIdempotencyRecord(String key) {
    return Optional.ofNullable(idempotency.get(key)).filter(this::unexpired);
  }

  @Override
  public synchronized Page<Model> listModels(ModelFilter filter, PageRequest page) {
    String after = page.pageToken() == null ? null : position(MODELS_LISTING, page.pageToken());
    Stream<Model> matching = names.values().stream().map(id -> models.get(id).model())
        .sorted(Comparator.comparing(Model::name))
        .filter(m -> after == null || m.name().compareTo(after) > 0)
        .filter(filter::matches);
    return page(matching, page, MODELS_LISTING, Model::name);
  }

  @Override
  public synchronized Page<ModelVersion> listVersions(String modelId, VersionFilter filter, PageRequest page) {
    String listing = "versions/" + modelId;
    Long before = page.pageToken() == null ? null : number(position(listing, page.pageToken()));
    Stream<ModelVersion> matching = versions.getOrDefault(modelId, new TreeMap<>()).descendingMap().values().stream()
        .filter(v -> before == null || v.version() < before)
        .filter(filter::matches);
    return page(matching, page, listing, v -> String.valueOf(v.version()));
  }

  @Override
  public synchronized Page<AuditEntry> listAudit(String modelId, PageRequest page) {
    String listing = "audit/" + modelId;
    Long after = page.pageToken() == null ? null : number(position(listing, page.pageToken()));
    Stream<AuditEntry> matching = audits.getOrDefault(modelId, new TreeMap<>()).values().stream()
        .filter(e -> after == null || e.seq() > after);
    return page(matching, page, listing, e -> String.valueOf(e.seq()));
  }

  @Override
  public synchronized Optional<Promotion> findPromotion(String promotionId) {
    return Optional.ofNullable(promotionModels.get(promotionId)).map(modelId -> promotions.get(modelId).get(promotionId));
  }

  @Override
  public synchronized Page<Promotion> listPromotions(String modelId, PromotionStatus status, PageRequest page) {
    String listing = "promotions/" + modelId;
    String before = page.pageToken() == null ? null : position(listing, page.pageToken());
    Stream<Promotion> matching = promotions.getOrDefault(modelId, new TreeMap<>()).descendingMap().values().stream()
        .filter(p -> before == null || p.id().compareTo(before) < 0)
        .filter(p -> status == null || p.status() == status);
    return page(matching, page, listing, Promotion::id);
  }

  @Override
  public synchronized Optional<Routing> findRoutingAt(String modelId, Instant at) {
    return Optional.ofNullable(routings.getOrDefault(modelId, new TreeMap<>()).floorEntry(routeKey(at.toEpochMilli(), "~")))
        .map(Map.Entry::getValue);
  }

  @Override
  public synchronized void appendObservation(Observation observation) {
    Objects.requireNonNull(observation.windowEnd(), "windowEnd");
    observations.computeIfAbsent(observation.modelId(), k -> new ArrayList<>()).add(observation);
  }

  @Override
  public synchronized List<Observation> listObservations(String modelId, long version, ObservationPhase phase,
      Instant endedAfter) {
    long after = endedAfter.toEpochMilli();
    return observations.getOrDefault(modelId, List.of()).stream()
        .filter(o -> o.version() == version && o.phase() == phase && o.windowEnd().toEpochMilli() > after)
        .sorted(Comparator.comparingLong(o -> o.windowEnd().toEpochMilli())) // stable: ties stay in arrival order
        .toList();
  }

  @Override
  public synchronized Optional<ApprovalRequest> findApprovalRequest(String id) {
    return Optional.ofNullable(approvals.get(id));
  }

  @Override
  public synchronized void commit(Change change) {
    Model next = change.model();
    String id = next.id();
    StoredModel stored = models.get(id);
    if (change.createsModel()) {
      if (stored != null) {
        throw new ConcurrentUpdateException("model id " + id + " already exists");
      }
      if (names.containsKey(next.name())) {
        throw new ConcurrentUpdateException("model name '" + next.name() + "' is taken");
      }
    } else {
      if (stored == null || stored.deleted()) {
        throw new ConcurrentUpdateException("model " + id + " does not exist (any more)");
      }
      if (stored.model().revision() != change.expectedRevision()) {
        throw new ConcurrentUpdateException("model " + id + " is at revision " + stored.model().revision()
            + ", the change expected " + change.expectedRevision());
      }
      if (!stored.model().name().equals(next.name())) {
        throw new IllegalArgumentException("a Change can't rename a model (" + stored.model().name() + " → " + next.name() + ")");
      }
    }
    IdempotencyRecord idem = change.idempotency();
    if (idem != null && idempotency.containsKey(idem.key()) && unexpired(idempotency.get(idem.key()))) {
      throw new ConcurrentUpdateException("idempotency key " + idem.key() + " is already used");
    }
    Map<String, Long> claimed = semvers.getOrDefault(id, Map.of());
    for (String semver : change.semverClaims().keySet()) {
      if (claimed.containsKey(semver)) {
        throw new ConcurrentUpdateException("semver " + semver + " is already claimed in model " + id);
      }
    }
    if (audits.getOrDefault(id, new TreeMap<>()).containsKey(change.audit().seq())) {
      throw new ConcurrentUpdateException("audit entry " + change.audit().seq() + " of model " + id + " exists");
    }
    for (ModelVersion version : change.versions()) {
      if (!version.modelId().equals(id)) {
        throw new IllegalArgumentException("version " + version.version() + " belongs to model " + version.modelId()
            + ", not to the changed model " + id);
      }
    }
    Promotion promotion = change.promotion();
    if (promotion != null && !id.equals(promotion.modelId())) {
      throw new IllegalArgumentException("promotion " + promotion.id() + " belongs to model " + promotion.modelId()
          + ", not to the changed model " + id);
    }
    if (change.routingChanged() && next.routing().since() == null) {
      throw new IllegalArgumentException("a changed routing needs its 'since' instant");
    }
    int items = transactionItems(change);
    if (items > MAX_TRANSACTION_ITEMS) {
      throw new IllegalArgumentException("the change writes " + items + " items; one transaction holds at most "
          + MAX_TRANSACTION_ITEMS);
    }
    Set<String> newApprovals = new HashSet<>();
    for (ApprovalRequest request : change.approvalRequests()) {
      if (approvals.containsKey(request.id()) || !newApprovals.add(request.id())) {
        throw new ConcurrentUpdateException("approval request " + request.id() + " exists");
      }
    }
    ApprovalRequest decided = change.decidedApproval();
    if (decided != null) {
      if (decided.decidedAt() == null || decided.decision() == null) {
        throw new IllegalArgumentException("a decided approval needs its decision and decidedAt");
      }
      ApprovalRequest current = approvals.get(decided.id());
      if (current == null || current.state() != ApprovalRequest.State.PENDING) {
        throw new ConcurrentUpdateException("approval request " + decided.id() + " is not pending (any more)");
      }
      if (current.expiresAt() != null && current.expiresAt().toEpochMilli() <= decided.decidedAt().toEpochMilli()) {
        throw new ConcurrentUpdateException("approval request " + decided.id() + " expired at " + current.expiresAt());
      }
    }

    // All conditions hold: apply every write.
    if (change.deleteModel()) {
      names.remove(next.name(), id);
    } else {
      names.put(next.name(), id);
    }
    models.put(id, new StoredModel(next, change.deleteModel()));
    for (ModelVersion version : change.versions()) {
      versions.computeIfAbsent(id, k -> new TreeMap<>()).put(version.version(), stored(version));
    }
    if (!change.semverClaims().isEmpty()) {
      semvers.computeIfAbsent(id, k -> new HashMap<>()).putAll(change.semverClaims());
    }
    if (change.card() != null) {
      ModelCard card = change.card();
      cards.computeIfAbsent(id, k -> new HashMap<>()).put(card.version(),
          new ModelCard(card.version(), storedMap(card.content()), card.updatedBy(), card.updatedAt()));
    }
    audits.computeIfAbsent(id, k -> new TreeMap<>()).put(change.audit().seq(), change.audit());
    if (idem != null) {
      idempotency.put(idem.key(), idem);
    }
    if (promotion != null) {
      promotions.computeIfAbsent(id, k -> new TreeMap<>()).put(promotion.id(), promotion);
      promotionModels.put(promotion.id(), id);
    }
    if (change.routingChanged()) {
      routings.computeIfAbsent(id, k -> new TreeMap<>())
          .put(routeKey(next.routing().since().toEpochMilli(), String.format("%010d", change.audit().seq())), next.routing());
    }
    for (ApprovalRequest request : change.approvalRequests()) {
      approvals.put(request.id(), request);
    }
    if (decided != null) {
      // Like DynamoDB's conditional update: only the decision is written, the rest of the link stays as stored.
      approvals.put(decided.id(), approvals.get(decided.id()).decided(decided.decision(), decided.decidedAt()));
    }
    change.events().forEach(event -> outbox.add(Map.entry(id, event)));
  }

  /** The events of every committed change, in commit order (what the relay would publish). */
  public synchronized List<RegistryEvent> events() {
    return outbox.stream().map(Map.Entry::getValue).toList();
  }

  /** The events of the model's committed changes, in commit order. */
  public synchronized List<RegistryEvent> events(String modelId) {
    return outbox.stream().filter(entry -> entry.getKey().equals(modelId)).map(Map.Entry::getValue).toList();
  }

  // ---- test hooks

  /** Rewrites a stored audit entry in place (no revision check, no hash update): simulated tampering. */
  public synchronized void replaceAuditEntry(String modelId, long seq, UnaryOperator<AuditEntry> edit) {
    NavigableMap<Long, AuditEntry> entries = audits.get(modelId);
    if (entries == null || !entries.containsKey(seq)) {
      throw new IllegalArgumentException("model " + modelId + " has no audit entry " + seq);
    }
    entries.put(seq, edit.apply(entries.get(seq)));
  }

  /** Deletes a stored audit entry: simulated tampering. */
  public synchronized void removeAuditEntry(String modelId, long seq) {
    NavigableMap<Long, AuditEntry> entries = audits.get(modelId);
    if (entries == null || entries.remove(seq) == null) {
      throw new IllegalArgumentException("model " + modelId + " has no audit entry " + seq);
    }
  }

  /** Writes an audit entry at its seq, over any entry there, without touching the model: simulated forgery. */
  public synchronized void forgeAuditEntry(String modelId, AuditEntry entry) {
    audits.computeIfAbsent(modelId, k -> new TreeMap<>()).put(entry.seq(), entry);
  }

  /** Every version stored for the model id (deleted models included), oldest first. */
  public synchronized List<ModelVersion> allVersions(String modelId) {
    return new ArrayList<>(versions.getOrDefault(modelId, new TreeMap<>()).values());
  }

  // ---- helpers

  private static String routeKey(long millis, String seq) {
    return String.format("%013d", millis) + "#" + seq;
  }

  /** How many items the DynamoDB store writes for the change (its TransactWriteItems must hold them all). */
  static int transactionItems(Change change) {
    int items = 2; // the model item and the audit entry
    if (change.createsModel() || change.deleteModel()) {
      items++; // the name pointer
    }
    for (Stage stage : new Stage[] {Stage.STAGING, Stage.PRODUCTION}) {
      Long before = change.previousStages().get(stage);
      Long after = change.deleteModel() ? null : change.model().stages().get(stage);
      if (!Objects.equals(before, after)) {
        items++; // the stage index marker
      }
    }
    items += change.versions().size() + change.semverClaims().size();
    items += change.card() == null ? 0 : 1;
    items += change.idempotency() == null ? 0 : 1;
    items += change.promotion() == null ? 0 : 2; // the promotion and its id pointer
    items += change.routingChanged() ? 1 : 0;
    items += change.approvalRequests().size();
    items += change.decidedApproval() == null ? 0 : 1;
    items += change.events().size(); // the outbox
    return items;
  }

  private boolean unexpired(IdempotencyRecord record) {
    return record.expiresAt() == null || record.expiresAt().isAfter(clock.instant());
  }

  private static ModelVersion stored(ModelVersion v) {
    VersionMetadata m = v.metadata();
    VersionMetadata metadata = new VersionMetadata(m.datasetVersion(), m.gitCommit(), m.trainer(), m.framework(),
        m.runId(), storedMap(m.hyperparameters()));
    return new ModelVersion(v.modelId(), v.modelName(), v.version(), v.semver(), v.status(), v.statusMessage(),
        v.stage(), v.artifact(), metadata, v.metrics(), v.tags(), v.description(), v.createdBy(), v.createdAt(),
        v.updatedAt());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> storedMap(Map<String, Object> map) {
    return map == null ? null : (Map<String, Object>) JsonValues.asStored(map);
  }

  private static String position(String listing, String token) {
    String position = PageTokens.decode(listing, token).get("after");
    if (position == null) {
      throw invalidToken();
    }
    return position;
  }

  private static long number(String position) {
    try {
      return Long.parseLong(position);
    } catch (NumberFormatException e) {
      throw invalidToken();
    }
  }

  private static RegistryException invalidToken() {
    return RegistryException.invalid("pageToken is not valid for this listing: pass the nextPageToken of the "
        + "previous page unchanged, or omit it to start over");
  }

  /** A full page (one more item is looked at, so the last page has no token). */
  private static <T> Page<T> page(Stream<T> matching, PageRequest page, String listing, Function<T, String> positionOf) {
    List<T> items = matching.limit(page.pageSize() + 1L).toList();
    if (items.size() <= page.pageSize()) {
      return new Page<>(items, null);
    }
    List<T> shown = items.subList(0, page.pageSize());
    return new Page<>(shown, PageTokens.encode(listing, Map.of("after", positionOf.apply(shown.get(shown.size() - 1)))));
  }
}
