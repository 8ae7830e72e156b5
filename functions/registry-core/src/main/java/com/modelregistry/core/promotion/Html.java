package com.modelregistry.core.promotion;

/**
 * HTML for approvers: escaping (element content and quoted attribute values), and the evidence tables the
 * approval mail and the confirmation page both show. Inline attributes only: mail clients drop style sheets.
 */
public final class Html {
  private static final String TABLE = "<table border=\"1\" cellpadding=\"4\" style=\"border-collapse:collapse\">";

  private Html() {}

  /** The candidate's metrics next to production's, with deltas. */
  public static String metricsTable(ApprovalContext context) {
    StringBuilder html = new StringBuilder(TABLE)
        .append("<tr><th>metric</th><th>candidate</th><th>production</th><th>delta</th></tr>");
    for (ApprovalContext.MetricRow row : context.metrics()) {
      html.append("<tr><td>").append(escape(row.name())).append("</td><td>").append(number(row.candidate()))
          .append("</td><td>").append(number(row.production())).append("</td><td>").append(number(row.delta()))
          .append("</td></tr>");
    }
    return html.append("</table>").toString();
  }

  /** Every gate: expected, actual, pass or FAIL (in bold red); empty before the gates ran. */
  public static String gateTable(GateReport report) {
    if (report == null) {
      return "";
    }
    StringBuilder html = new StringBuilder("<p>Quality gates: ").append(report.passed() ? "all passed" : "<b>FAILED</b>")
        .append("</p>").append(TABLE).append("<tr><th>gate</th><th>expected</th><th>actual</th><th>result</th></tr>");
    for (GateReport.GateResult gate : report.gates()) {
      html.append("<tr><td>").append(escape(gate.name())).append("</td><td>").append(escape(gate.expected()))
          .append("</td><td>").append(escape(gate.actual())).append("</td><td>")
          .append(gate.passed() ? "pass" : "<b style=\"color:#b00020\">FAIL</b>").append("</td></tr>");
    }
    return html.append("</table>").toString();
  }

  /** A metric value as approvers read it ("-" when absent). */
  static String number(Double value) {
    return value == null ? "-" : Gates.number(value);
  }

  public static String escape(Object value) {
    if (value == null) {
      return "";
    }
    String text = value.toString();
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
