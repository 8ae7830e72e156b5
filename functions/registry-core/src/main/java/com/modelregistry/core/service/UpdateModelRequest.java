package com.modelregistry.core.service;

import java.util.Map;

/**
 * Body of PATCH /v1/models/{name}. Absent fields stay; {@code tags} is merged key by key and a key
 * with a null value is removed (JSON merge patch).
 */
public record UpdateModelRequest(String description, String owner, Map<String, String> tags) {}
