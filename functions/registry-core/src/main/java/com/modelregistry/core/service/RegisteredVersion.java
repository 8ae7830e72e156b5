package com.modelregistry.core.service;

import com.modelregistry.core.domain.ModelVersion;
import java.util.List;

/** A version as the API shows it: with the model's aliases that point at it, and the upload plan while pending. */
public record RegisteredVersion(ModelVersion version, List<String> aliases, UploadPlan upload) {}
