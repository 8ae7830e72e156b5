package com.modelregistry.core.promotion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.modelregistry.core.ErrorCode;
import com.modelregistry.core.RegistryException;
import com.modelregistry.core.domain.Model;
import com.modelregistry.core.domain.ObservationPhase;
import com.modelregistry.core.domain.Principal;
import com.modelregistry.core.domain.Role;
import com.modelregistry.core.domain.Routing;
import com.modelregistry.core.domain.Stage;
import com.modelregistry.core.domain.VersionMetadata;
import com.modelregistry.core.event.RegistryEvent;
import com.modelregistry.core.port.Mailer;
import com.modelregistry.core.port.WorkflowEngine;
import com.modelregistry.core.service.AuditService;
import com.modelregistry.core.service.CreateModelRequest;
import com.modelregistry.core.service.ModelService;
import com.modelregistry.core.service.RegisterVersionRequest;
import com.modelregistry.core.service.UploadPolicy;
import com.modelregistry.core.service.VersionService;
import com.modelregistry.core.testing.InMemoryArtifactStore;
import com.modelregistry.core.testing.InMemoryModelStore;
import com.modelregistry.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The promotion services on in-memory stores, with recording doubles for the workflow engine, the event
 * bus and the mailer (the end-to-end tests in local/ run the real ones).
 */
class PromotionServicesTest {
  static final Pattern LINK = Pattern.compile("/v1/approvals/([0-9a-f]{32})\\?sig=([A-Za-z0-9_-]+)");
  static final Principal TRAINER = new Principal("trainer", "trainer@example.com", Set.of(Role.PUBLISHER));
  static final Principal ANN = new Principal("ann", "ann@example.com", Set.of(Role.APPROVER));

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
  final InMemoryModelStore store = new InMemoryModelStore(clock);
  final InMemoryArtifactStore artifacts = new InMemoryArtifactStore(clock, 1, false);
  final AtomicInteger ids = new AtomicInteger();
  final ModelService models = new ModelService(store, clock, () -> "model-" + ids.incrementAndGet());
  final VersionService versions = new VersionService(store, artifacts, clock,
      new UploadPolicy(1 << 20, 1 << 20, Duration.ofHours(1), Duration.ofMinutes(15)));
  final RecordingEngine engine = new RecordingEngine();
  /** How many events the store's outbox held when the test proper began. */
  int eventsBefore;
  final List<String[]> mails = new ArrayList<>();
  final Mailer mailer = (to, subject, text, html) -> mails.add(new String[] {to, subject, text, html});
  final PromotionService promotions = new PromotionService(store, engine, clock);
  final PromotionWorkflow workflow = new PromotionWorkflow(store, clock);
  final ApprovalService approvals = new ApprovalService(store, engine, mailer,
      () -> "k".repeat(40).getBytes(StandardCharsets.UTF_8), "https://registry.example.com/", clock);

  static final class RecordingEngine implements WorkflowEngine {
    final List<String> started = new ArrayList<>();
    final List<String> stopped = new ArrayList<>();
    final List<String> completed = new ArrayList<>();
    boolean taskOpen = true;

    @Override
    public String executionArnOf(String promotionId) {
      return "arn:aws:states:us-east-1:000000000000:execution:promotion:" + promotionId;
    }

    @Override
    public String start(String promotionId) {
      started.add(promotionId);
      return executionArnOf(promotionId);
    }

    @Override
    public void stop(String executionArn, String reason) {
      stopped.add(executionArn);
    }

    @Override
    public boolean completeTask(String taskToken, String outputJson) {
      completed.add(taskToken + " " + outputJson);
      return taskOpen;
    }
  }

  String model;

  @BeforeEach
  void modelWithProduction() {
    model = "fraud";
    models.create("trainer", new CreateModelRequest(model, null, null, null));
    ready(0.90);
    String first = promotions.start(TRAINER, model, 1, new StartPromotionRequest("Production", "first", plan(null, null))).id();
    runToApproval(first);
    approvals.decideAsApprover(ANN, first, "APPROVE", null);
    workflow.promote(first);
    ready(0.93);
    eventsBefore = store.events().size();
    mails.clear();
  }

