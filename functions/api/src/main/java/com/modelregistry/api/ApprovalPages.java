package com.modelregistry.api;

import static com.modelregistry.core.promotion.Html.escape;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.modelregistry.core.promotion.ApprovalContext;
import com.modelregistry.core.promotion.ApprovalService.ApprovalPage;
import com.modelregistry.core.promotion.ApprovalService.DecisionResult;
import com.modelregistry.core.promotion.Html;
import com.modelregistry.core.promotion.Promotion;
import java.util.Map;

/**
 * The approver's HTML: the confirmation page (evidence, then Approve / Reject with a comment, posting the
 * link's signature and a CSRF token), the result page, and error pages. No scripts, no external resources;
 * the headers forbid framing, caching and sending the signed URL on as a Referer.
 */
final class ApprovalPages {
  private static final Map<String, String> HEADERS = Map.of(
      "content-type", "text/html; charset=utf-8",
      "cache-control", "no-store",
      "x-frame-options", "DENY",
      "x-content-type-options", "nosniff",
      "referrer-policy", "no-referrer",
      "content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
  private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}"
      + "td,th{text-align:left}button{font-size:1rem;padding:.5rem 1.2rem;margin-right:1rem}";

  private ApprovalPages() {}

  static APIGatewayV2HTTPResponse confirmation(ApprovalPage page) {
    ApprovalContext context = page.context();
    Promotion promotion = context.promotion();
    StringBuilder html = start("Approve " + promotion.modelName() + " version " + promotion.version() + "?");
    html.append("<p><b>").append(escape(promotion.requestedBy())).append("</b> asks to promote <b>")
        .append(escape(promotion.modelName())).append(" version ").append(promotion.version())
        .append(context.candidate().semver() == null ? "" : " (" + escape(context.candidate().semver()) + ")")
        .append("</b> to ").append(escape(promotion.target())).append(".</p>");
    html.append("<p>Reason: ").append(escape(promotion.reason() == null ? "-" : promotion.reason())).append("</p>");
    html.append("<p>Production now: ").append(context.production() == null ? "none"
        : "version " + context.production().version()).append(". You decide as <b>").append(escape(page.request().approver()))
        .append("</b>; ").append(promotion.plan().approval().required()).append(" approval(s) needed, any reject rejects. ")
        .append("This link expires at ").append(escape(page.request().expiresAt())).append(".</p>");
    html.append("<h2>Metrics</h2>").append(Html.metricsTable(context)).append(Html.gateTable(promotion.gateReport()));
    // A relative action: the form posts to /…/approvals/{id} under whatever base path the link had.
    html.append("<h2>Decision</h2><form method=\"post\" action=\"").append(escape(page.request().id()))
        .append("\"><input type=\"hidden\" name=\"sig\" value=\"").append(escape(page.signature()))
        .append("\"><input type=\"hidden\" name=\"csrf\" value=\"").append(escape(page.csrfToken()))
        .append("\"><p><label>Comment<br><textarea name=\"comment\" rows=\"3\" cols=\"60\" maxlength=\"2000\"></textarea>")
        .append("</label></p><button type=\"submit\" name=\"decision\" value=\"APPROVE\">Approve</button>")
        .append("<button type=\"submit\" name=\"decision\" value=\"REJECT\">Reject</button></form>");
    return respond(200, html);
  }

  static APIGatewayV2HTTPResponse decided(DecisionResult result) {
    Promotion promotion = result.promotion();
    String verb = result.decision().decision().name().equals("APPROVE") ? "approved" : "rejected";
    StringBuilder html = start("You " + verb + " " + promotion.modelName() + " version " + promotion.version());
    html.append("<p>Your decision was recorded").append(result.decision().comment() == null ? "" : " with the comment \""
        + escape(result.decision().comment()) + "\"").append(".</p><p>");
    if (promotion.isRejectedByApprover()) {
      html.append("The promotion is rejected: the candidate will not receive production traffic.");
    } else if (result.settled()) {
      html.append("The required approvals are in: the promotion continues (canary steps, then production).");
    } else {
      html.append(result.approvalsMissing()).append(" more approval(s) needed before the promotion continues.");
    }
    html.append("</p><p>Promotion id: <code>").append(escape(promotion.id())).append("</code></p>");
    return respond(200, html);
  }

  static APIGatewayV2HTTPResponse error(int status, String title, String message) {
    StringBuilder html = start(title);
    html.append("<p>").append(escape(message)).append("</p>");
    return respond(status, html);
  }

  private static StringBuilder start(String title) {
    return new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(escape(title)).append(" · Model Registry</title><meta name=\"robots\" content=\"noindex\"><style>")
        .append(STYLE).append("</style></head><body><h1>").append(escape(title)).append("</h1>");
  }

  private static APIGatewayV2HTTPResponse respond(int status, StringBuilder html) {
    html.append("</body></html>");
    return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(HEADERS).withBody(html.toString()).build();
  }
}
