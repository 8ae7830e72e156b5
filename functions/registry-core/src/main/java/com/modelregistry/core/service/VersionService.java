package com.modelregistry.core.service;

import com.modelregistry.core.ConcurrentUpdateException;
import com.modelregistry.core.ErrorCode;
import com.modelregistry.core.RegistryException;
import com.modelregistry.core.domain.Artifact;
import com.modelregistry.core.domain.IdempotencyRecord;
import com.modelregistry.core.domain.Model;
import com.modelregistry.core.domain.ModelCard;
import com.modelregistry.core.domain.ModelVersion;
import com.modelregistry.core.domain.Page;
import com.modelregistry.core.domain.PageRequest;
import com.modelregistry.core.domain.Semver;
import com.modelregistry.core.domain.Stage;
import com.modelregistry.core.domain.VersionFilter;
import com.modelregistry.core.domain.VersionStatus;
import com.modelregistry.core.event.Events;
import com.modelregistry.core.port.ArtifactStore;
import com.modelregistry.core.port.ArtifactStore.CompletedPart;
import com.modelregistry.core.port.ArtifactStore.PresignedRequest;
import com.modelregistry.core.port.ArtifactStore.StoredObject;
import com.modelregistry.core.port.Change;
import com.modelregistry.core.port.ModelStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Versions: register, upload and verify the artifact, read, resolve, compare, annotate, archive. */
public final class VersionService {
  static final Duration IDEMPOTENCY_TTL = Duration.ofHours(24);
  static final Set<String> MODEL_CARD_SECTIONS = Set.of(
      "modelDetails", "intendedUse", "factors", "trainingData", "evaluationData", "performance",
      "quantitativeAnalysis", "ethicalConsiderations", "caveatsAndRecommendations", "limitations",
      "environmentalImpact");

  private final ModelStore store;
  private final ArtifactStore artifacts;
  private final Clock clock;
  private final UploadPolicy uploads;

  public VersionService(ModelStore store, ArtifactStore artifacts, Clock clock, UploadPolicy uploads) {
    this.store = store;
    this.artifacts = artifacts;
    this.clock = clock;
    this.uploads = uploads;
  }

  // ---- register and upload

