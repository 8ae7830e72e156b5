package com.modelregistry.core.testing;

import com.modelregistry.core.domain.AuditEntry;
import com.modelregistry.core.domain.IdempotencyRecord;
import com.modelregistry.core.domain.Model;
import com.modelregistry.core.domain.Routing;
import com.modelregistry.core.domain.Stage;
import com.modelregistry.core.domain.ModelCard;
import com.modelregistry.core.domain.ModelVersion;
import com.modelregistry.core.port.Change;
import com.modelregistry.core.promotion.ApprovalRequest;
import com.modelregistry.core.promotion.Promotion;
import com.modelregistry.core.service.AuditChain;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Builds {@link Change}s the way the services do (next model state, revision + 1, a hash-chained audit
 * entry), for tests that drive a {@link com.modelregistry.core.port.ModelStore} directly.
 */
public final class ChangeFixture {
  private final Model base;
  private Model next;
  private long expectedRevision;
  private boolean deleting;
  private final List<ModelVersion> versions = new ArrayList<>();
  private final Map<String, Long> semvers = new LinkedHashMap<>();
  private ModelCard card;
  private IdempotencyRecord idempotency;
  private Instant at = Instant.parse("2025-01-01T00:00:00Z");
  private String actor = "tester";
  private String action = "TEST_CHANGE";
  private Long auditVersion;
  private String reason;
  private Map<String, String> details = Map.of();
  private Promotion promotion;
  private boolean routingChanged;
  private final List<ApprovalRequest> approvalRequests = new ArrayList<>();
  private ApprovalRequest decidedApproval;

  private ChangeFixture(Model base, long expectedRevision) {
    this.base = base;
    this.next = base;
    this.expectedRevision = expectedRevision;
  }

  /** A fresh model at revision 0, never stored, with the given name and a random id. */
  public static Model newModel(String name, Instant at) {
    return new Model("m-" + UUID.randomUUID(), name, "", "owner@example.com", Map.of(), 0, null, Map.of(), Map.of(),
        0, null, "creator", at, at, 0, null, null);
  }

  /** The creation of {@code fresh} (expected revision 0, which claims its name). */
  public static ChangeFixture creating(Model fresh) {
    return new ChangeFixture(fresh, 0).action("CREATE_MODEL");
  }

  /** A change to the model as read ({@code current.revision()} expected). */
  public static ChangeFixture updating(Model current) {
    return new ChangeFixture(current, current.revision());
  }

  /** Edits the model's next state (before the audit tail and revision are advanced). */
  public ChangeFixture model(UnaryOperator<Model> edit) {
    next = edit.apply(next);
    return this;
  }

  /** Pretends the model was read at another revision (a stale or future read). */
  public ChangeFixture expectingRevision(long revision) {
    expectedRevision = revision;
    return this;
  }

  public ChangeFixture deleting() {
    deleting = true;
    return this.action("DELETE_MODEL");
  }

  public ChangeFixture version(ModelVersion version) {
    versions.add(version);
    return this;
  }

  public ChangeFixture semver(String semver, long version) {
    semvers.put(semver, version);
    return this;
  }

  public ChangeFixture card(ModelCard modelCard) {
    card = modelCard;
    return this;
  }

  public ChangeFixture idempotency(IdempotencyRecord record) {
    idempotency = record;
    return this;
  }

  public ChangeFixture at(Instant instant) {
    at = instant;
    return this;
  }

  public ChangeFixture actor(String name) {
    actor = name;
    return this;
  }

  public ChangeFixture action(String name) {
    action = name;
    return this;
  }

  public ChangeFixture auditVersion(Long version) {
    auditVersion = version;
    return this;
  }

  public ChangeFixture reason(String why) {
    reason = why;
    return this;
  }

  public ChangeFixture details(Map<String, String> more) {
    details = more;
    return this;
  }

  /** A promotion to write with the change (new, or a new state). */
  public ChangeFixture promotion(Promotion value) {
    promotion = value;
    return this;
  }

  /** Sets the model's routing and marks it new, so the store records it as in effect from {@code since}. */
  public ChangeFixture routing(Routing routing) {
    next = next.withRouting(routing);
    routingChanged = true;
    return this;
  }

  public ChangeFixture approvalRequest(ApprovalRequest request) {
    approvalRequests.add(request);
    return this;
  }

  public ChangeFixture decidedApproval(ApprovalRequest decided) {
    decidedApproval = decided;
    return this;
  }

  public Change build() {
    long seq = next.auditSeq() + 1;
    String prevHash = next.auditHead() == null ? AuditChain.GENESIS : next.auditHead();
    AuditEntry unsigned = new AuditEntry(seq, at, actor, action, auditVersion, null, null, reason, details, prevHash, null);
    AuditEntry entry = new AuditEntry(seq, at, actor, action, auditVersion, null, null, reason, details, prevHash,
        AuditChain.hashOf(unsigned));
    Model m = next;
    Model advanced = new Model(m.id(), m.name(), m.description(), m.owner(), m.tags(), m.latestVersion(), m.maxSemver(),
        m.stages(), m.aliases(), seq, entry.hash(), m.createdBy(), m.createdAt(), at, expectedRevision + 1,
        m.routing(), m.activePromotion());
    Map<Stage, Long> previousStages = expectedRevision == 0 ? Map.of() : base.stages();
    return new Change(advanced, expectedRevision, previousStages, deleting, versions, semvers, card, entry, idempotency,
        promotion, routingChanged, approvalRequests, decidedApproval, List.of());
  }

  /** The model this fixture started from. */
  public Model base() {
    return base;
  }
}