  /** The events committed since the test proper began. */
  List<RegistryEvent> events() {
    List<RegistryEvent> all = store.events();
    return all.subList(eventsBefore, all.size());
  }

  long ready(double auc) {
    byte[] bytes = ("weights " + auc).getBytes(StandardCharsets.UTF_8);
    var request = new RegisterVersionRequest(null, null, new RegisterVersionRequest.ArtifactSpec("m.bin",
        (long) bytes.length, InMemoryArtifactStore.sha256Hex(bytes)), null,
        new VersionMetadata("ds-1", "abc", null, null, null, null), Map.of("auc", auc), null, null);
    var registered = versions.register("trainer", model, request, null);
    artifacts.upload(registered.upload().url(), bytes, registered.upload().headers());
    return versions.finalizeUpload("trainer", model, registered.version().version(), null).version().version();
  }

  static PromotionPlan plan(PromotionPlan.Shadow shadow, PromotionPlan.Canary canary) {
    return plan(shadow, canary, List.of("ann@example.com", "bob@example.com"), 1);
  }

  static PromotionPlan plan(PromotionPlan.Shadow shadow, PromotionPlan.Canary canary, List<String> approvers, int required) {
    return new PromotionPlan(new PromotionPlan.Gates(Map.of("auc", new PromotionPlan.MetricGate(0.8, null, 0.01)),
        false, List.of("datasetVersion"), null), shadow, new PromotionPlan.Approval(approvers, required, 3600L), canary);
  }

  static PromotionPlan.Canary canary(int... steps) {
    return new PromotionPlan.Canary(java.util.Arrays.stream(steps).boxed().toList(), 60L, 0.01, 200.0, null, 100L);
  }

  void runToApproval(String id) {
    workflow.begin(id);
    assertTrue(workflow.evaluateGates(id).passed());
    workflow.enterStaging(id);
    if (promotions.get(id).plan().shadow() != null) {
      workflow.startShadow(id);
      observe(2, "SHADOW", 500, 0);
      assertTrue(workflow.evaluateHealth(id, ObservationPhase.SHADOW).healthy());
    }
    approvals.request(id, "token-" + id);
  }

  void observe(long version, String phase, long requests, long errors) {
    clock.advance(Duration.ofSeconds(1));
    Instant end = clock.instant();
    promotions.observe("serving", model, version, new ObservationRequest(phase, end.minusSeconds(30).toString(),
        end.toString(), requests, errors, 120.0, 0.01, null));
  }

  String[] mailTo(String email) {
    return mails.stream().filter(m -> m[0].equals(email)).reduce((a, b) -> b).orElseThrow();
  }

  String[] link(String email) {
    Matcher matcher = LINK.matcher(mailTo(email)[2]);
    assertTrue(matcher.find());
    return new String[] {matcher.group(1), matcher.group(2)};
  }

  Model model() {
    return store.findModelByName(model).orElseThrow();
  }

  static ErrorCode code(Runnable action) {
    return assertThrows(RegistryException.class, action::run).code();
  }

