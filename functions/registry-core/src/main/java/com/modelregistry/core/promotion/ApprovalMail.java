package com.modelregistry.core.promotion;

import com.modelregistry.core.promotion.ApprovalContext.MetricRow;
import com.modelregistry.core.promotion.GateReport.GateResult;

/** The approval request mail: what is asked, the evidence, and the link (which only opens a confirmation page). */
final class ApprovalMail {
  final String subject;
  final String text;
  final String html;

  ApprovalMail(ApprovalContext context, ApprovalRequest request, String link) {
    Promotion promotion = context.promotion();
    String version = "version " + promotion.version()
        + (context.candidate().semver() == null ? "" : " (" + context.candidate().semver() + ")");
    this.subject = "Approve " + promotion.modelName() + " " + version + " for " + promotion.target() + "?";
    StringBuilder text = new StringBuilder();
    text.append(promotion.requestedBy()).append(" asks to promote ").append(promotion.modelName()).append(' ')
        .append(version).append(" to ").append(promotion.target()).append(".\n");
    text.append("Reason: ").append(nullToDash(promotion.reason())).append('\n');
    text.append("Promotion: ").append(promotion.id()).append('\n');
    text.append("Production now: ").append(context.production() == null ? "none" : "version " + context.production().version())
        .append('\n');
    text.append("Approvals needed: ").append(promotion.plan().approval().required()).append(" of ")
        .append(promotion.plan().approval().approvers().size()).append("; any reject rejects.\n\n");
    text.append("Metrics (candidate / production / delta):\n");
    for (MetricRow row : context.metrics()) {
      text.append("  ").append(row.name()).append(": ").append(Html.number(row.candidate())).append(" / ")
          .append(Html.number(row.production())).append(" / ").append(Html.number(row.delta())).append('\n');
    }
    if (promotion.gateReport() != null) {
      text.append("\nQuality gates (").append(promotion.gateReport().passed() ? "all passed" : "FAILED").append("):\n");
      for (GateResult gate : promotion.gateReport().gates()) {
        text.append("  [").append(gate.passed() ? "pass" : "FAIL").append("] ").append(gate.name()).append(": expected ")
            .append(gate.expected()).append(", actual ").append(gate.actual()).append('\n');
      }
    }
    text.append("\nReview and decide (the link opens a confirmation page; nothing is decided until you press ")
        .append("Approve or Reject there):\n").append(link).append("\n\nThe link is yours alone, works once, and expires at ")
        .append(request.expiresAt()).append(".\n");
    this.text = text.toString();

    StringBuilder html = new StringBuilder("<!doctype html><html><body style=\"font-family:sans-serif\">");
    html.append("<p>").append(Html.escape(promotion.requestedBy())).append(" asks to promote <b>")
        .append(Html.escape(promotion.modelName())).append(' ').append(Html.escape(version)).append("</b> to ")
        .append(Html.escape(promotion.target())).append(".</p><p>Reason: ").append(Html.escape(nullToDash(promotion.reason())))
        .append("</p>").append(Html.metricsTable(context)).append(Html.gateTable(promotion.gateReport()));
    html.append("<p>Promotion: <code>").append(Html.escape(promotion.id())).append("</code></p>");
    html.append("<p><a href=\"").append(Html.escape(link)).append("\">Review and decide</a> (opens a confirmation page; ")
        .append("nothing is decided until you press Approve or Reject). The link is yours alone, works once and expires at ")
        .append(Html.escape(request.expiresAt())).append(".</p></body></html>");
    this.html = html.toString();
  }

  private static String nullToDash(String text) {
    return text == null || text.isBlank() ? "-" : text;
  }
}
