package com.modelregistry.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.modelregistry.core.ErrorCode;
import com.modelregistry.core.RegistryException;
import com.modelregistry.core.domain.Model;
import com.modelregistry.core.domain.ModelVersion;
import com.modelregistry.core.domain.Stage;
import com.modelregistry.core.domain.VersionMetadata;
import com.modelregistry.core.testing.InMemoryArtifactStore;
import com.modelregistry.core.testing.InMemoryModelStore;
import com.modelregistry.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.function.Executable;

/** A registry core wired to in-memory stores and a mutable clock, with helpers the service tests share. */
class ServiceTestSupport {
  /** Sub-millisecond on purpose: services store instants truncated to milliseconds. */
  static final Instant START = Instant.parse("2025-03-01T10:00:00.123456Z");
  static final Instant START_MILLIS = Instant.parse("2025-03-01T10:00:00.123Z");
  /** Multipart from 100 bytes on, 40-byte parts: small enough for unit tests. */
  static final UploadPolicy SMALL_PARTS = new UploadPolicy(100, 40, Duration.ofHours(1), Duration.ofMinutes(15));

  final MutableClock clock = new MutableClock(START);
  final InMemoryModelStore store = new InMemoryModelStore(clock);
  final InMemoryArtifactStore artifacts = new InMemoryArtifactStore(clock, 1, false);
  private final AtomicInteger ids = new AtomicInteger();
  final ModelService models = new ModelService(store, clock, () -> "model-" + ids.incrementAndGet());
  final VersionService versions = new VersionService(store, artifacts, clock, SMALL_PARTS);
  final AuditService audit = new AuditService(store);

  Model createModel(String name) {
    return models.create("alice", new CreateModelRequest(name, null, null, null));
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static RegisterVersionRequest upload(String filename, byte[] bytes) {
    return new RegisterVersionRequest(null, null,
        new RegisterVersionRequest.ArtifactSpec(filename, (long) bytes.length, InMemoryArtifactStore.sha256Hex(bytes)),
        null, null, null, null, null);
  }

  static RegisterVersionRequest withSemver(RegisterVersionRequest r, String semver) {
    return new RegisterVersionRequest(semver, null, r.artifact(), r.source(), r.metadata(), r.metrics(), r.tags(),
        r.description());
  }

  static RegisterVersionRequest withBump(RegisterVersionRequest r, String bump) {
    return new RegisterVersionRequest(null, bump, r.artifact(), r.source(), r.metadata(), r.metrics(), r.tags(),
        r.description());
  }

  static RegisterVersionRequest withMetrics(RegisterVersionRequest r, Map<String, Double> metrics) {
    return new RegisterVersionRequest(r.semver(), r.bump(), r.artifact(), r.source(), r.metadata(), metrics, r.tags(),
        r.description());
  }

  static RegisterVersionRequest withMetadata(RegisterVersionRequest r, VersionMetadata metadata) {
    return new RegisterVersionRequest(r.semver(), r.bump(), r.artifact(), r.source(), metadata, r.metrics(), r.tags(),
        r.description());
  }

  /** Registers a version of the bytes (PENDING_UPLOAD). */
  RegisteredVersion register(String model, byte[] content) {
    return versions.register("alice", model, upload("model.bin", content), null);
  }

  /** Uploads through the version's presigned single PUT. */
  void uploadTo(RegisteredVersion version, byte[] content) {
    artifacts.upload(version.upload().url(), content, version.upload().headers());
  }

  /** Registers, uploads and finalizes: a READY version. */
  RegisteredVersion ready(String model, RegisterVersionRequest request, byte[] content) {
    RegisteredVersion registered = versions.register("alice", model, request, null);
    uploadTo(registered, content);
    return versions.finalizeUpload("alice", model, registered.version().version(), null);
  }

  RegisteredVersion ready(String model, byte[] content) {
    return ready(model, upload("model.bin", content), content);
  }

  /** Registers and finalizes with other bytes than declared: a FAILED version. */
  RegisteredVersion failed(String model, byte[] declared) {
    RegisteredVersion registered = register(model, declared);
    byte[] other = declared.clone();
    other[0] ^= 1;
    artifacts.putDirect(registered.version().artifact().uri(), other);
    assertThrows(RegistryException.class,
        () -> versions.finalizeUpload("alice", model, registered.version().version(), null));
    return versions.get(model, registered.version().version());
  }

  /**
   * Puts a version into a stage the way a promotion would (stage pointer on the model, stage on the
   * version, an audit entry), committed straight to the store.
   */
  void putInStage(String modelName, long number, Stage stage) {
    Model model = store.findModelByName(modelName).orElseThrow();
    ModelVersion version = store.findVersion(model.id(), number).orElseThrow();
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    Model updated = stage.isPointer() ? model.withStagePointer(stage, number) : model;
    if (version.stage().isPointer()) {
      updated = updated.withStagePointer(version.stage(), null);
    }
    store.commit(ChangeBuilder.of(model, updated).version(version.withStage(stage, now)).audited(now, "promoter",
        AuditChain.Event.of("STAGE_CHANGE", number).withTransition(version.stage().label(), stage.label())));
  }

  List<String> auditActions(String modelName) {
    return audit.list(modelName, com.modelregistry.core.domain.PageRequest.first(200)).items().stream()
        .map(com.modelregistry.core.domain.AuditEntry::action).toList();
  }

  static RegistryException assertError(ErrorCode code, Executable call) {
    RegistryException e = assertThrows(RegistryException.class, call);
    assertEquals(code, e.code(), e.getMessage());
    return e;
  }
}
