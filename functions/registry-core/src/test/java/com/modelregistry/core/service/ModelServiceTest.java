package com.modelregistry.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.modelregistry.core.ErrorCode;
import com.modelregistry.core.RegistryException;
import com.modelregistry.core.domain.AuditEntry;
import com.modelregistry.core.domain.Model;
import com.modelregistry.core.domain.ModelFilter;
import com.modelregistry.core.domain.PageRequest;
import com.modelregistry.core.domain.Stage;
import com.modelregistry.core.domain.VersionStatus;
import com.modelregistry.core.testing.Concurrently;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelServiceTest extends ServiceTestSupport {

  // ---- create

  @Test
  void givenValidRequest_whenCreated_thenTheModelHasItsFieldsRevisionOneAndOneAuditEntry() {
    Model model = models.create("alice", new CreateModelRequest("fraud", "scores card payments", "team-risk",
        Map.of("domain", "payments")));

    assertEquals("model-1", model.id());
    assertEquals("fraud", model.name());
    assertEquals("scores card payments", model.description());
    assertEquals("team-risk", model.owner());
    assertEquals(Map.of("domain", "payments"), model.tags());
    assertEquals(0, model.latestVersion());
    assertEquals(Map.of(), model.stages());
    assertEquals(Map.of(), model.aliases());
    assertEquals("alice", model.createdBy());
    assertEquals(START_MILLIS, model.createdAt());
    assertEquals(START_MILLIS, model.updatedAt());
    assertEquals(1, model.revision());
    assertEquals(1, model.auditSeq());
    assertEquals(model, models.get("fraud"));
    assertEquals(List.of("CREATE_MODEL"), auditActions("fraud"));
  }

  @Test
  void givenNoOwnerOrDescription_whenCreated_thenTheCreatorOwnsItAndTheDescriptionIsEmpty() {
    Model model = models.create("bob", new CreateModelRequest("churn", null, "  ", null));

    assertEquals("bob", model.owner());
    assertEquals("", model.description());
    assertEquals(Map.of(), model.tags());
  }

  static List<String> invalidNames() {
    return java.util.Arrays.asList(null, "", "-fraud", ".fraud", "_fraud", "fraud detector", "fraud/v2", "fraud:v2",
        "fr\u0430ud" /* Cyrillic a */, "\u00e9", "a".repeat(129));
  }

  static List<String> validNames() {
    return List.of("a", "Z", "7", "fraud.detector_v2-eu", "A.-_", "a".repeat(128));
  }

  @ParameterizedTest
  @MethodSource("invalidNames")
  void givenNameOutsideTheApiRegex_whenCreated_thenInvalidArgumentAndNothingStored(String name) {
    RegistryException e = assertError(ErrorCode.INVALID_ARGUMENT,
        () -> models.create("alice", new CreateModelRequest(name, null, null, null)));

    assertTrue(e.getMessage().contains("1-128 characters"), e.getMessage());
    assertEquals(List.of(), models.list(ModelFilter.ALL, PageRequest.first(10)).items());
  }

  @ParameterizedTest
  @MethodSource("validNames")
  void givenNameInsideTheApiRegex_whenCreated_thenItExists(String name) {
    models.create("alice", new CreateModelRequest(name, null, null, null));

    assertEquals(name, models.get(name).name());
  }

  @Test
  void givenTagsAtAndOverTheLimits_whenCreated_thenOnlyTheOversizedOnesAreRefused() {
    models.create("alice", new CreateModelRequest("limits", null, null, Map.of("k".repeat(250), "v".repeat(5000))));

    assertError(ErrorCode.INVALID_ARGUMENT,
        () -> models.create("alice", new CreateModelRequest("key-too-long", null, null, Map.of("k".repeat(251), "v"))));
    assertError(ErrorCode.INVALID_ARGUMENT,
        () -> models.create("alice", new CreateModelRequest("value-too-long", null, null, Map.of("k", "v".repeat(5001)))));
    assertError(ErrorCode.INVALID_ARGUMENT,
        () -> models.create("alice", new CreateModelRequest("empty-key", null, null, Map.of("", "v"))));
    assertError(ErrorCode.INVALID_ARGUMENT,
        () -> models.create("alice", new CreateModelRequest("long-description", "d".repeat(5001), null, null)));
    assertEquals(List.of("limits"), models.list(ModelFilter.ALL, PageRequest.first(10)).items().stream().map(Model::name).toList());
  }

  @Test
  void givenExistingName_whenCreatedAgain_thenAlreadyExistsAndTheFirstModelIsUnchanged() {
    Model first = createModel("fraud");

    RegistryException e = assertError(ErrorCode.ALREADY_EXISTS, () -> createModel("fraud"));

    assertEquals("model 'fraud' already exists", e.getMessage());
    assertEquals(first, models.get("fraud"));
  }

  @Test
  void givenTenCallersCreatingTheSameName_whenTheyRaceThenExactlyOneSucceeds() throws Exception {
    List<Callable<String>> calls = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String actor = "user" + i;
      calls.add(() -> {
        try {
          return models.create(actor, new CreateModelRequest("contested", null, null, null)).createdBy();
        } catch (RegistryException e) {
          return e.code().name();
        }
      });
    }

    List<String> outcomes = Concurrently.runAtOnce(calls);

    assertEquals(9, outcomes.stream().filter("ALREADY_EXISTS"::equals).count(), outcomes.toString());
    String winner = outcomes.stream().filter(o -> o.startsWith("user")).findFirst().orElseThrow();
    assertEquals(winner, models.get("contested").createdBy());
    assertEquals(1, models.get("contested").revision());
  }

  @Test
  void givenUnknownName_whenRead_thenNotFound() {
    assertEquals("model 'nope' does not exist", assertError(ErrorCode.NOT_FOUND, () -> models.get("nope")).getMessage());
  }

  // ---- update

  @Test
  void givenTags_whenPatched_thenMergedKeyByKeyAndANullValueRemovesTheKey() {
    models.create("alice", new CreateModelRequest("fraud", "old", "team-a", Map.of("keep", "1", "change", "2", "drop", "3")));
    clock.advance(Duration.ofMinutes(5));
    Map<String, String> patch = new HashMap<>();
    patch.put("change", "two");
    patch.put("drop", null);
    patch.put("add", "4");

    Model updated = models.update("bob", "fraud", new UpdateModelRequest(null, null, patch));

    assertEquals(Map.of("keep", "1", "change", "two", "add", "4"), updated.tags());
    assertEquals("old", updated.description());
    assertEquals("team-a", updated.owner());
    assertEquals(2, updated.revision());
    assertEquals(START_MILLIS.plus(Duration.ofMinutes(5)), updated.updatedAt());
    assertEquals(START_MILLIS, updated.createdAt());
    assertEquals(updated, models.get("fraud"));
    AuditEntry entry = audit.list("fraud", PageRequest.first(10)).items().get(1);
    assertEquals("UPDATE_MODEL", entry.action());
    assertEquals("bob", entry.actor());
    assertEquals(Map.of("tags", "add,change,drop"), entry.details());
  }

  @Test
  void givenDescriptionAndOwner_whenPatched_thenReplacedAndABlankOwnerKeepsTheOldOne() {
    models.create("alice", new CreateModelRequest("fraud", "old", "team-a", Map.of("k", "v")));

    Model described = models.update("bob", "fraud", new UpdateModelRequest("new text", "team-b", null));
    Model blankOwner = models.update("bob", "fraud", new UpdateModelRequest(null, " ", null));

    assertEquals("new text", described.description());
    assertEquals("team-b", described.owner());
    assertEquals(Map.of("k", "v"), described.tags());
    assertEquals("team-b", blankOwner.owner());
    assertEquals(3, blankOwner.revision());
  }

  @Test
  void givenPatchThatWouldExceedTheTagLimit_whenApplied_thenInvalidArgumentAndNothingChanges() {
    Map<String, String> hundred = new HashMap<>();
    for (int i = 0; i < 100; i++) {
      hundred.put("t" + i, "v");
    }
    Model model = models.create("alice", new CreateModelRequest("full", null, null, hundred));

    assertError(ErrorCode.INVALID_ARGUMENT, () -> models.update("bob", "full", new UpdateModelRequest(null, null, Map.of("one-more", "v"))));

    assertEquals(model, models.get("full"));
  }

  @Test
  void givenUnknownModel_whenPatched_thenNotFound() {
    assertError(ErrorCode.NOT_FOUND, () -> models.update("bob", "nope", new UpdateModelRequest("x", null, null)));
  }

  // ---- delete

  @Test
  void givenVersionInProduction_whenDeleted_thenFailedPreconditionUntilThePointerIsGone() {
    createModel("fraud");
    ready("fraud", bytes("weights-1"));
    putInStage("fraud", 1, Stage.PRODUCTION);

    RegistryException e = assertError(ErrorCode.FAILED_PRECONDITION, () -> models.delete("admin", "fraud", "cleanup"));

    assertTrue(e.getMessage().contains("has version 1 in Production"), e.getMessage());
    assertEquals(Map.of(Stage.PRODUCTION, 1L), models.get("fraud").stages());

    putInStage("fraud", 1, Stage.ARCHIVED);
    models.delete("admin", "fraud", "cleanup");

    assertError(ErrorCode.NOT_FOUND, () -> models.get("fraud"));
  }

  @Test
  void givenVersionInStaging_whenDeleted_thenFailedPrecondition() {
    createModel("fraud");
    ready("fraud", bytes("weights-1"));
    putInStage("fraud", 1, Stage.STAGING);

    RegistryException e = assertError(ErrorCode.FAILED_PRECONDITION, () -> models.delete("admin", "fraud", null));

    assertTrue(e.getMessage().contains("in Staging"), e.getMessage());
  }

  @Test
  void givenDeletedModel_whenItsNameIsCreatedAgain_thenANewModelStartsFromScratch() {
    Model old = createModel("fraud");
    ready("fraud", bytes("weights-1"));
    models.delete("admin", "fraud", "retired");

    Model reborn = createModel("fraud");

    assertNotEquals(old.id(), reborn.id());
    assertEquals(1, reborn.revision());
    assertEquals(0, reborn.latestVersion());
    assertEquals(1, register("fraud", bytes("w")).version().version());
    assertEquals("DELETE_MODEL", store.listAudit(old.id(), PageRequest.first(10)).items().get(3).action());
    assertEquals("retired", store.listAudit(old.id(), PageRequest.first(10)).items().get(3).reason());
    assertEquals(List.of("fraud"), models.list(ModelFilter.ALL, PageRequest.first(10)).items().stream().map(Model::name).toList());
  }

  @Test
  void givenUnknownModel_whenDeleted_thenNotFound() {
    assertError(ErrorCode.NOT_FOUND, () -> models.delete("admin", "nope", null));
  }

  // ---- aliases

  @Test
  void givenReadyVersions_whenAnAliasIsSetMovedAndDeleted_thenTheModelAndAuditFollow() {
    createModel("fraud");
    ready("fraud", bytes("one"));
    ready("fraud", bytes("two"));

    Model set = models.setAlias("alice", "fraud", "champion", 1);
    Model moved = models.setAlias("alice", "fraud", "champion", 2);
    Model deleted = models.deleteAlias("alice", "fraud", "champion");

    assertEquals(Map.of("champion", 1L), set.aliases());
    assertEquals(Map.of("champion", 2L), moved.aliases());
    assertEquals(Map.of(), deleted.aliases());
    List<AuditEntry> entries = audit.list("fraud", PageRequest.first(20)).items();
    AuditEntry move = entries.get(entries.size() - 2);
    assertEquals("SET_ALIAS", move.action());
    assertEquals("1", move.from());
    assertEquals("2", move.to());
    assertEquals(Map.of("alias", "champion"), move.details());
    AuditEntry removal = entries.get(entries.size() - 1);
    assertEquals("DELETE_ALIAS", removal.action());
    assertEquals(2L, removal.version());
  }

  @Test
  void givenAliasAlreadyThere_whenSetToTheSameVersion_thenNothingIsWritten() {
    createModel("fraud");
    ready("fraud", bytes("one"));
    Model set = models.setAlias("alice", "fraud", "champion", 1);

    Model again = models.setAlias("alice", "fraud", "champion", 1);

    assertEquals(set, again);
    assertEquals(set.revision(), models.get("fraud").revision());
  }

  @Test
  void givenPendingVersion_whenAliased_thenFailedPreconditionAndNoAlias() {
    createModel("fraud");
    register("fraud", bytes("one"));

    assertEquals("version 1 of 'fraud' is PENDING_UPLOAD; an alias can only point at a READY version (finalize it first)",
        assertError(ErrorCode.FAILED_PRECONDITION, () -> models.setAlias("alice", "fraud", "next", 1)).getMessage());
    assertEquals(Map.of(), models.get("fraud").aliases());
  }

  @Test
  void givenMissingVersionOrAlias_whenAliasIsSetOrDeleted_thenNotFound() {
    createModel("fraud");

    assertEquals("model 'fraud' has no version 3",
        assertError(ErrorCode.NOT_FOUND, () -> models.setAlias("alice", "fraud", "champion", 3)).getMessage());
    assertEquals("model 'fraud' has no alias 'champion'",
        assertError(ErrorCode.NOT_FOUND, () -> models.deleteAlias("alice", "fraud", "champion")).getMessage());
    assertError(ErrorCode.NOT_FOUND, () -> models.setAlias("alice", "ghost", "champion", 1));
  }

  @Test
  void givenFailedVersion_whenAliased_thenFailedPreconditionAndNoAlias() {
    createModel("fraud");
    RegisteredVersion failed = failed("fraud", bytes("declared"));
    assertEquals(VersionStatus.FAILED, failed.version().status());

    assertError(ErrorCode.FAILED_PRECONDITION, () -> models.setAlias("alice", "fraud", "champion", 1));

    assertEquals(Map.of(), models.get("fraud").aliases());
  }

  @ParameterizedTest
  @ValueSource(strings = {"latest", "LATEST", "1champion", "-x", "with space", "a.b", "@champion", ""})
  void givenInvalidAliasName_whenSet_thenInvalidArgument(String alias) {
    createModel("fraud");
    ready("fraud", bytes("one"));

    assertError(ErrorCode.INVALID_ARGUMENT, () -> models.setAlias("alice", "fraud", alias, 1));
  }

  // ---- list

  @Test
  void givenModelsInStages_whenListedByStage_thenOnlyThoseWithThePointer() {
    createModel("a-prod");
    createModel("b-none");
    ready("a-prod", bytes("one"));
    putInStage("a-prod", 1, Stage.PRODUCTION);

    List<String> production = models.list(new ModelFilter(Stage.PRODUCTION, null, Map.of(), null), PageRequest.first(10))
        .items().stream().map(Model::name).toList();

    assertEquals(List.of("a-prod"), production);
    assertNull(models.list(ModelFilter.ALL, PageRequest.first(10)).nextPageToken());
  }
}
