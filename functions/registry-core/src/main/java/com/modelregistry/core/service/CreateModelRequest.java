package com.modelregistry.core.service;

import java.util.Map;

/** Body of POST /v1/models. */
public record CreateModelRequest(String name, String description, String owner, Map<String, String> tags) {}
