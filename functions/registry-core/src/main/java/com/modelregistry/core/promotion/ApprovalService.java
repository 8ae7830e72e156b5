package com.modelregistry.core.promotion;

import com.modelregistry.core.RegistryException;
import com.modelregistry.core.domain.Model;
import com.modelregistry.core.domain.ModelVersion;
import com.modelregistry.core.domain.Principal;
import com.modelregistry.core.domain.Stage;
import com.modelregistry.core.event.Events;
import com.modelregistry.core.port.Change;
import com.modelregistry.core.port.Mailer;
import com.modelregistry.core.port.ModelStore;
import com.modelregistry.core.port.SigningKey;
import com.modelregistry.core.port.WorkflowEngine;
import com.modelregistry.core.service.AuditChain;
import com.modelregistry.core.service.ChangeBuilder;
import com.modelregistry.core.service.Hashing;
import com.modelregistry.core.service.Retrying;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Human approval, hardened (ARCHITECTURE.md, "Approvals by email"). {@link #request} stores the
 * workflow's task token under a random 128-bit id per approver and mails each a signed link;
 * {@link #view} backs the confirmation page (it changes nothing: mail scanners prefetch links);
 * {@link #decideByLink} and {@link #decideAsApprover} record a decision with a conditional write (each link
 * once, never after expiry, never by the requester) and only then, when the approvers have settled it
 * (quorum, or any reject), complete the workflow's task.
 */
public final class ApprovalService {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Ledger ledger;
  private final WorkflowEngine engine;
  private final Mailer mailer;
  private final SigningKey key;
  private final String baseUrl;

  /**
   * @param engine completes the approval task (null where nothing is decided, e.g. the function that mails)
   * @param mailer sends the approval mails (null where nothing is mailed)
   * @param baseUrl the registry's public base URL for links, e.g. https://api.example.com (null where nothing is mailed)
   */
  public ApprovalService(ModelStore store, WorkflowEngine engine, Mailer mailer, SigningKey key,
      String baseUrl, Clock clock) {
    this.ledger = new Ledger(store, clock);
    this.engine = engine;
    this.mailer = mailer;
    this.key = key;
    this.baseUrl = baseUrl == null ? null : baseUrl.replaceAll("/+$", "");
  }

  /** The confirmation page's content, and the CSRF token its form must post back. */
  public record ApprovalPage(ApprovalRequest request, ApprovalContext context, String signature, String csrfToken) {}

  /** A recorded decision: whether it settled the approval, and how many approvals are still needed. */
  public record DecisionResult(Promotion promotion, ApprovalDecision decision, boolean settled, long approvalsMissing) {}

  /**
   * The workflow's approval task: creates one link per approver holding {@code taskToken}, moves the
   * promotion to AWAITING_APPROVAL and mails the links.
   */
  public void request(String promotionId, String taskToken) {
    if (taskToken == null || taskToken.isBlank()) {
      throw RegistryException.invalid("the approval task needs its task token");
    }
    if (mailer == null || baseUrl == null) {
      throw new IllegalStateException("this function is not configured to mail approval requests");
    }
    record Mail(String to, ApprovalMail content) {}
    List<Mail> mails = Retrying.onConflict("requesting approval for promotion " + promotionId, () -> {
      Promotion promotion = ledger.promotion(promotionId);
      if (!promotion.isRunning()) {
        throw RegistryException.precondition("promotion " + promotionId + " is " + promotion.status()
            + ": no approval to request");
      }
      if (promotion.gateReport() == null || !promotion.gateReport().passed()) {
        throw RegistryException.precondition("promotion " + promotionId + " has not passed its quality gates");
      }
      Model model = ledger.modelOf(promotion);
      Instant now = ledger.now();
      PromotionPlan.Approval plan = promotion.plan().approval();
      Instant expiresAt = now.plusSeconds(plan.timeoutSeconds());
      Map<String, String> links = new LinkedHashMap<>();
      // A shadow deployment keeps running while the approvers decide: the next canary step or the rollback
      // ends it, and both publish a deployment event.
      ChangeBuilder builder = ChangeBuilder.of(model, model);
      List<ApprovalRequest> requests = plan.approvers().stream().map(approver -> new ApprovalRequest(newId(), promotionId,
          model.id(), model.name(), promotion.version(), approver, taskToken, now, expiresAt,
          ApprovalRequest.State.PENDING, null, null)).toList();
      requests.forEach(request -> {
        links.put(request.approver(), request.id());
        builder.approvalRequest(request);
      });
      String detail = "approval requested from " + String.join(", ", plan.approvers()) + " (" + plan.required()
          + " needed) until " + expiresAt;
      Promotion waiting = promotion.entering(PromotionPhase.AWAITING_APPROVAL, detail, now)
          .awaitingApproval(expiresAt, links);
      Change change = builder.promotion(waiting).audited(now, PromotionWorkflow.ACTOR,
          AuditChain.Event.of("APPROVAL_REQUESTED", promotion.version()).withReason(detail)
              .withDetails(Map.of("promotionId", promotionId, "required", Integer.toString(plan.required()))));
      ledger.commit(change, List.of(Events.of(Events.APPROVAL_REQUESTED, change, promotion.version(), promotionId,
          Events.fields("approvers", plan.approvers(), "required", plan.required(), "expiresAt", expiresAt.toString()))));
      ApprovalContext context = context(model, waiting);
      return requests.stream().map(request -> new Mail(request.approver(),
          new ApprovalMail(context, request, link(request)))).toList();
    });
    for (Mail mail : mails) {
      mailer.send(mail.to(), mail.content().subject, mail.content().text, mail.content().html);
    }
  }

  /** The signed link of an approval request. */
  public String link(ApprovalRequest request) {
    return baseUrl + "/v1/approvals/" + request.id() + "?sig=" + signer().sign(request);
  }

  /** Backs GET /v1/approvals/{id}?sig=: checks the link, changes nothing. */
  public ApprovalPage view(String approvalId, String signature) {
    ApprovalRequest request = verified(approvalId, signature);
    Promotion promotion = ledger.promotion(request.promotionId());
    requireOpen(request, promotion);
    return new ApprovalPage(request, context(ledger.modelOf(promotion), promotion), signature,
        signer().csrfToken(request));
  }

  /** Backs the confirmation page's POST: the link's signature and the page's CSRF token are required. */
  public DecisionResult decideByLink(String approvalId, String signature, String csrfToken, String decision,
      String comment) {
    ApprovalRequest request = verified(approvalId, signature);
    if (!signer().verifyCsrf(request, csrfToken)) {
      throw RegistryException.denied("the form's CSRF token is missing or wrong: open the link from the email again "
          + "and decide on that page");
    }
    return decide(request, ApprovalDecision.Decision.parse(decision), comment, "email link");
  }

  /** POST /v1/promotions/{id}/approvals: an authenticated approver named in the plan decides without the mail. */
  public DecisionResult decideAsApprover(Principal principal, String promotionId, String decision, String comment) {
    ApprovalDecision.Decision parsed = ApprovalDecision.Decision.parse(decision);
    Promotion promotion = ledger.promotion(promotionId);
    if (principal.name().equals(promotion.requestedBy()) || (principal.email() != null
        && principal.email().equalsIgnoreCase(promotion.requesterEmail()))) {
      throw RegistryException.denied(principal.name() + " requested this promotion: someone else must approve it");
    }
    String email = principal.email() == null ? null : principal.email().trim().toLowerCase(Locale.ROOT);
    if (email == null || !promotion.plan().approval().approvers().contains(email)) {
      throw RegistryException.denied(principal.name() + (email == null ? " has no email address" : " (" + email + ")")
          + " is not an approver of promotion " + promotionId + "; its approvers are "
          + String.join(", ", promotion.plan().approval().approvers()));
    }
    String linkId = promotion.approvalLinks().get(email);
    if (linkId == null) {
      throw RegistryException.precondition("promotion " + promotionId + " is " + promotion.status() + " in phase "
          + promotion.phase() + ": it is not awaiting approval");
    }
    ApprovalRequest request = ledger.store.findApprovalRequest(linkId).orElseThrow(
        () -> RegistryException.gone("the approval request of " + email + " no longer exists"));
    return decide(request, parsed, comment, "api");
  }

  private DecisionResult decide(ApprovalRequest link, ApprovalDecision.Decision decision, String comment, String via) {
    if (comment != null && comment.length() > 2000) {
      throw RegistryException.invalid("comment is limited to 2000 characters");
    }
    DecisionResult result = Retrying.onConflict("recording the decision on promotion " + link.promotionId(), () -> {
      ApprovalRequest request = ledger.store.findApprovalRequest(link.id()).orElseThrow(
          () -> RegistryException.gone("this approval link no longer exists"));
      Promotion promotion = ledger.promotion(request.promotionId());
      requireOpen(request, promotion);
      Instant now = ledger.now();
      ApprovalDecision recorded = new ApprovalDecision(request.approver(), decision,
          comment == null || comment.isBlank() ? null : comment.trim(), via, now);
      Promotion next = promotion.withApproval(recorded).noting(request.approver() + " decided " + decision
          + (recorded.comment() == null ? "" : ": " + recorded.comment()), now);
      Model model = ledger.modelOf(promotion);
      Change change = ChangeBuilder.of(model, model).promotion(next).decidedApproval(request.decided(decision, now))
          .audited(now, request.approver(), AuditChain.Event.of("APPROVAL_DECISION", promotion.version())
              .withTransition(ApprovalRequest.State.PENDING.name(), decision.name()).withReason(recorded.comment())
              .withDetails(Map.of("promotionId", promotion.id(), "via", via)));
      boolean settled = next.approvalSettled();
      ledger.commit(change, settled && decision == ApprovalDecision.Decision.APPROVE
          ? List.of(Events.of(Events.PROMOTION_APPROVED, change, promotion.version(), promotion.id(),
              Events.fields("approvers", Approvals.decisions(next))))
          : List.of());
      long missing = Math.max(0, next.plan().approval().required() - next.approvalCount());
      return new DecisionResult(next, recorded, settled, next.isRejectedByApprover() ? 0 : missing);
    });
    if (result.settled()) {
      Map<String, Object> output = new LinkedHashMap<>();
      output.put("decision", result.promotion().isRejectedByApprover() ? "REJECT" : "APPROVE");
      output.put("approvers", Approvals.decisions(result.promotion()));
      output.put("comment", result.decision().comment() == null ? "" : result.decision().comment());
      if (!engine.completeTask(link.taskToken(), Hashing.canonicalJson(output))) {
        throw RegistryException.gone("your decision was recorded, but the approval window had already closed "
            + "(the promotion timed out or was cancelled)");
      }
    }
    return result;
  }

  private ApprovalRequest verified(String approvalId, String signature) {
    if (approvalId == null || !approvalId.matches("[0-9a-f]{32}")) {
      throw RegistryException.notFound("no approval request '" + approvalId + "'");
    }
    ApprovalRequest request = ledger.store.findApprovalRequest(approvalId)
        .orElseThrow(() -> RegistryException.notFound("no approval request '" + approvalId + "'"));
    if (!signer().verify(request, signature)) {
      throw RegistryException.denied("this approval link's signature is not valid: use the link from the email exactly "
          + "as it was sent");
    }
    return request;
  }

  /** Refuses a decided or expired link (410), the requester (403), and a promotion no longer awaiting approval (410). */
  private void requireOpen(ApprovalRequest request, Promotion promotion) {
    if (request.state() == ApprovalRequest.State.DECIDED) {
      throw RegistryException.gone("this approval link was already used: " + request.approver() + " decided "
          + request.decision() + " at " + request.decidedAt());
    }
    if (!request.expiresAt().isAfter(ledger.now())) {
      throw RegistryException.gone("this approval link expired at " + request.expiresAt());
    }
    if (request.approver().equalsIgnoreCase(promotion.requesterEmail())) {
      throw RegistryException.denied(request.approver() + " requested this promotion: someone else must approve it");
    }
    if (!promotion.isRunning() || promotion.phase() != PromotionPhase.AWAITING_APPROVAL) {
      throw RegistryException.gone("promotion " + promotion.id() + " is " + promotion.status() + " in phase "
          + promotion.phase() + ": it no longer awaits approval");
    }
    if (promotion.approvalSettled()) {
      throw RegistryException.gone("the approvers of promotion " + promotion.id() + " have already decided it");
    }
    if (!request.id().equals(promotion.approvalLinks().get(request.approver()))) {
      throw RegistryException.gone("this approval link was replaced by a newer one: use the latest email about promotion "
          + promotion.id());
    }
    if (promotion.hasDecided(request.approver())) {
      throw RegistryException.gone(request.approver() + " has already decided promotion " + promotion.id());
    }
  }

  private ApprovalContext context(Model model, Promotion promotion) {
    ModelVersion candidate = ledger.version(model, promotion.version());
    Long production = model.stages().get(Stage.PRODUCTION);
    return ApprovalContext.of(promotion, candidate,
        production == null ? null : ledger.store.findVersion(model.id(), production).orElse(null));
  }

  /** The key is fetched once and kept by {@link SigningKey}; a signer is cheap to make. */
  private ApprovalSigner signer() {
    return new ApprovalSigner(key.bytes());
  }

  private static String newId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