  @Test
  void happyPath_withShadowAndCanary_promotesInOneTransaction() {
    String id = promotions.start(TRAINER, model, 2, new StartPromotionRequest("Production", "better",
        plan(new PromotionPlan.Shadow(60L, 0.01, 0.05, null, 100L), canary(25, 100)))).id();
    assertEquals(List.of(id), engine.started.subList(engine.started.size() - 1, engine.started.size()));
    runToApproval(id);
    assertEquals(PromotionPhase.AWAITING_APPROVAL, promotions.get(id).phase());
    assertEquals(Routing.Mode.SHADOW, model().routing().mode(), "the shadow runs on while the approvers decide");
    assertEquals(2, mails.size());
    assertTrue(mailTo("ann@example.com")[1].contains("fraud version 2"));
    assertTrue(mailTo("ann@example.com")[2].contains("metric:auc"));
    assertTrue(mailTo("ann@example.com")[2].contains("Promotion: " + id), "a mail names its promotion");
    assertTrue(mailTo("ann@example.com")[3].contains(id));

    String[] link = link("ann@example.com");
    var page = approvals.view(link[0], link[1]);
    assertEquals(0.03, page.context().metrics().get(0).delta(), 1e-9);
    var result = approvals.decideByLink(link[0], link[1], page.csrfToken(), "approve", "fine");
    assertTrue(result.settled());
    assertTrue(engine.completed.get(engine.completed.size() - 1).startsWith("token-" + id + " {"));
    assertTrue(engine.completed.get(engine.completed.size() - 1).contains("\"decision\":\"APPROVE\""));

    workflow.shiftCanary(id, 25);
    assertEquals(new Routing(1L, 2L, Routing.Mode.CANARY, 25, model().routing().since(), null).candidate(),
        model().routing().candidate());
    assertFalse(workflow.evaluateHealth(id, ObservationPhase.CANARY).healthy(), "no data is not healthy");
    observe(2, "canary", 1000, 1);
    assertTrue(workflow.evaluateHealth(id, ObservationPhase.CANARY).healthy());
    workflow.shiftCanary(id, 100);
    workflow.shiftCanary(id, 100); // a retried task changes nothing
    workflow.promote(id);
    workflow.promote(id);

    Promotion done = promotions.get(id);
    assertEquals(PromotionStatus.SUCCEEDED, done.status());
    assertEquals(2L, model().stages().get(Stage.PRODUCTION));
    assertNull(model().activePromotion());
    assertEquals(Stage.ARCHIVED, versions.get(model, 1).version().stage());
    assertEquals(1L, model().routing().previousProduction());
    assertTrue(new AuditService(store).verify(model).ok());
    assertTrue(events().stream().anyMatch(e -> e.detailType().equals("Model Version Promoted")
        && e.detail().get("previousVersion").equals(1L)));
    assertEquals(events().size(), events().stream().map(RegistryEvent::eventId).distinct().count(), "event ids are unique");
  }

  @Test
  void start_refusesASecondPromotionAndBadPlans() {
    String id = promotions.start(TRAINER, model, 2, new StartPromotionRequest("Production", null, plan(null, null))).id();
    assertEquals(ErrorCode.CONFLICT, code(() -> promotions.start(TRAINER, model, 2,
        new StartPromotionRequest("Production", null, plan(null, null)))));
    promotions.cancel("trainer", id, "changed my mind");
    assertEquals(ErrorCode.INVALID_ARGUMENT, code(() -> promotions.start(TRAINER, model, 2,
        new StartPromotionRequest("Production", null, plan(null, null, List.of("trainer@example.com"), 1)))),
        "the requester's own approval can't count");
    assertEquals(ErrorCode.INVALID_ARGUMENT, code(() -> promotions.start(TRAINER, model, 2,
        new StartPromotionRequest("Production", null, plan(null, canary(50, 20))))));
    assertEquals(ErrorCode.FAILED_PRECONDITION, code(() -> promotions.start(TRAINER, model, 1,
        new StartPromotionRequest("Production", null, plan(null, null)))), "already in production");
    assertEquals(ErrorCode.PERMISSION_DENIED, code(() -> promotions.start(new Principal("svc", null,
        Set.of(Role.PUBLISHER)), model, 2, new StartPromotionRequest("Production", null, plan(null, null)))),
        "without an email a requester could approve their own promotion");
  }

  @Test
  void theCandidate_cantBeArchivedWhileItsPromotionRuns() {
    String id = promotions.start(TRAINER, model, 2, new StartPromotionRequest("Production", null, plan(null, null))).id();
    assertEquals(ErrorCode.FAILED_PRECONDITION, code(() -> versions.archive("trainer", model, 2, "oops")));
    promotions.cancel("trainer", id, null);
    assertEquals(Stage.ARCHIVED, versions.archive("trainer", model, 2, "oops").version().stage());
  }

