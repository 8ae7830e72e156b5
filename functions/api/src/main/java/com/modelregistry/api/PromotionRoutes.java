package com.modelregistry.api;

import static com.modelregistry.core.domain.Permission.ADMINISTER;
import static com.modelregistry.core.domain.Permission.PUBLISH;
import static com.modelregistry.core.domain.Permission.READ;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.modelregistry.core.RegistryException;
import com.modelregistry.core.promotion.ObservationRequest;
import com.modelregistry.core.promotion.PromotionService;
import com.modelregistry.core.promotion.PromotionStatus;
import com.modelregistry.core.promotion.StartPromotionRequest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** API.md's "Promotions, routing, observations, rollback" routes (the approvals are ApprovalRoutes'). */
final class PromotionRoutes {
  record CancelRequest(String reason) {}

  record RollbackRequest(Long toVersion, String reason) {}

  private final PromotionService promotions;

  PromotionRoutes(PromotionService promotions) {
    this.promotions = promotions;
  }

  Router addTo(Router router) {
    return router
        .add("POST", "/v1/models/{name}/versions/{version}/promotions", PUBLISH, r -> ApiResponse.json(202,
            PromotionViews.promotion(promotions.start(r.principal(), r.path("name"), r.versionNumber(),
                JsonCodec.read(r.body(), StartPromotionRequest.class)))))
        .add("GET", "/v1/promotions/{id}", READ, r -> ApiResponse.json(200, PromotionViews.promotion(promotions.get(r.path("id")))))
        .add("GET", "/v1/models/{name}/promotions", READ, this::list)
        .add("POST", "/v1/promotions/{id}/cancel", PUBLISH, r -> {
          String reason = r.body() == null || r.body().isBlank() ? null : JsonCodec.read(r.body(), CancelRequest.class).reason();
          return ApiResponse.json(200, PromotionViews.promotion(promotions.cancel(r.principal().name(), r.path("id"), reason)));
        })
        .add("GET", "/v1/models/{name}/routing", READ, this::routing)
        .add("POST", "/v1/models/{name}/versions/{version}/observations", PUBLISH, r -> ApiResponse.json(202,
            PromotionViews.observation(r.path("name"), promotions.observe(r.principal().name(), r.path("name"),
                r.versionNumber(), JsonCodec.read(r.body(), ObservationRequest.class)))))
        .add("POST", "/v1/models/{name}/rollback", ADMINISTER, r -> {
          RollbackRequest body = r.body() == null || r.body().isBlank() ? new RollbackRequest(null, null)
              : JsonCodec.read(r.body(), RollbackRequest.class);
          var result = promotions.rollback(r.principal().name(), r.path("name"), body.toVersion(), body.reason());
          Map<String, Object> view = new LinkedHashMap<>();
          view.put("model", result.model());
          view.put("fromVersion", result.fromVersion());
          view.put("toVersion", result.toVersion());
          view.put("promotionId", result.promotionId());
          view.put("routing", Views.routing(result.routing()));
          return ApiResponse.json(200, view);
        });
  }

  private APIGatewayV2HTTPResponse list(ApiRequest r) {
    String status = r.query("status");
    PromotionStatus filter = null;
    if (status != null) {
      try {
        filter = PromotionStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw RegistryException.invalid("unknown status '" + status + "': use RUNNING, SUCCEEDED, REJECTED, ROLLED_BACK, "
            + "EXPIRED, CANCELLED or FAILED");
      }
    }
    var page = promotions.list(r.path("name"), filter, r.page());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("promotions", page.items().stream().map(PromotionViews::promotion).toList());
    if (page.nextPageToken() != null) {
      body.put("nextPageToken", page.nextPageToken());
    }
    return ApiResponse.json(200, body);
  }

  private APIGatewayV2HTTPResponse routing(ApiRequest r) {
    String at = r.query("at");
    Instant instant = null;
    if (at != null) {
      try {
        instant = Instant.parse(at.trim());
      } catch (DateTimeParseException e) {
        throw RegistryException.invalid("at must be an ISO-8601 instant like 2026-11-23T10:15:00Z, got '" + at + "'");
      }
    }
    var routing = promotions.routing(r.path("name"), instant);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", r.path("name"));
    if (instant != null) {
      body.put("at", instant);
    }
    var view = Views.routing(routing.orElse(null));
    body.put("production", view == null ? null : view.production());
    if (view != null && view.candidate() != null) {
      body.put("candidate", view.candidate());
    }
    body.put("since", view == null ? null : view.since());
    if (view != null && view.previousProduction() != null) {
      body.put("previousProduction", view.previousProduction());
    }
    return ApiResponse.json(200, body);
  }
}