  /**
   * Registers a new version (PENDING_UPLOAD) with the next number. With an idempotency key, the same
   * body returns the version the first call created; a different body is CONFLICT.
   */
  public RegisteredVersion register(String actor, String modelName, RegisterVersionRequest request, String idempotencyKey) {
    request.validate();
    if (request.source() != null && !artifacts.supports(request.source())) {
      throw RegistryException.invalid("source " + request.source() + " is not readable by the registry");
    }
    String requestHash = Hashing.sha256Hex(Hashing.canonicalJson(request));
    return Retrying.onConflict("registering a version of '" + modelName + "'", () -> {
      Model model = model(modelName);
      if (idempotencyKey != null) {
        Optional<RegisteredVersion> replay = replay(model, idempotencyKey, requestHash);
        if (replay.isPresent()) {
          return replay.get();
        }
      }
      long number = model.latestVersion() + 1;
      String semver = semverFor(model, request);
      Instant now = now();
      Artifact artifact = request.source() != null
          ? new Artifact(request.source(), request.sourceFilename(), request.declaredSize(), request.declaredSha256(), null)
          : new Artifact(artifacts.uriFor(artifactKey(model.name(), number, request.artifact().filename())),
              request.artifact().filename(), request.artifact().sizeBytes(), request.artifact().sha256(), null);
      if (request.source() == null && uploads.isMultipart(artifact.sizeBytes())) {
        artifact = new Artifact(artifact.uri(), artifact.filename(), artifact.sizeBytes(), artifact.sha256(),
            artifacts.startMultipartUpload(artifact.uri()));
      }
      ModelVersion version = new ModelVersion(model.id(), model.name(), number, semver, VersionStatus.PENDING_UPLOAD,
          request.source() != null ? "registered from " + request.source() + "; finalize to verify it"
              : "waiting for the artifact upload; then call finalize", Stage.NONE, artifact, request.metadata(),
          request.metrics(), request.tags(), nullToEmpty(request.description()), actor, now, now);
      String maxSemver = semver != null && (model.maxSemver() == null
          || Semver.parse(semver).compareTo(Semver.parse(model.maxSemver())) > 0) ? semver : model.maxSemver();
      ChangeBuilder change = ChangeBuilder.of(model, model.withLatestVersion(number, maxSemver)).version(version);
      if (semver != null) {
        change.semver(semver, number);
      }
      if (idempotencyKey != null) {
        change.idempotency(new IdempotencyRecord(idempotencyScope(model, idempotencyKey), requestHash, model.id(),
            number, now.plus(IDEMPOTENCY_TTL)));
      }
      Map<String, String> details = new LinkedHashMap<>();
      if (semver != null) details.put("semver", semver);
      details.put("artifact", artifact.uri());
      var event = AuditChain.Event.of("REGISTER_VERSION", number).withTransition(null, VersionStatus.PENDING_UPLOAD.name())
          .withDetails(details);
      try {
        Change committed = change.audited(now, actor, event);
        Map<String, Object> fields = new LinkedHashMap<>();
        if (semver != null) fields.put("semver", semver);
        fields.put("status", VersionStatus.PENDING_UPLOAD.name());
        fields.put("artifactUri", artifact.uri());
        fields.put("metrics", version.metrics());
        store.commit(committed.withEvents(List.of(Events.of(Events.VERSION_REGISTERED, committed, number, null, fields))));
      } catch (RuntimeException e) {
        if (artifact.multipartUploadId() != null) {
          artifacts.abortMultipartUpload(artifact.uri(), artifact.multipartUploadId());
        }
        throw e;
      }
      return withUpload(model.withLatestVersion(number, maxSemver), version);
    });
  }

  private Optional<RegisteredVersion> replay(Model model, String key, String requestHash) {
    return store.findIdempotencyRecord(idempotencyScope(model, key)).map(record -> {
      if (!record.requestHash().equals(requestHash)) {
        throw RegistryException.conflict("Idempotency-Key '" + key + "' was already used with a different request body; "
            + "use a new key for a different version");
      }
      ModelVersion version = store.findVersion(model.id(), record.version()).orElseThrow(
          () -> new IllegalStateException("idempotency record points at a missing version"));
      return withUpload(model, version);
    });
  }

