package com.modelregistry.core.domain;

import java.time.Instant;

/** A registration made under an Idempotency-Key: the body's hash and the version it created. */
public record IdempotencyRecord(String key, String requestHash, String modelId, long version, Instant expiresAt) {}