  @Test
  void gates_failOnADropBelowProduction_andReportExpectedAndActual() {
    long worse = ready(0.85);
    String id = promotions.start(TRAINER, model, worse, new StartPromotionRequest("Production", null, plan(null, null))).id();
    workflow.begin(id);
    GateReport report = workflow.evaluateGates(id);
    assertFalse(report.passed());
    assertEquals(List.of("metric:auc"), report.failedNames());
    assertTrue(report.gates().stream().anyMatch(g -> g.actual().contains("-0.05 vs production")), report.toString());
    assertEquals(ErrorCode.FAILED_PRECONDITION, code(() -> workflow.enterStaging(id)));
    workflow.rollback(id, PromotionStatus.REJECTED, "quality gates failed");
    assertEquals(PromotionStatus.REJECTED, promotions.get(id).status());
    assertNull(model().activePromotion());
  }

  @Test
  void links_areSignedSingleUseExpiringAndNeverTheRequesters() {
    String id = promotions.start(TRAINER, model, 2, new StartPromotionRequest("Production", null,
        plan(null, null, List.of("trainer@example.com", "ann@example.com", "bob@example.com"), 2))).id();
    runToApproval(id);
    String[] own = link("trainer@example.com");
    assertEquals(ErrorCode.PERMISSION_DENIED, code(() -> approvals.view(own[0], own[1])));
    assertEquals(ErrorCode.PERMISSION_DENIED, code(() -> approvals.decideAsApprover(
        new Principal("trainer", "trainer@example.com", Set.of(Role.ADMIN)), id, "APPROVE", null)));

    String[] ann = link("ann@example.com");
    assertEquals(ErrorCode.PERMISSION_DENIED, code(() -> approvals.view(ann[0], ann[1] + "x")));
    var page = approvals.view(ann[0], ann[1]);
    assertEquals(ErrorCode.PERMISSION_DENIED, code(() -> approvals.decideByLink(ann[0], ann[1], "forged", "APPROVE", null)));
    var first = approvals.decideByLink(ann[0], ann[1], page.csrfToken(), "APPROVE", null);
    assertFalse(first.settled());
    assertEquals(1, first.approvalsMissing());
    assertTrue(engine.completed.stream().noneMatch(c -> c.startsWith("token-" + id)), "no quorum yet");
    assertEquals(ErrorCode.GONE, code(() -> approvals.decideByLink(ann[0], ann[1], page.csrfToken(), "APPROVE", null)));
    assertEquals(ErrorCode.GONE, code(() -> approvals.decideAsApprover(ANN, id, "REJECT", null)), "one decision each");

    String[] bob = link("bob@example.com");
    var bobPage = approvals.view(bob[0], bob[1]);
    clock.advance(Duration.ofSeconds(3601));
    assertEquals(ErrorCode.GONE, code(() -> approvals.decideByLink(bob[0], bob[1], bobPage.csrfToken(), "APPROVE", null)));
  }

  @Test
  void anyReject_settlesTheApprovalAsRejected() {
    String id = promotions.start(TRAINER, model, 2, new StartPromotionRequest("Production", null,
        plan(null, null, List.of("ann@example.com", "bob@example.com"), 2))).id();
    runToApproval(id);
    var result = approvals.decideAsApprover(new Principal("bob", "Bob@Example.com", Set.of(Role.APPROVER)), id,
        "reject", "no");
    assertTrue(result.settled());
    assertTrue(engine.completed.get(engine.completed.size() - 1).contains("\"decision\":\"REJECT\""));
    assertEquals(ErrorCode.FAILED_PRECONDITION, code(() -> workflow.shiftCanary(id, 10)), "no traffic after a reject");
    engine.taskOpen = false;
  }

  @Test
  void aRetriedApprovalTask_replacesTheLinks() {
    String id = promotions.start(TRAINER, model, 2, new StartPromotionRequest("Production", null, plan(null, null))).id();
    runToApproval(id);
    String[] old = link("ann@example.com");
    approvals.request(id, "second-token"); // Step Functions retried the task: a new token, new links
    assertEquals(ErrorCode.GONE, code(() -> approvals.view(old[0], old[1])));
    String[] current = link("ann@example.com");
    var page = approvals.view(current[0], current[1]);
    assertTrue(approvals.decideByLink(current[0], current[1], page.csrfToken(), "APPROVE", null).settled());
    assertTrue(engine.completed.get(engine.completed.size() - 1).startsWith("second-token "));
  }

