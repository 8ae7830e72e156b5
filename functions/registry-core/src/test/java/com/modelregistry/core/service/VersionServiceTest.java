package com.modelregistry.core.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.modelregistry.core.ErrorCode;
import com.modelregistry.core.RegistryException;
import com.modelregistry.core.domain.AuditEntry;
import com.modelregistry.core.domain.Model;
import com.modelregistry.core.domain.ModelCard;
import com.modelregistry.core.domain.ModelVersion;
import com.modelregistry.core.domain.PageRequest;
import com.modelregistry.core.domain.Stage;
import com.modelregistry.core.domain.VersionFilter;
import com.modelregistry.core.domain.VersionMetadata;
import com.modelregistry.core.domain.VersionStatus;
import com.modelregistry.core.event.Events;
import com.modelregistry.core.event.RegistryEvent;
import com.modelregistry.core.port.ArtifactStore.CompletedPart;
import com.modelregistry.core.port.ArtifactStore.PresignedRequest;
import com.modelregistry.core.service.RegisterVersionRequest.ArtifactSpec;
import com.modelregistry.core.testing.Concurrently;
import com.modelregistry.core.testing.InMemoryArtifactStore;
import com.modelregistry.core.testing.JsonValues;
import com.modelregistry.core.testing.RefusedRequestException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionServiceTest extends ServiceTestSupport {
  private static final byte[] WEIGHTS = bytes("model weights v1");
  private static final String WEIGHTS_SHA = InMemoryArtifactStore.sha256Hex(WEIGHTS);

  @BeforeEach
  void givenModelFraud() {
    createModel("fraud");
  }

  // ---- register

  @Test
  void givenModel_whenVersionsAreRegistered_thenTheyAreNumberedOneToN() {
    List<Long> numbers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      numbers.add(register("fraud", bytes("w" + i)).version().version());
    }

    assertEquals(List.of(1L, 2L, 3L), numbers);
    assertEquals(3, models.get("fraud").latestVersion());
  }

  @Test
  void givenArtifactSpec_whenRegistered_thenPendingWithAPresignedPutThatCarriesTheChecksum() {
    RegisteredVersion registered = versions.register("bob", "fraud",
        new RegisterVersionRequest(null, null, new ArtifactSpec("model.tar.gz", (long) WEIGHTS.length, WEIGHTS_SHA), null,
            null, Map.of("auc", 0.9), Map.of("gpu", "a100"), "first cut"), null);

    ModelVersion v = registered.version();
    assertEquals(VersionStatus.PENDING_UPLOAD, v.status());
    assertEquals("waiting for the artifact upload; then call finalize", v.statusMessage());
    assertEquals(Stage.NONE, v.stage());
    assertEquals("mem://artifacts/models/fraud/1/model.tar.gz", v.artifact().uri());
    assertEquals("model.tar.gz", v.artifact().filename());
    assertEquals(WEIGHTS.length, v.artifact().sizeBytes());
    assertEquals(WEIGHTS_SHA, v.artifact().sha256());
    assertNull(v.artifact().multipartUploadId());
    assertEquals(Map.of("auc", 0.9), v.metrics());
    assertEquals(Map.of("gpu", "a100"), v.tags());
    assertEquals("first cut", v.description());
    assertEquals("bob", v.createdBy());
    assertEquals(START_MILLIS, v.createdAt());
    assertNull(v.semver());
    UploadPlan upload = registered.upload();
    assertEquals("PUT", upload.method());
    assertEquals(START.plus(Duration.ofHours(1)), upload.expiresAt());
    assertEquals(Set.of(InMemoryArtifactStore.CHECKSUM_HEADER), upload.headers().keySet());
    assertNull(upload.parts());
    assertEquals(v, versions.get("fraud", 1).version());
    AuditEntry entry = audit.list("fraud", PageRequest.first(10)).items().get(1);
    assertEquals("REGISTER_VERSION", entry.action());
    assertEquals(1L, entry.version());
    assertNull(entry.from());
    assertEquals("PENDING_UPLOAD", entry.to());
    assertEquals(Map.of("artifact", v.artifact().uri()), entry.details());
  }

  @Test
  void givenMetadataWithHyperparameters_whenRegistered_thenTheyAreStoredAsJsonValues() {
    Map<String, Object> hyper = new LinkedHashMap<>();
    hyper.put("optimizer", "adam");
    hyper.put("epochs", 10);
    hyper.put("learningRate", 0.001);
    VersionMetadata metadata = new VersionMetadata("ds-7", "abc123", "trainer", "xgboost", "run-9", hyper);

    versions.register("alice", "fraud", withMetadata(upload("m.bin", WEIGHTS), metadata), null);

    VersionMetadata stored = versions.get("fraud", 1).version().metadata();
    assertEquals("ds-7", stored.datasetVersion());
    assertEquals("abc123", stored.gitCommit());
    assertEquals("run-9", stored.runId());
    assertEquals(JsonValues.comparableMap(hyper), JsonValues.comparableMap(stored.hyperparameters()));
  }

  @Test
  void givenUnknownModel_whenRegistering_thenNotFound() {
    assertError(ErrorCode.NOT_FOUND, () -> register("ghost", WEIGHTS));
  }

  static Stream<Arguments> invalidRegistrations() {
    ArtifactSpec ok = new ArtifactSpec("model.bin", 10L, "ab".repeat(32));
    return Stream.of(
        Arguments.of("neither artifact nor source", new RegisterVersionRequest(null, null, null, null, null, null, null, null)),
        Arguments.of("path in filename", spec(new ArtifactSpec("../model.bin", 10L, ok.sha256()))),
        Arguments.of("directory in filename", spec(new ArtifactSpec("dir/model.bin", 10L, ok.sha256()))),
        Arguments.of("empty filename", spec(new ArtifactSpec("", 10L, ok.sha256()))),
        Arguments.of("no size", spec(new ArtifactSpec("model.bin", null, ok.sha256()))),
        Arguments.of("no sha", spec(new ArtifactSpec("model.bin", 10L, null))),
        Arguments.of("uppercase sha", spec(new ArtifactSpec("model.bin", 10L, "AB".repeat(32)))),
        Arguments.of("short sha", spec(new ArtifactSpec("model.bin", 10L, "a".repeat(63)))),
        Arguments.of("zero size", spec(new ArtifactSpec("model.bin", 0L, ok.sha256()))),
        Arguments.of("negative size", spec(new ArtifactSpec("model.bin", -1L, ok.sha256()))),
        Arguments.of("over 5 TiB", spec(new ArtifactSpec("model.bin", 5L * 1024 * 1024 * 1024 * 1024 + 1, ok.sha256()))),
        Arguments.of("bad semver", new RegisterVersionRequest("1.0", null, ok, null, null, null, null, null)),
        Arguments.of("semver and bump", new RegisterVersionRequest("1.0.0", "patch", ok, null, null, null, null, null)),
        Arguments.of("unknown bump", new RegisterVersionRequest(null, "huge", ok, null, null, null, null, null)),
        Arguments.of("NaN metric", new RegisterVersionRequest(null, null, ok, null, null, Map.of("auc", Double.NaN), null, null)),
        Arguments.of("bad metric name", new RegisterVersionRequest(null, null, ok, null, null, Map.of("a uc", 0.5), null, null)),
        Arguments.of("http source", new RegisterVersionRequest(null, null, null, "http://x/model.bin", null, null, null, null)),
        Arguments.of("unreadable source", new RegisterVersionRequest(null, null, null, "s3://other-bucket/m.bin", null, null, null, null)),
        Arguments.of("long description", new RegisterVersionRequest(null, null, ok, null, null, null, null, "d".repeat(5001))));
  }

  private static RegisterVersionRequest spec(ArtifactSpec spec) {
    return new RegisterVersionRequest(null, null, spec, null, null, null, null, null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRegistrations")
  void givenInvalidRequest_whenRegistered_thenInvalidArgumentAndNoVersion(String why, RegisterVersionRequest request) {
    assertError(ErrorCode.INVALID_ARGUMENT, () -> versions.register("alice", "fraud", request, null));

    assertEquals(0, models.get("fraud").latestVersion());
    assertEquals(List.of("CREATE_MODEL"), auditActions("fraud"));
  }

  // ---- semver

  @Test
  void givenExplicitSemver_whenRegistered_thenItIsClaimedAndBecomesTheMax() {
    RegisteredVersion v = versions.register("alice", "fraud", withSemver(upload("m.bin", WEIGHTS), "1.2.3"), null);

    assertEquals("1.2.3", v.version().semver());
    assertEquals("1.2.3", models.get("fraud").maxSemver());
    assertEquals(Map.of("semver", "1.2.3", "artifact", v.version().artifact().uri()),
        audit.list("fraud", PageRequest.first(5)).items().get(1).details());
  }

  @ParameterizedTest
  @ValueSource(strings = {"patch:0.0.1", "minor:0.1.0", "major:1.0.0", "MAJOR:1.0.0"})
  void givenNoSemverYet_whenBumped_thenTheBumpStartsFromZero(String bumpAndExpected) {
    String[] parts = bumpAndExpected.split(":");

    RegisteredVersion v = versions.register("alice", "fraud", withBump(upload("m.bin", WEIGHTS), parts[0]), null);

    assertEquals(parts[1], v.version().semver());
  }

  @Test
  void givenMixOfExplicitAndBumpedSemvers_whenRegistered_thenEachBumpStartsFromTheHighestSoFar() {
    List<String> semvers = new ArrayList<>();
    semvers.add(bump("minor"));          // 0.1.0
    semvers.add(bump("patch"));          // 0.1.1
    semvers.add(explicit("3.0.0"));      // a jump, given explicitly
    semvers.add(bump("minor"));          // from 3.0.0
    semvers.add(explicit("2.5.0"));      // lower than the max: the max stays 3.1.0
    semvers.add(bump("patch"));          // from 3.1.0, not from 2.5.0
    semvers.add(bump("major"));
    semvers.add(explicit("5.0.0-rc.1")); // a pre-release above 4.0.0 is the new max
    semvers.add(bump("patch"));          // a pre-release bumps to its release

    assertEquals(List.of("0.1.0", "0.1.1", "3.0.0", "3.1.0", "2.5.0", "3.1.1", "4.0.0", "5.0.0-rc.1", "5.0.0"), semvers);
    assertEquals("5.0.0", models.get("fraud").maxSemver());
    Model model = models.get("fraud");
    assertEquals(7L, store.findVersionBySemver(model.id(), "4.0.0").orElseThrow());
  }

  @Test
  void givenNoSemverNorBump_whenRegistered_thenTheVersionHasNoSemverAndTheMaxStays() {
    explicit("1.0.0");

    RegisteredVersion plain = register("fraud", bytes("other"));

    assertNull(plain.version().semver());
    assertEquals("1.0.0", models.get("fraud").maxSemver());
  }

  @Test
  void givenSemverInUse_whenRegisteredAgain_thenAlreadyExistsAndNoVersionIsAdded() {
    explicit("1.0.0");

    RegistryException e = assertError(ErrorCode.ALREADY_EXISTS,
        () -> versions.register("alice", "fraud", withSemver(upload("m.bin", WEIGHTS), "1.0.0"), null));

    assertEquals("semver 1.0.0 is already version 1 of 'fraud'", e.getMessage());
    assertEquals(1, models.get("fraud").latestVersion());
    assertEquals(List.of("CREATE_MODEL", "REGISTER_VERSION"), auditActions("fraud"));
  }

  @Test
  void givenSemverInAnotherModel_whenRegistered_thenAllowed() {
    explicit("1.0.0");
    createModel("churn");

    RegisteredVersion other = versions.register("alice", "churn", withSemver(upload("m.bin", WEIGHTS), "1.0.0"), null);

    assertEquals("1.0.0", other.version().semver());
  }

  private String bump(String part) {
    return versions.register("alice", "fraud", withBump(upload("m.bin", WEIGHTS), part), null).version().semver();
  }

  private String explicit(String semver) {
    return versions.register("alice", "fraud", withSemver(upload("m.bin", WEIGHTS), semver), null).version().semver();
  }

  // ---- upload and finalize (single PUT)

  @Test
  void givenUploadedBytes_whenFinalized_thenReadyWithTheVerifiedShaAndNoUploadPlan() {
    RegisteredVersion registered = register("fraud", WEIGHTS);
    uploadTo(registered, WEIGHTS);
    clock.advance(Duration.ofSeconds(30));

    RegisteredVersion ready = versions.finalizeUpload("carol", "fraud", 1, null);

    ModelVersion v = ready.version();
    assertEquals(VersionStatus.READY, v.status());
    assertEquals("artifact verified: " + WEIGHTS.length + " bytes, SHA-256 " + WEIGHTS_SHA, v.statusMessage());
    assertEquals(WEIGHTS_SHA, v.artifact().sha256());
    assertEquals(WEIGHTS.length, v.artifact().sizeBytes());
    assertEquals(START_MILLIS.plusSeconds(30), v.updatedAt());
    assertEquals(START_MILLIS, v.createdAt());
    assertNull(ready.upload());
    assertEquals(v, versions.get("fraud", 1).version());
    assertEquals(1, artifacts.sha256Computations());
    AuditEntry entry = audit.list("fraud", PageRequest.first(10)).items().get(2);
    assertEquals("FINALIZE_VERSION", entry.action());
    assertEquals("carol", entry.actor());
    assertEquals("PENDING_UPLOAD", entry.from());
    assertEquals("READY", entry.to());
    assertNull(entry.reason());
    assertEquals(Map.of("sizeBytes", String.valueOf(WEIGHTS.length), "sha256", WEIGHTS_SHA), entry.details());
  }

  @Test
  void givenStoreThatKeepsChecksums_whenFinalized_thenItsShaIsUsedWithoutReadingTheObject() {
    InMemoryArtifactStore checksummed = new InMemoryArtifactStore(clock, 1, true);
    VersionService service = new VersionService(store, checksummed, clock, SMALL_PARTS);
    RegisteredVersion registered = service.register("alice", "fraud", upload("m.bin", WEIGHTS), null);
    checksummed.upload(registered.upload().url(), WEIGHTS, registered.upload().headers());

    RegisteredVersion ready = service.finalizeUpload("alice", "fraud", 1, null);

    assertEquals(VersionStatus.READY, ready.version().status());
    assertEquals(WEIGHTS_SHA, ready.version().artifact().sha256());
    assertEquals(0, checksummed.sha256Computations());
  }

  @Test
  void givenBytesReplacedBehindTheUpload_whenFinalized_thenFailedWithAShaMismatchAnd412() {
    register("fraud", WEIGHTS);
    byte[] corrupted = WEIGHTS.clone();
    corrupted[3] ^= 0x20;
    artifacts.putDirect("mem://artifacts/models/fraud/1/model.bin", corrupted);
    String actualSha = InMemoryArtifactStore.sha256Hex(corrupted);

    RegistryException e = assertError(ErrorCode.FAILED_PRECONDITION, () -> versions.finalizeUpload("alice", "fraud", 1, null));

    String mismatch = "SHA-256 mismatch: declared " + WEIGHTS_SHA + ", the stored object has " + actualSha;
    assertTrue(e.getMessage().startsWith("version 1 of 'fraud' is FAILED: " + mismatch), e.getMessage());
    ModelVersion v = versions.get("fraud", 1).version();
    assertEquals(VersionStatus.FAILED, v.status());
    assertEquals(mismatch, v.statusMessage());
    assertEquals(WEIGHTS_SHA, v.artifact().sha256(), "the declared checksum stays on record");
    AuditEntry entry = audit.list("fraud", PageRequest.first(10)).items().get(2);
    assertEquals("FAILED", entry.to());
    assertEquals(mismatch, entry.reason());
  }

  @Test
  void givenObjectOfAnotherSize_whenFinalized_thenFailedWithASizeMismatch() {
    register("fraud", WEIGHTS);
    artifacts.putDirect("mem://artifacts/models/fraud/1/model.bin", Arrays.copyOf(WEIGHTS, WEIGHTS.length + 1));

    assertError(ErrorCode.FAILED_PRECONDITION, () -> versions.finalizeUpload("alice", "fraud", 1, null));

    ModelVersion v = versions.get("fraud", 1).version();
    assertEquals(VersionStatus.FAILED, v.status());
    assertEquals("size mismatch: " + WEIGHTS.length + " bytes were declared, the stored object has " + (WEIGHTS.length + 1),
        v.statusMessage());
  }

  @Test
  void givenPresignedPutWithWrongBytes_whenUploaded_thenTheStoreRefusesAndFinalizeFindsNoArtifact() {
    RegisteredVersion registered = register("fraud", WEIGHTS);
    byte[] other = WEIGHTS.clone();
    other[0] ^= 1;

    assertThrows(RefusedRequestException.class, () -> uploadTo(registered, other));
    RegistryException e = assertError(ErrorCode.FAILED_PRECONDITION, () -> versions.finalizeUpload("alice", "fraud", 1, null));

    assertTrue(e.getMessage().startsWith("no artifact at mem://artifacts/models/fraud/1/model.bin yet"), e.getMessage());
    assertEquals(VersionStatus.PENDING_UPLOAD, versions.get("fraud", 1).version().status());
  }

  @Test
  void givenNothingUploaded_whenFinalized_then412AndTheVersionStaysPendingWithNoAuditEntry() {
    register("fraud", WEIGHTS);

    assertError(ErrorCode.FAILED_PRECONDITION, () -> versions.finalizeUpload("alice", "fraud", 1, null));

    assertEquals(VersionStatus.PENDING_UPLOAD, versions.get("fraud", 1).version().status());
    assertNotNull(versions.get("fraud", 1).upload(), "the client may still upload");
    assertEquals(List.of("CREATE_MODEL", "REGISTER_VERSION"), auditActions("fraud"));
  }

  @Test
  void givenReadyVersion_whenFinalizedAgain_then412AndItStaysReady() {
    ready("fraud", WEIGHTS);

    RegistryException e = assertError(ErrorCode.FAILED_PRECONDITION, () -> versions.finalizeUpload("alice", "fraud", 1, null));

    assertTrue(e.getMessage().contains("already READY"), e.getMessage());
    assertEquals(VersionStatus.READY, versions.get("fraud", 1).version().status());
    assertEquals(List.of("CREATE_MODEL", "REGISTER_VERSION", "FINALIZE_VERSION"), auditActions("fraud"));
  }

  @Test
  void givenFailedVersion_whenFinalizedAgainAfterAGoodUpload_then412AndItStaysFailed() {
    failed("fraud", WEIGHTS);
    artifacts.putDirect("mem://artifacts/models/fraud/1/model.bin", WEIGHTS);

    RegistryException e = assertError(ErrorCode.FAILED_PRECONDITION, () -> versions.finalizeUpload("alice", "fraud", 1, null));

    assertTrue(e.getMessage().contains("is FAILED"), e.getMessage());
    assertEquals(VersionStatus.FAILED, versions.get("fraud", 1).version().status());
  }

  @Test
  void givenSinglePutVersion_whenFinalizedWithParts_thenInvalidArgument() {
    RegisteredVersion registered = register("fraud", WEIGHTS);
    uploadTo(registered, WEIGHTS);

    assertError(ErrorCode.INVALID_ARGUMENT,
        () -> versions.finalizeUpload("alice", "fraud", 1, List.of(new CompletedPart(1, "\"x\""))));

    assertEquals(VersionStatus.PENDING_UPLOAD, versions.get("fraud", 1).version().status());
  }

  @Test
  void givenUnknownVersion_whenFinalized_thenNotFound() {
    assertEquals("model 'fraud' has no version 7",
        assertError(ErrorCode.NOT_FOUND, () -> versions.finalizeUpload("alice", "fraud", 7, null)).getMessage());
  }

  // ---- multipart

  @Test
  void givenArtifactOverTheThreshold_whenUploadedInPartsAndFinalized_thenReadyOverTheConcatenation() {
    byte[] big = new byte[130];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 7);
    }
    RegisteredVersion registered = versions.register("alice", "fraud", upload("big.bin", big), null);

    UploadPlan plan = registered.upload();
    assertEquals("MULTIPART", plan.method());
    assertNull(plan.url());
    assertEquals(40L, plan.partSizeBytes());
    assertEquals(List.of(1, 2, 3, 4), plan.parts().stream().map(PresignedRequest::partNumber).toList());
    assertNotNull(registered.version().artifact().multipartUploadId());
    assertEquals(1, artifacts.openUploads());
    List<CompletedPart> parts = uploadParts(plan, big);

    RegisteredVersion ready = versions.finalizeUpload("alice", "fraud", 1, parts);

    assertEquals(VersionStatus.READY, ready.version().status());
    assertEquals(InMemoryArtifactStore.sha256Hex(big), ready.version().artifact().sha256());
    assertEquals(130L, ready.version().artifact().sizeBytes());
    assertNull(ready.version().artifact().multipartUploadId());
    assertArrayEquals(big, artifacts.bytes(ready.version().artifact().uri()).orElseThrow());
    assertEquals(0, artifacts.openUploads());
  }

  @Test
  void givenMultipartVersion_whenFinalizedWithoutParts_thenInvalidArgumentAndStillPending() {
    versions.register("alice", "fraud", upload("big.bin", new byte[101]), null);

    RegistryException e = assertError(ErrorCode.INVALID_ARGUMENT, () -> versions.finalizeUpload("alice", "fraud", 1, List.of()));

    assertTrue(e.getMessage().contains("multipart"), e.getMessage());
    assertEquals(VersionStatus.PENDING_UPLOAD, versions.get("fraud", 1).version().status());
    assertEquals(1, artifacts.openUploads());
  }

  @Test
  void givenAPartLeftOutOrUnknown_whenFinalized_thenInvalidArgumentAndStillPending() {
    byte[] big = new byte[130];
    RegisteredVersion registered = versions.register("alice", "fraud", upload("big.bin", big), null);
    List<CompletedPart> parts = uploadParts(registered.upload(), big);

    RegistryException missing = assertError(ErrorCode.INVALID_ARGUMENT,
        () -> versions.finalizeUpload("alice", "fraud", 1, parts.subList(1, 4)));
    assertEquals("version 1 is uploaded in parts 1..4: missing parts [1]; send every part with the ETag its PUT returned",
        missing.getMessage());
    List<CompletedPart> withUnknown = new ArrayList<>(parts);
    withUnknown.add(new CompletedPart(9, "\"etag\""));
    assertTrue(assertError(ErrorCode.INVALID_ARGUMENT, () -> versions.finalizeUpload("alice", "fraud", 1, withUnknown))
        .getMessage().contains("unknown parts [9]"));
    assertEquals(VersionStatus.PENDING_UPLOAD, versions.get("fraud", 1).version().status());

    assertEquals(VersionStatus.READY, versions.finalizeUpload("alice", "fraud", 1, parts).version().status());
  }

  @Test
  void givenCorruptedPart_whenFinalized_thenFailedWithAShaMismatch() {
    byte[] big = new byte[120];
    Arrays.fill(big, (byte) 1);
    RegisteredVersion registered = versions.register("alice", "fraud", upload("big.bin", big), null);
    byte[] corrupted = big.clone();
    corrupted[50] = 9; // inside part 2; parts carry no checksum, so only finalize can notice

    List<CompletedPart> parts = uploadParts(registered.upload(), corrupted);

    assertError(ErrorCode.FAILED_PRECONDITION, () -> versions.finalizeUpload("alice", "fraud", 1, parts));
    assertTrue(versions.get("fraud", 1).version().statusMessage().startsWith("SHA-256 mismatch"));
  }

  @Test
  void givenUploadAlreadyCompletedByAnEarlierFinalize_whenFinalizedAgain_thenItVerifiesAndIsReady() {
    byte[] big = new byte[101];
    Arrays.fill(big, (byte) 3);
    RegisteredVersion registered = versions.register("alice", "fraud", upload("big.bin", big), null);
    List<CompletedPart> parts = uploadParts(registered.upload(), big);
    // an earlier finalize completed the upload, then lost its commit
    artifacts.completeMultipartUpload(registered.version().artifact().uri(),
        registered.version().artifact().multipartUploadId(), parts);

    RegisteredVersion ready = versions.finalizeUpload("alice", "fraud", 1, parts);

    assertEquals(VersionStatus.READY, ready.version().status());
  }

  private List<CompletedPart> uploadParts(UploadPlan plan, byte[] content) {
    List<CompletedPart> parts = new ArrayList<>();
    int offset = 0;
    for (PresignedRequest part : plan.parts()) {
      int end = (int) Math.min(content.length, offset + plan.partSizeBytes());
      String etag = artifacts.upload(part.url(), Arrays.copyOfRange(content, offset, end), part.headers());
      parts.add(new CompletedPart(part.partNumber(), etag));
      offset = end;
    }
    assertEquals(content.length, offset);
    return parts;
  }

  // ---- registration from an existing object

  @Test
  void givenSourceInAReadableBucket_whenRegisteredAndFinalized_thenReadyWithoutAnUploadPlan() {
    artifacts.serveAlso("s3://training-bucket/");
    artifacts.putDirect("s3://training-bucket/runs/7/model.bin", WEIGHTS);
    RegisterVersionRequest request = new RegisterVersionRequest(null, null,
        new ArtifactSpec(null, (long) WEIGHTS.length, WEIGHTS_SHA), "s3://training-bucket/runs/7/model.bin", null, null,
        null, null);

    RegisteredVersion registered = versions.register("alice", "fraud", request, null);

    assertNull(registered.upload());
    assertEquals("s3://training-bucket/runs/7/model.bin", registered.version().artifact().uri());
    assertEquals("model.bin", registered.version().artifact().filename());
    assertEquals("registered from s3://training-bucket/runs/7/model.bin; finalize to verify it",
        registered.version().statusMessage());
    assertEquals(VersionStatus.READY, versions.finalizeUpload("alice", "fraud", 1, null).version().status());
  }

  @Test
  void givenSourceWithoutDeclaredChecksum_whenFinalized_thenReadyWithTheComputedOne() {
    artifacts.serveAlso("s3://training-bucket/");
    artifacts.putDirect("s3://training-bucket/m.bin", WEIGHTS);
    versions.register("alice", "fraud",
        new RegisterVersionRequest(null, null, null, "s3://training-bucket/m.bin", null, null, null, null), null);

    ModelVersion v = versions.finalizeUpload("alice", "fraud", 1, null).version();

    assertEquals(WEIGHTS_SHA, v.artifact().sha256());
    assertEquals(WEIGHTS.length, v.artifact().sizeBytes());
  }

  // ---- idempotency

  @Test
  void givenIdempotencyKey_whenTheSameBodyIsSentTwice_thenTheSameVersionComesBackAndNothingIsAdded() {
    RegisteredVersion first = versions.register("alice", "fraud", upload("m.bin", WEIGHTS), "key-1");

    RegisteredVersion replay = versions.register("alice", "fraud", upload("m.bin", WEIGHTS), "key-1");

    assertEquals(first.version(), replay.version());
    assertNotNull(replay.upload(), "a replay hands out a fresh upload URL");
    assertEquals(1, models.get("fraud").latestVersion());
    assertEquals(List.of("CREATE_MODEL", "REGISTER_VERSION"), auditActions("fraud"));
  }

  @Test
  void givenIdempotencyKey_whenADifferentBodyIsSent_thenConflictAndNoVersion() {
    versions.register("alice", "fraud", upload("m.bin", WEIGHTS), "key-1");

    RegistryException e = assertError(ErrorCode.CONFLICT,
        () -> versions.register("alice", "fraud", upload("m.bin", bytes("other weights")), "key-1"));

    assertTrue(e.getMessage().startsWith("Idempotency-Key 'key-1' was already used with a different request body"));
    assertEquals(1, models.get("fraud").latestVersion());
  }

  @Test
  void givenIdempotencyKeyUsedInAnotherModel_whenSent_thenItIsIndependent() {
    createModel("churn");
    versions.register("alice", "fraud", upload("m.bin", WEIGHTS), "key-1");

    RegisteredVersion other = versions.register("alice", "churn", upload("m.bin", bytes("x")), "key-1");

    assertEquals(1, other.version().version());
    assertEquals("churn", other.version().modelName());
  }

  @Test
  void givenIdempotencyKeyOlderThan24Hours_whenTheSameBodyIsSent_thenANewVersionIsRegistered() {
    versions.register("alice", "fraud", upload("m.bin", WEIGHTS), "key-1");
    clock.advance(Duration.ofHours(24).plusSeconds(1));

    RegisteredVersion again = versions.register("alice", "fraud", upload("m.bin", WEIGHTS), "key-1");

    assertEquals(2, again.version().version());
  }

  @Test
  void givenEightRetriesWithTheSameKeyAtOnce_whenTheyRace_thenAllGetVersionOne() throws Exception {
    List<Callable<Long>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(() -> versions.register("alice", "fraud", upload("m.bin", WEIGHTS), "retry-key").version().version());
    }

    List<Long> numbers = Concurrently.runAtOnce(calls);

    assertEquals(List.of(1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L), numbers);
    assertEquals(1, models.get("fraud").latestVersion());
  }

  // ---- update

  @Test
  void givenReadyVersion_whenMetricsOrMetadataArePatched_then412AndNothingChanges() {
    ready("fraud", withMetrics(upload("model.bin", WEIGHTS), Map.of("auc", 0.9)), WEIGHTS);
    ModelVersion before = versions.get("fraud", 1).version();

    RegistryException e = assertError(ErrorCode.FAILED_PRECONDITION,
        () -> versions.update("alice", "fraud", 1, new UpdateVersionRequest(null, null, null, Map.of("auc", 0.99))));
    assertError(ErrorCode.FAILED_PRECONDITION, () -> versions.update("alice", "fraud", 1,
        new UpdateVersionRequest("also a description", null, VersionMetadata.EMPTY, null)));

    assertEquals("metadata and metrics of version 1 are immutable now that it is READY; only description and tags can change",
        e.getMessage());
    assertEquals(before, versions.get("fraud", 1).version());
  }

  @Test
  void givenReadyVersion_whenDescriptionAndTagsArePatched_thenTheyChangeAndTagsMerge() {
    ready("fraud", new RegisterVersionRequest(null, null, upload("model.bin", WEIGHTS).artifact(), null, null,
        Map.of("auc", 0.9), Map.of("keep", "1", "drop", "2"), "old"), WEIGHTS);
    clock.advance(Duration.ofMinutes(1));
    Map<String, String> tags = new HashMap<>();
    tags.put("drop", null);
    tags.put("add", "3");

    RegisteredVersion updated = versions.update("bob", "fraud", 1, new UpdateVersionRequest("new", tags, null, null));

    ModelVersion v = updated.version();
    assertEquals("new", v.description());
    assertEquals(Map.of("keep", "1", "add", "3"), v.tags());
    assertEquals(Map.of("auc", 0.9), v.metrics());
    assertEquals(VersionStatus.READY, v.status());
    assertEquals(START_MILLIS.plusSeconds(60), v.updatedAt());
    assertEquals(v, versions.get("fraud", 1).version());
    List<AuditEntry> entries = audit.list("fraud", PageRequest.first(10)).items();
    assertEquals("UPDATE_VERSION", entries.get(entries.size() - 1).action());
    assertEquals(Map.of("description", "new", "tags", "add,drop"), entries.get(entries.size() - 1).details());
  }

  @Test
  void givenPendingVersion_whenMetricsArePatched_thenReplaced() {
    versions.register("alice", "fraud", withMetrics(upload("m.bin", WEIGHTS), Map.of("auc", 0.9)), null);

    ModelVersion v = versions.update("alice", "fraud", 1,
        new UpdateVersionRequest(null, null, null, Map.of("auc", 0.91, "f1", 0.5))).version();

    assertEquals(Map.of("auc", 0.91, "f1", 0.5), v.metrics());
  }

  // ---- events (the outbox: written with the change that they describe)

  @Test
  void givenVersionLifecycle_whenRegisteredFinalizedAndArchived_thenEachChangeCarriesItsEvent() {
    int before = store.events().size();
    RegisteredVersion registered = versions.register("alice", "fraud",
        withSemver(withMetrics(upload("model.bin", WEIGHTS), Map.of("auc", 0.91)), "1.0.0"), null);
    uploadTo(registered, WEIGHTS);
    versions.finalizeUpload("alice", "fraud", 1, null);
    versions.archive("alice", "fraud", 1, "superseded");

    List<RegistryEvent> events = store.events().subList(before, store.events().size());
    assertEquals(List.of(Events.VERSION_REGISTERED, Events.VERSION_READY, Events.STAGE_CHANGED),
        events.stream().map(RegistryEvent::detailType).toList());
    Model model = models.get("fraud");
    Map<String, Object> registeredDetail = events.get(0).detail();
    assertEquals(model.id() + "-2-model-version-registered-v1", registeredDetail.get("eventId"),
        "the audit entry of the registration is the model's second");
    assertEquals("1.0.0", registeredDetail.get("semver"));
    assertEquals("PENDING_UPLOAD", registeredDetail.get("status"));
    assertEquals(Map.of("auc", 0.91), registeredDetail.get("metrics"));
    assertEquals(registered.version().artifact().uri(), registeredDetail.get("artifactUri"));
    Map<String, Object> readyDetail = events.get(1).detail();
    assertEquals((long) WEIGHTS.length, readyDetail.get("sizeBytes"));
    assertEquals(InMemoryArtifactStore.sha256Hex(WEIGHTS), readyDetail.get("sha256"));
    assertEquals(3L, readyDetail.get("revision"));
    assertEquals(Map.of("fromStage", "None", "toStage", "Archived"),
        Map.of("fromStage", events.get(2).detail().get("fromStage"), "toStage", events.get(2).detail().get("toStage")));
    assertEquals(model.revision(), events.get(2).detail().get("revision"));
  }

  @Test
  void givenChecksumMismatch_whenFinalized_thenNoReadyEvent() {
    int before = store.events().size();
    failed("fraud", WEIGHTS);

    assertEquals(List.of(Events.VERSION_REGISTERED),
        store.events().subList(before, store.events().size()).stream().map(RegistryEvent::detailType).toList());
  }

  // ---- archive

  @Test
  void givenReadyVersion_whenArchived_thenArchivedWithAnAuditedReason() {
    ready("fraud", WEIGHTS);

    RegisteredVersion archived = versions.archive("alice", "fraud", 1, "superseded");

    assertEquals(Stage.ARCHIVED, archived.version().stage());
    assertEquals(Stage.ARCHIVED, versions.get("fraud", 1).version().stage());
    AuditEntry entry = audit.list("fraud", PageRequest.first(10)).items().get(3);
    assertEquals("STAGE_CHANGE", entry.action());
    assertEquals("None", entry.from());
    assertEquals("Archived", entry.to());
    assertEquals("superseded", entry.reason());
  }

  @Test
  void givenArchivedVersion_whenArchivedAgain_thenNothingIsWritten() {
    ready("fraud", WEIGHTS);
    versions.archive("alice", "fraud", 1, "superseded");
    long revision = models.get("fraud").revision();

    versions.archive("alice", "fraud", 1, "again");

    assertEquals(revision, models.get("fraud").revision());
  }

  @Test
  void givenProductionVersion_whenArchived_then412AndItStaysInProduction() {
    ready("fraud", WEIGHTS);
    putInStage("fraud", 1, Stage.PRODUCTION);

    RegistryException e = assertError(ErrorCode.FAILED_PRECONDITION, () -> versions.archive("alice", "fraud", 1, "x"));

    assertTrue(e.getMessage().contains("serves Production"), e.getMessage());
    assertEquals(Stage.PRODUCTION, versions.get("fraud", 1).version().stage());
    assertEquals(Map.of(Stage.PRODUCTION, 1L), models.get("fraud").stages());
  }

  @Test
  void givenStagingVersion_whenArchived_thenTheStagingPointerIsCleared() {
    ready("fraud", WEIGHTS);
    putInStage("fraud", 1, Stage.STAGING);

    versions.archive("alice", "fraud", 1, "rejected");

    assertEquals(Map.of(), models.get("fraud").stages());
    assertEquals("Staging", audit.list("fraud", PageRequest.first(10)).items().get(4).from());
  }

  // ---- resolve

  /** v1 READY 1.0.0 @champion Staging; v2 READY 1.1.0 Production; v3 FAILED; v4 PENDING_UPLOAD. */
  private void givenFourVersionsInEveryState() {
    ready("fraud", withSemver(upload("model.bin", bytes("one")), "1.0.0"), bytes("one"));
    ready("fraud", withSemver(upload("model.bin", bytes("two")), "1.1.0"), bytes("two"));
    failed("fraud", bytes("three"));
    register("fraud", bytes("four"));
    models.setAlias("alice", "fraud", "champion", 1);
    putInStage("fraud", 2, Stage.PRODUCTION);
    putInStage("fraud", 1, Stage.STAGING);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2=2", " 2 =2", "1.1.0=2", "1.0.0=1", "@champion=1", "latest=2", "LATEST=2", "Production=2",
      "production=2", "Staging=1", "4=4", "3=3"})
  void givenVersionsInEveryState_whenAReferenceIsResolved_thenItNamesTheExpectedVersion(String refAndExpected) {
    givenFourVersionsInEveryState();
    int eq = refAndExpected.lastIndexOf('=');

    RegisteredVersion resolved = versions.resolve("fraud", refAndExpected.substring(0, eq));

    assertEquals(Long.parseLong(refAndExpected.substring(eq + 1)), resolved.version().version());
  }

  @Test
  void givenAliasedVersion_whenResolved_thenTheViewListsItsAliases() {
    givenFourVersionsInEveryState();
    models.setAlias("alice", "fraud", "baseline", 1);

    assertEquals(List.of("baseline", "champion"), versions.resolve("fraud", "@champion").aliases());
  }

  @ParameterizedTest
  @ValueSource(strings = {"9", "9.9.9", "@nope"})
  void givenReferenceToNothing_whenResolved_thenNotFound(String ref) {
    givenFourVersionsInEveryState();

    assertError(ErrorCode.NOT_FOUND, () -> versions.resolve("fraud", ref));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "abc", "None", "Archived", "0", "-1", "1.2", "v1.0.0", "99999999999999999999", "@", "@with space", "@latest"})
  void givenMalformedReference_whenResolved_thenInvalidArgument(String ref) {
    givenFourVersionsInEveryState();

    assertError(ErrorCode.INVALID_ARGUMENT, () -> versions.resolve("fraud", ref));
  }

  @Test
  void givenNullReference_whenResolved_thenInvalidArgument() {
    assertError(ErrorCode.INVALID_ARGUMENT, () -> versions.resolve("fraud", null));
  }

  @Test
  void givenNoReadyVersionNorStagePointer_whenLatestOrStagingIsResolved_thenNotFound() {
    register("fraud", WEIGHTS);
    failed("fraud", bytes("x"));

    assertEquals("model 'fraud' has no READY version outside Archived yet",
        assertError(ErrorCode.NOT_FOUND, () -> versions.resolve("fraud", "latest")).getMessage());
    assertEquals("model 'fraud' has no version in Staging",
        assertError(ErrorCode.NOT_FOUND, () -> versions.resolve("fraud", "Staging")).getMessage());
  }

  // ---- compare

  @Test
  void givenVersionsWithMetrics_whenCompared_thenValuesSideBySideWithDeltasAgainstTheFirstListed() {
    ready("fraud", withMetrics(upload("model.bin", bytes("1")), Map.of("auc", 0.75, "loss", 0.5)), bytes("1"));
    ready("fraud", withMetrics(upload("model.bin", bytes("2")), Map.of("auc", 0.875, "loss", 0.25, "f1", 0.5)), bytes("2"));
    ready("fraud", withMetrics(upload("model.bin", bytes("3")), Map.of("auc", 0.625)), bytes("3"));

    VersionComparison comparison = versions.compare("fraud", List.of(2L, 1L, 3L));

    assertEquals("fraud", comparison.model());
    assertEquals(List.of(2L, 1L, 3L), comparison.versions());
    assertEquals(List.of("auc", "f1", "loss"), new ArrayList<>(comparison.metrics().keySet()));
    assertEquals(new VersionComparison.MetricRow(ordered("2", 0.875, "1", 0.75, "3", 0.625), ordered("1", -0.125, "3", -0.25)),
        comparison.metrics().get("auc"));
    assertEquals(new VersionComparison.MetricRow(ordered("2", 0.5), Map.of()), comparison.metrics().get("f1"));
    assertEquals(new VersionComparison.MetricRow(ordered("2", 0.25, "1", 0.5), ordered("1", 0.25)),
        comparison.metrics().get("loss"));
  }

  @Test
  void givenMetricMissingFromTheFirstVersion_whenCompared_thenNoDeltaIsInvented() {
    ready("fraud", withMetrics(upload("model.bin", bytes("1")), Map.of("auc", 0.75)), bytes("1"));
    ready("fraud", withMetrics(upload("model.bin", bytes("2")), Map.of("auc", 0.5, "f1", 0.25)), bytes("2"));

    VersionComparison comparison = versions.compare("fraud", List.of(1L, 2L));

    assertEquals(new VersionComparison.MetricRow(ordered("2", 0.25), Map.of()), comparison.metrics().get("f1"));
  }

  @Test
  void givenBadVersionLists_whenCompared_thenInvalidArgumentOrNotFound() {
    ready("fraud", WEIGHTS);
    ready("fraud", bytes("two"));

    assertError(ErrorCode.INVALID_ARGUMENT, () -> versions.compare("fraud", List.of(1L)));
    assertError(ErrorCode.INVALID_ARGUMENT, () -> versions.compare("fraud", List.of(1L, 1L)));
    assertError(ErrorCode.INVALID_ARGUMENT, () -> versions.compare("fraud", LongStream.rangeClosed(1, 11).boxed().toList()));
    assertError(ErrorCode.NOT_FOUND, () -> versions.compare("fraud", List.of(1L, 5L)));
    assertEquals(List.of(3L, 1L), VersionService.parseNumbers("3, 1"));
    assertError(ErrorCode.INVALID_ARGUMENT, () -> VersionService.parseNumbers("3,x"));
  }

  private static Map<String, Double> ordered(Object... keysAndValues) {
    Map<String, Double> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], (Double) keysAndValues[i + 1]);
    }
    return map;
  }

  // ---- model cards

  @Test
  void givenValidSections_whenAModelCardIsPut_thenItIsReadBackAndAudited() {
    ready("fraud", WEIGHTS);
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("modelDetails", Map.of("owners", List.of("risk-team"), "license", "internal"));
    content.put("intendedUse", "scoring card-not-present payments");
    content.put("performance", Map.of("auc", 0.93, "bySegment", List.of(Map.of("segment", "eu", "auc", 0.91))));
    content.put("limitations", List.of("new merchants"));
    content.put("environmentalImpact", Map.of("co2Kg", 12));

    ModelCard put = versions.putModelCard("carol", "fraud", 1, content);

    assertEquals(new ModelCard(1, content, "carol", START_MILLIS), put);
    ModelCard read = versions.getModelCard("fraud", 1);
    assertEquals(1, read.version());
    assertEquals("carol", read.updatedBy());
    assertEquals(START_MILLIS, read.updatedAt());
    assertEquals(JsonValues.comparableMap(content), JsonValues.comparableMap(read.content()));
    AuditEntry entry = audit.list("fraud", PageRequest.first(10)).items().get(3);
    assertEquals("SET_MODEL_CARD", entry.action());
    assertEquals(Map.of("sha256", Hashing.sha256Hex(Hashing.canonicalJson(content))), entry.details());
  }

  @Test
  void givenUnknownOrNoSections_whenAModelCardIsPut_thenInvalidArgumentAndNoCard() {
    ready("fraud", WEIGHTS);

    RegistryException e = assertError(ErrorCode.INVALID_ARGUMENT,
        () -> versions.putModelCard("carol", "fraud", 1, Map.of("intendedUse", "x", "marketing", "y")));
    assertError(ErrorCode.INVALID_ARGUMENT, () -> versions.putModelCard("carol", "fraud", 1, Map.of()));
    assertError(ErrorCode.INVALID_ARGUMENT, () -> versions.putModelCard("carol", "fraud", 1, null));

    assertTrue(e.getMessage().startsWith("unknown model card section 'marketing'"), e.getMessage());
    assertEquals("version 1 of 'fraud' has no model card yet",
        assertError(ErrorCode.NOT_FOUND, () -> versions.getModelCard("fraud", 1)).getMessage());
  }

  @Test
  void givenMissingVersion_whenAModelCardIsPutOrRead_thenNotFound() {
    assertError(ErrorCode.NOT_FOUND, () -> versions.putModelCard("carol", "fraud", 4, Map.of("intendedUse", "x")));
    assertError(ErrorCode.NOT_FOUND, () -> versions.getModelCard("fraud", 4));
  }

  // ---- download

  @Test
  void givenReadyVersion_whenADownloadLinkIsAsked_thenItServesTheBytesUntilItExpires() {
    ready("fraud", WEIGHTS);

    PresignedRequest link = versions.downloadLink("fraud", 1);

    assertEquals("GET", link.method());
    assertEquals(START.plus(Duration.ofMinutes(15)), link.expiresAt());
    assertArrayEquals(WEIGHTS, artifacts.download(link.url()));
  }

  @Test
  void givenPendingOrFailedVersion_whenADownloadLinkIsAsked_then412() {
    register("fraud", WEIGHTS);
    failed("fraud", bytes("broken"));

    assertTrue(assertError(ErrorCode.FAILED_PRECONDITION, () -> versions.downloadLink("fraud", 1)).getMessage()
        .contains("is PENDING_UPLOAD; only READY versions can be downloaded"));
    assertError(ErrorCode.FAILED_PRECONDITION, () -> versions.downloadLink("fraud", 2));
    assertError(ErrorCode.NOT_FOUND, () -> versions.downloadLink("fraud", 3));
  }

  // ---- list

  @Test
  void givenVersionsInSeveralStates_whenListed_thenNewestFirstFilteredAndOnlyAPendingOneReadAloneCarriesAnUploadPlan() {
    ready("fraud", WEIGHTS);
    register("fraud", bytes("two"));
    ready("fraud", bytes("three"));

    List<RegisteredVersion> all = versions.list("fraud", VersionFilter.ALL, PageRequest.first(10)).items();
    List<RegisteredVersion> readyOnes =
        versions.list("fraud", new VersionFilter(null, VersionStatus.READY, null), PageRequest.first(10)).items();

    assertEquals(List.of(3L, 2L, 1L), all.stream().map(v -> v.version().version()).toList());
    assertEquals(Arrays.asList(null, null, null),
        all.stream().map(v -> v.upload() == null ? null : v.upload().method()).toList(), "lists presign nothing");
    assertEquals("PUT", versions.get("fraud", 2).upload().method());
    assertNull(versions.get("fraud", 1).upload());
    assertEquals(List.of(3L, 1L), readyOnes.stream().map(v -> v.version().version()).toList());
    assertError(ErrorCode.NOT_FOUND, () -> versions.list("ghost", VersionFilter.ALL, PageRequest.first(10)));
  }

  // ---- concurrency

  @Test
  void givenFortyPublishersAtOnce_whenTheyAllRegister_thenVersionsOneToFortyWithMatchingSemversAndAnIntactAuditChain()
      throws Exception {
    List<Callable<RegisteredVersion>> calls = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      byte[] content = bytes("weights " + i);
      calls.add(() -> versions.register("publisher", "fraud", withBump(upload("model.bin", content), "patch"), null));
    }

    List<RegisteredVersion> registered = Concurrently.runAtOnce(calls);

    List<Long> numbers = registered.stream().map(v -> v.version().version()).sorted().toList();
    assertEquals(LongStream.rangeClosed(1, 40).boxed().toList(), numbers);
    for (RegisteredVersion v : registered) {
      assertEquals("0.0." + v.version().version(), v.version().semver());
    }
    assertEquals(40, models.get("fraud").latestVersion());
    assertEquals("0.0.40", models.get("fraud").maxSemver());
    assertEquals(40, store.allVersions(models.get("fraud").id()).size());
    assertEquals(new AuditVerification(true, 41, null), audit.verify("fraud"));
    Set<Long> audited = audit.list("fraud", PageRequest.first(100)).items().stream().map(AuditEntry::version)
        .filter(java.util.Objects::nonNull).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(new TreeSet<>(numbers), audited);
  }
}
