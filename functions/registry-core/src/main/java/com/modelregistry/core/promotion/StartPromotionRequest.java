package com.modelregistry.core.promotion;

/** Body of POST /v1/models/{name}/versions/{v}/promotions. */
public record StartPromotionRequest(String target, String reason, PromotionPlan plan) {}
