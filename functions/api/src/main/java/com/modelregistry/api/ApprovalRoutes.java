package com.modelregistry.api;

import static com.modelregistry.core.domain.Permission.APPROVE;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.modelregistry.core.ErrorCode;
import com.modelregistry.core.RegistryException;
import com.modelregistry.core.promotion.ApprovalService;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * API.md's Approvals: the signed link's page (GET changes nothing), its form's POST, and the authenticated
 * JSON decision. The page routes answer in HTML, errors included (a person reads them).
 */
final class ApprovalRoutes {
  record DecisionRequest(String decision, String comment) {}

  private final ApprovalService approvals;

  ApprovalRoutes(ApprovalService approvals) {
    this.approvals = approvals;
  }

  Router router() {
    return new Router()
        .add("GET", "/v1/approvals/{id}", null, r -> html(() -> ApprovalPages.confirmation(
            approvals.view(r.path("id"), r.query("sig")))))
        .add("POST", "/v1/approvals/{id}", null, r -> html(() -> {
          Map<String, String> form = form(r);
          return ApprovalPages.decided(approvals.decideByLink(r.path("id"), form.get("sig"), form.get("csrf"),
              form.get("decision"), form.get("comment")));
        }))
        .add("POST", "/v1/promotions/{id}/approvals", APPROVE, r -> {
          DecisionRequest body = JsonCodec.read(r.body(), DecisionRequest.class);
          var result = approvals.decideAsApprover(r.principal(), r.path("id"), body.decision(), body.comment());
          Map<String, Object> view = new java.util.LinkedHashMap<>();
          view.put("promotion", PromotionViews.promotion(result.promotion()));
          view.put("decision", PromotionViews.approval(result.decision()));
          view.put("settled", result.settled());
          view.put("approvalsMissing", result.approvalsMissing());
          return ApiResponse.json(200, view);
        });
  }

  private static APIGatewayV2HTTPResponse html(Supplier<APIGatewayV2HTTPResponse> page) {
    try {
      return page.get();
    } catch (RegistryException e) {
      String title = switch (e.code()) {
        case GONE -> "This link can no longer be used";
        case PERMISSION_DENIED -> "Not allowed";
        case NOT_FOUND -> "Unknown approval link";
        case INVALID_ARGUMENT -> "Incomplete decision";
        default -> "The decision could not be recorded";
      };
      return ApprovalPages.error(e.code().httpStatus(), title, e.code() == ErrorCode.INTERNAL
          ? "Something went wrong; try the link again in a moment." : e.getMessage());
    }
  }

  /** An application/x-www-form-urlencoded body, as a browser posts the confirmation form. */
  static Map<String, String> form(ApiRequest r) {
    String type = r.header("content-type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      throw RegistryException.invalid("post the confirmation page's form (application/x-www-form-urlencoded)");
    }
    Map<String, String> fields = new HashMap<>();
    if (r.body() == null) {
      return fields;
    }
    for (String pair : r.body().split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (fields.putIfAbsent(name, value) != null) {
        throw RegistryException.invalid("the form field '" + name + "' appears twice");
      }
    }
    return fields;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw RegistryException.invalid("the form body is not valid URL encoding");
    }
  }
}