  @Test
  void aDecisionAfterTheWorkflowTimedOut_isGone() {
    String id = promotions.start(TRAINER, model, 2, new StartPromotionRequest("Production", null, plan(null, null))).id();
    runToApproval(id);
    engine.taskOpen = false;
    assertEquals(ErrorCode.GONE, code(() -> approvals.decideAsApprover(ANN, id, "APPROVE", null)));
  }

  @Test
  void rollback_takesTheCandidateOffTraffic_andCancelStopsTheWorkflow() {
    String id = promotions.start(TRAINER, model, 2, new StartPromotionRequest("Production", null,
        plan(null, canary(10, 100)))).id();
    runToApproval(id);
    approvals.decideAsApprover(ANN, id, "APPROVE", null);
    workflow.shiftCanary(id, 10);
    assertEquals(10, model().routing().percent());
    workflow.rollback(id, PromotionStatus.ROLLED_BACK, "error rate");
    workflow.rollback(id, PromotionStatus.FAILED, "retried"); // already ended: no-op
    assertEquals(PromotionStatus.ROLLED_BACK, promotions.get(id).status());
    assertNull(model().routing().candidate());
    assertEquals(1L, model().routing().production());
    assertEquals(Stage.NONE, versions.get(model, 2).version().stage());
    assertTrue(events().stream().anyMatch(e -> e.detailType().equals("Model Rolled Back")));

    String next = promotions.start(TRAINER, model, 2, new StartPromotionRequest("Production", null, plan(null, null))).id();
    promotions.cancel("trainer", next, null);
    assertTrue(engine.stopped.contains(engine.executionArnOf(next)));
    assertEquals(ErrorCode.FAILED_PRECONDITION, code(() -> workflow.evaluateGates(next)));
    assertEquals(ErrorCode.FAILED_PRECONDITION, code(() -> promotions.cancel("trainer", next, null)));
  }

  @Test
  void manualRollback_returnsProductionToThePreviousVersion() {
    String id = promotions.start(TRAINER, model, 2, new StartPromotionRequest("Production", null, plan(null, null))).id();
    runToApproval(id);
    approvals.decideAsApprover(ANN, id, "APPROVE", null);
    workflow.promote(id);
    var result = promotions.rollback("root", model, null, "latency");
    assertEquals(2L, result.fromVersion());
    assertEquals(1L, result.toVersion());
    assertEquals(1L, model().stages().get(Stage.PRODUCTION));
    assertEquals(Stage.ARCHIVED, versions.get(model, 2).version().stage());
    assertEquals(ErrorCode.FAILED_PRECONDITION, code(() -> promotions.rollback("root", model, null, "again")),
        "nothing left to roll back to without toVersion");
    Instant before = clock.instant();
    clock.advance(Duration.ofSeconds(5));
    promotions.rollback("root", model, 2L, "forward again");
    assertEquals(1L, promotions.routing(model, before).orElseThrow().production(), "routing history answers for T");
    assertEquals(2L, promotions.routing(model, null).orElseThrow().production());
  }

  @Test
  void observations_areValidated() {
    Instant now = clock.instant();
    assertEquals(ErrorCode.INVALID_ARGUMENT, code(() -> promotions.observe("s", model, 2, new ObservationRequest(
        "canary", now.toString(), now.minusSeconds(1).toString(), 10L, 1L, null, null, null))));
    assertEquals(ErrorCode.INVALID_ARGUMENT, code(() -> promotions.observe("s", model, 2, new ObservationRequest(
        "canary", now.minusSeconds(5).toString(), now.toString(), 10L, 11L, null, null, null))));
    assertEquals(ErrorCode.INVALID_ARGUMENT, code(() -> promotions.observe("s", model, 2, new ObservationRequest(
        "blue", now.minusSeconds(5).toString(), now.toString(), 10L, 1L, null, null, null))));
    assertEquals(ErrorCode.NOT_FOUND, code(() -> promotions.observe("s", model, 9, new ObservationRequest(
        "canary", now.minusSeconds(5).toString(), now.toString(), 10L, 1L, null, null, null))));
  }
}