  /** Verifies the uploaded artifact's size and SHA-256: READY if they match, FAILED (412) if not. */
  public RegisteredVersion finalizeUpload(String actor, String modelName, long number, List<CompletedPart> parts) {
    Model model = model(modelName);
    ModelVersion pending = requirePending(model, version(model, number));
    Artifact artifact = pending.artifact();
    if (artifact.multipartUploadId() != null) {
      if (parts == null || parts.isEmpty()) {
        throw RegistryException.invalid("version " + number + " uses a multipart upload: send "
            + "{\"parts\":[{\"partNumber\":1,\"etag\":\"...\"},...]} with the ETag header of each part's PUT response");
      }
      uploads.requireAllParts(number, artifact.sizeBytes(), parts);
      completeMultipart(artifact, parts);
    } else if (parts != null && !parts.isEmpty()) {
      throw RegistryException.invalid("version " + number + " was uploaded with a single PUT: finalize takes no parts");
    }
    StoredObject stored = artifacts.describe(artifact.uri()).orElseThrow(() -> RegistryException.precondition(
        "no artifact at " + artifact.uri() + " yet: upload it first (the upload URL came with the registration; "
            + "GET the version for a fresh one)"));
    String failure = null;
    String sha = null;
    if (artifact.sizeBytes() != null && stored.sizeBytes() != artifact.sizeBytes()) {
      failure = "size mismatch: " + artifact.sizeBytes() + " bytes were declared, the stored object has " + stored.sizeBytes();
    } else {
      sha = stored.sha256Hex() != null ? stored.sha256Hex() : artifacts.computeSha256(artifact.uri());
      if (artifact.sha256() != null && !artifact.sha256().equals(sha)) {
        failure = "SHA-256 mismatch: declared " + artifact.sha256() + ", the stored object has " + sha;
      }
    }
    String failureMessage = failure;
    String verifiedSha = sha;
    RegisteredVersion result = Retrying.onConflict("finalizing version " + number, () -> {
      Model current = model(modelName);
      ModelVersion latest = version(current, number);
      if (latest.status() == VersionStatus.READY && failureMessage == null) {
        return view(current, latest);
      }
      requirePending(current, latest);
      Instant now = now();
      ModelVersion updated = failureMessage == null
          ? latest.withStatus(VersionStatus.READY, "artifact verified: " + stored.sizeBytes() + " bytes, SHA-256 " + verifiedSha,
              artifact.withVerified(stored.sizeBytes(), verifiedSha), now)
          : latest.withStatus(VersionStatus.FAILED, failureMessage, artifact, now);
      Map<String, String> details = new LinkedHashMap<>();
      details.put("sizeBytes", String.valueOf(stored.sizeBytes()));
      if (verifiedSha != null) details.put("sha256", verifiedSha);
      var event = AuditChain.Event.of("FINALIZE_VERSION", number)
          .withTransition(VersionStatus.PENDING_UPLOAD.name(), updated.status().name())
          .withReason(failureMessage).withDetails(details);
      Change change = ChangeBuilder.of(current, current).version(updated).audited(now, actor, event);
      if (failureMessage == null) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (updated.semver() != null) fields.put("semver", updated.semver());
        fields.put("artifactUri", artifact.uri());
        fields.put("sizeBytes", stored.sizeBytes());
        fields.put("sha256", verifiedSha);
        change = change.withEvents(List.of(Events.of(Events.VERSION_READY, change, number, null, fields)));
      }
      store.commit(change);
      return view(current, updated);
    });
    if (failureMessage != null) {
      throw RegistryException.precondition("version " + number + " of '" + modelName + "' is FAILED: " + failureMessage
          + ". The uploaded object is kept for inspection; register a new version to upload again.");
    }
    return result;
  }

  private void completeMultipart(Artifact artifact, List<CompletedPart> parts) {
    try {
      artifacts.completeMultipartUpload(artifact.uri(), artifact.multipartUploadId(), parts);
    } catch (RegistryException e) {
      // A previous finalize may have completed the upload and then lost its commit: go on and verify.
      if (e.code() != ErrorCode.FAILED_PRECONDITION || artifacts.describe(artifact.uri()).isEmpty()) {
        throw e;
      }
    }
  }

  private ModelVersion requirePending(Model model, ModelVersion version) {
    return switch (version.status()) {
      case PENDING_UPLOAD -> version;
      case READY -> throw RegistryException.precondition("version " + version.version() + " of '" + model.name()
          + "' is already READY; its artifact can't change (register a new version instead)");
      case FAILED -> throw RegistryException.precondition("version " + version.version() + " of '" + model.name()
          + "' is FAILED (" + version.statusMessage() + "); register a new version");
    };
  }

  // ---- read

  /** One version; while its upload is pending, with freshly presigned upload URLs. */
  public RegisteredVersion get(String modelName, long number) {
    Model model = model(modelName);
    return withUpload(model, version(model, number));
  }

  public Page<RegisteredVersion> list(String modelName, VersionFilter filter, PageRequest page) {
    Model model = model(modelName);
    Page<ModelVersion> versions = store.listVersions(model.id(), filter, page);
    return new Page<>(versions.items().stream().map(v -> view(model, v)).toList(), versions.nextPageToken());
  }

  /**
   * Resolves a reference: a number, a semver ({@code 2.1.3}), a stage ({@code Production}), an alias
   * ({@code @champion}) or {@code latest} (the newest READY version).
   */
  public RegisteredVersion resolve(String modelName, String ref) {
    Model model = model(modelName);
    String trimmed = ref == null ? "" : ref.trim();
    if (trimmed.isEmpty()) {
      throw RegistryException.invalid("ref is required: a version number, a semver, a stage, @alias or latest");
    }
    if (trimmed.chars().allMatch(Character::isDigit)) {
      return view(model, version(model, parseNumber(trimmed)));
    }
    if (Semver.looksLike(trimmed)) {
      long number = store.findVersionBySemver(model.id(), trimmed).orElseThrow(
          () -> RegistryException.notFound("model '" + modelName + "' has no version with semver " + trimmed));
      return view(model, version(model, number));
    }
    if (trimmed.startsWith("@")) {
      Long number = model.aliases().get(Constraints.alias(trimmed.substring(1)));
      if (number == null) {
        throw RegistryException.notFound("model '" + modelName + "' has no alias '" + trimmed.substring(1) + "'");
      }
      return view(model, version(model, number));
    }
    if (trimmed.equalsIgnoreCase("latest")) {
      return view(model, latestReady(model));
    }
    if (Stage.isStageName(trimmed)) {
      Stage stage = Stage.parse(trimmed);
      if (!stage.isPointer()) {
        throw RegistryException.invalid("ref '" + trimmed + "' names a stage that holds many versions; "
            + "resolve Production or Staging, or list versions with ?stage=" + stage.label());
      }
      long number = model.versionIn(stage).orElseThrow(
          () -> RegistryException.notFound("model '" + modelName + "' has no version in " + stage.label()));
      return view(model, version(model, number));
    }
    throw RegistryException.invalid("ref '" + Constraints.abbreviate(trimmed) + "' is not a version number, a semver, "
        + "a stage (Production, Staging), an alias (@name) or latest");
  }

  /** The newest READY version that is not Archived. */
  private ModelVersion latestReady(Model model) {
    VersionFilter ready = new VersionFilter(null, VersionStatus.READY, Map.of());
    String token = null;
    do {
      Page<ModelVersion> page = store.listVersions(model.id(), ready, new PageRequest(20, token));
      for (ModelVersion version : page.items()) {
        if (version.stage() != Stage.ARCHIVED) {
          return version;
        }
      }
      token = page.nextPageToken();
    } while (token != null);
    throw RegistryException.notFound("model '" + model.name() + "' has no READY version outside Archived yet");
  }

  public VersionComparison compare(String modelName, List<Long> numbers) {
    if (numbers.size() < 2 || numbers.size() > 10) {
      throw RegistryException.invalid("compare takes 2 to 10 versions, e.g. ?versions=3,7");
    }
    if (new TreeSet<>(numbers).size() != numbers.size()) {
      throw RegistryException.invalid("compare takes distinct versions");
    }
    Model model = model(modelName);
    List<ModelVersion> versions = numbers.stream().map(n -> version(model, n)).toList();
    Set<String> names = new TreeSet<>();
    versions.forEach(v -> names.addAll(v.metrics().keySet()));
    Map<String, VersionComparison.MetricRow> rows = new LinkedHashMap<>();
    ModelVersion base = versions.get(0);
    for (String metric : names) {
      Map<String, Double> values = new LinkedHashMap<>();
      Map<String, Double> deltas = new LinkedHashMap<>();
      for (ModelVersion v : versions) {
        Double value = v.metrics().get(metric);
        if (value != null) {
          values.put(String.valueOf(v.version()), value);
          Double baseValue = base.metrics().get(metric);
          if (v != base && baseValue != null) {
            deltas.put(String.valueOf(v.version()), value - baseValue);
          }
        }
      }
      rows.put(metric, new VersionComparison.MetricRow(values, deltas));
    }
    return new VersionComparison(model.name(), numbers, rows);
  }

  /** A presigned GET of a READY version's artifact. */
  public PresignedRequest downloadLink(String modelName, long number) {
    Model model = model(modelName);
    ModelVersion version = version(model, number);
    if (version.status() != VersionStatus.READY) {
      throw RegistryException.precondition("version " + number + " of '" + modelName + "' is " + version.status()
          + "; only READY versions can be downloaded");
    }
    return artifacts.presignGet(version.artifact().uri(), uploads.downloadTtl());
  }

  // ---- annotate

  public RegisteredVersion update(String actor, String modelName, long number, UpdateVersionRequest request) {
    Constraints.description(request.description());
    Constraints.tags(request.tags(), true);
    Constraints.metrics(request.metrics());
    Constraints.metadata(request.metadata());
    return Retrying.onConflict("updating version " + number, () -> {
      Model model = model(modelName);
      ModelVersion current = version(model, number);
      boolean lineageChange = request.metadata() != null || request.metrics() != null;
      if (lineageChange && current.status() != VersionStatus.PENDING_UPLOAD) {
        throw RegistryException.precondition("metadata and metrics of version " + number + " are immutable now that it is "
            + current.status() + "; only description and tags can change");
      }
      ModelVersion updated = current.withDetails(
          request.description() == null ? current.description() : request.description(),
          ModelService.mergeTags(current.tags(), request.tags()),
          request.metadata() == null ? current.metadata() : request.metadata(),
          request.metrics() == null ? current.metrics() : request.metrics(), now());
      Map<String, String> details = new LinkedHashMap<>();
      if (request.description() != null) details.put("description", Constraints.abbreviate(request.description()));
      if (request.tags() != null) details.put("tags", String.join(",", new TreeSet<>(request.tags().keySet())));
      if (request.metadata() != null) details.put("metadata", "replaced");
      if (request.metrics() != null) details.put("metrics", String.join(",", new TreeSet<>(request.metrics().keySet())));
      store.commit(ChangeBuilder.of(model, model).version(updated)
          .audited(now(), actor, AuditChain.Event.of("UPDATE_VERSION", number).withDetails(details)));
      return view(model, updated);
    });
  }

  /** Moves a version to Archived. Archiving the Production version is refused: roll back or promote first. */
  public RegisteredVersion archive(String actor, String modelName, long number, String reason) {
    Constraints.shortText("reason", reason);
    return Retrying.onConflict("archiving version " + number, () -> {
      Model model = model(modelName);
      ModelVersion current = version(model, number);
      if (current.stage() == Stage.ARCHIVED) {
        return view(model, current);
      }
      if (current.stage() == Stage.PRODUCTION) {
        throw RegistryException.precondition("version " + number + " of '" + modelName + "' serves Production: "
            + "promote another version or roll back before archiving it");
      }
      if (model.activePromotion() != null && store.findPromotion(model.activePromotion())
          .filter(promotion -> promotion.isRunning() && promotion.version() == number).isPresent()) {
        throw RegistryException.precondition("version " + number + " of '" + modelName + "' is being promoted ("
            + model.activePromotion() + "): cancel the promotion before archiving it");
      }
      Instant now = now();
      Model updated = current.stage().isPointer() ? model.withStagePointer(current.stage(), null) : model;
      ModelVersion archived = current.withStage(Stage.ARCHIVED, now);
      var event = AuditChain.Event.of("STAGE_CHANGE", number)
          .withTransition(current.stage().label(), Stage.ARCHIVED.label()).withReason(reason);
      var change = ChangeBuilder.of(model, updated).version(archived).audited(now, actor, event);
      store.commit(change.withEvents(List.of(Events.of(Events.STAGE_CHANGED, change, number, null,
          Events.fields("fromStage", current.stage().label(), "toStage", Stage.ARCHIVED.label())))));
      return view(change.model(), archived);
    });
  }

  public ModelCard putModelCard(String actor, String modelName, long number, Map<String, Object> content) {
    if (content == null || content.isEmpty()) {
      throw RegistryException.invalid("a model card is a JSON object with at least one of " + new TreeSet<>(MODEL_CARD_SECTIONS));
    }
    for (String section : content.keySet()) {
      if (!MODEL_CARD_SECTIONS.contains(section)) {
        throw RegistryException.invalid("unknown model card section '" + Constraints.abbreviate(section) + "'; allowed: "
            + new TreeSet<>(MODEL_CARD_SECTIONS));
      }
    }
    return Retrying.onConflict("writing the model card of version " + number, () -> {
      Model model = model(modelName);
      version(model, number);
      Instant now = now();
      ModelCard card = new ModelCard(number, content, actor, now);
      var event = AuditChain.Event.of("SET_MODEL_CARD", number)
          .withDetails(Map.of("sha256", Hashing.sha256Hex(Hashing.canonicalJson(content))));
      store.commit(ChangeBuilder.of(model, model).card(card).audited(now, actor, event));
      return card;
    });
  }

  public ModelCard getModelCard(String modelName, long number) {
    Model model = model(modelName);
    version(model, number);
    return store.findModelCard(model.id(), number).orElseThrow(
        () -> RegistryException.notFound("version " + number + " of '" + modelName + "' has no model card yet"));
  }

  // ---- helpers

  public static long parseNumber(String text) {
    try {
      long n = Long.parseLong(text);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw RegistryException.invalid("version must be a positive integer, got '" + Constraints.abbreviate(text) + "'");
  }

  private Model model(String name) {
    return Lookup.model(store, name);
  }

  private ModelVersion version(Model model, long number) {
    return Lookup.version(store, model, number);
  }

  private RegisteredVersion view(Model model, ModelVersion version) {
    return new RegisteredVersion(version, model.aliasesOf(version.version()), null);
  }

  /** The version with freshly presigned upload URLs while its upload is pending (registration, GET of one version). */
  private RegisteredVersion withUpload(Model model, ModelVersion version) {
    UploadPlan upload = null;
    if (version.status() == VersionStatus.PENDING_UPLOAD && isOwnUpload(version)) {
      upload = uploadPlan(version.artifact());
    }
    return new RegisteredVersion(version, model.aliasesOf(version.version()), upload);
  }

  /** Whether the registry issued the upload (versions registered from a source have none). */
  private boolean isOwnUpload(ModelVersion version) {
    return version.artifact().uri().equals(
        artifacts.uriFor(artifactKey(version.modelName(), version.version(), version.artifact().filename())));
  }

  private UploadPlan uploadPlan(Artifact artifact) {
    if (artifact.multipartUploadId() == null) {
      return UploadPlan.single(artifacts.presignPut(artifact.uri(), artifact.sizeBytes(), artifact.sha256(), uploads.uploadTtl()));
    }
    List<Long> sizes = uploads.partSizes(artifact.sizeBytes());
    return UploadPlan.multipart(sizes.get(0),
        artifacts.presignParts(artifact.uri(), artifact.multipartUploadId(), sizes, uploads.uploadTtl()));
  }

  private String semverFor(Model model, RegisterVersionRequest request) {
    String semver;
    if (request.semver() != null) {
      semver = Semver.parse(request.semver()).toString();
    } else if (request.bump() != null) {
      Semver highest = model.maxSemver() == null ? Semver.ZERO : Semver.parse(model.maxSemver());
      semver = highest.bump(request.bump()).toString();
    } else {
      return null;
    }
    store.findVersionBySemver(model.id(), semver).ifPresent(existing -> {
      if (request.bump() != null) {
        // A bump from the model's max semver is always free, so the model was read before a concurrent
        // registration claimed it: retry from a fresh read.
        throw new ConcurrentUpdateException("semver " + semver + " was claimed concurrently");
      }
      throw RegistryException.alreadyExists("semver " + semver + " is already version " + existing + " of '" + model.name() + "'");
    });
    return semver;
  }

  static String artifactKey(String modelName, long number, String filename) {
    return "models/" + modelName + "/" + number + "/" + filename;
  }

  private static String idempotencyScope(Model model, String key) {
    return model.id() + "/" + key;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }

  public static List<Long> parseNumbers(String csv) {
    List<Long> numbers = new ArrayList<>();
    for (String part : csv.split(",")) {
      numbers.add(parseNumber(part.trim()));
    }
    return numbers;
  }
}
