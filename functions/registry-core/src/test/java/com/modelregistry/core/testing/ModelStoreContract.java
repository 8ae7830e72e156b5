package com.modelregistry.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.modelregistry.core.ConcurrentUpdateException;
import com.modelregistry.core.ErrorCode;
import com.modelregistry.core.RegistryException;
import com.modelregistry.core.domain.Artifact;
import com.modelregistry.core.domain.AuditEntry;
import com.modelregistry.core.domain.IdempotencyRecord;
import com.modelregistry.core.domain.Model;
import com.modelregistry.core.domain.ModelCard;
import com.modelregistry.core.domain.ModelFilter;
import com.modelregistry.core.domain.ModelVersion;
import com.modelregistry.core.domain.Observation;
import com.modelregistry.core.domain.ObservationPhase;
import com.modelregistry.core.domain.Page;
import com.modelregistry.core.domain.PageRequest;
import com.modelregistry.core.domain.Routing;
import com.modelregistry.core.domain.Stage;
import com.modelregistry.core.domain.VersionFilter;
import com.modelregistry.core.domain.VersionMetadata;
import com.modelregistry.core.domain.VersionStatus;
import com.modelregistry.core.event.RegistryEvent;
import com.modelregistry.core.port.Change;
import com.modelregistry.core.port.ModelStore;
import com.modelregistry.core.port.PageTokens;
import com.modelregistry.core.promotion.ApprovalDecision;
import com.modelregistry.core.promotion.ApprovalRequest;
import com.modelregistry.core.promotion.HistoryEntry;
import com.modelregistry.core.promotion.Promotion;
import com.modelregistry.core.promotion.PromotionPhase;
import com.modelregistry.core.promotion.PromotionStatus;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ModelStore}: every adapter (in-memory, DynamoDB) extends this suite. Each test
 * uses fresh, unique model names and ids, so a shared persistent store works.
 *
 * <p>What the contract fixes beyond the interface's Javadoc:
 * <ul>
 *   <li>Records round-trip equal (records' {@code equals}) with Instants at millisecond precision, empty
 *       strings kept as empty strings and nulls as nulls. The exception: numbers inside hyperparameters
 *       and model-card content are JSON numbers: they come back as some {@link Number} with the same
 *       decimal value, every digit of an integer kept (see {@link JsonValues}); strings, booleans, nulls
 *       (card content), lists and maps come back equal.</li>
 *   <li>A deleted model frees its name at once ({@code findModelByName} is empty, a new model may take
 *       the name) and keeps its items by id (versions, audit trail); no further change to it commits.</li>
 *   <li>Listings: a page holds exactly {@code pageSize} matching items unless it is the last, and the
 *       last page has no token (even when it is full); a malformed token, or one from another listing,
 *       is INVALID_ARGUMENT.</li>
 *   <li>An expired idempotency record is not found, and its key may be used again.</li>
 * </ul>
 */
public abstract class ModelStoreContract {
  protected static final Instant T0 = Instant.parse("2025-02-03T04:05:06.789Z");

  /** The store under test; may be shared by all tests (they use unique names). */
  protected abstract ModelStore store();

  /**
   * The events committed for the model (the outbox), in commit order, as {@code detailType → eventId} pairs
   * read back from the store's own items.
   */
  protected abstract List<Map.Entry<String, String>> outbox(String modelId);

  // ---- create and find

  @Test
  void givenCreatedModel_whenFoundByName_thenEveryFieldIsEqual() {
    Model fresh = new Model("m-" + UUID.randomUUID(), unique("fraud"), "", "team-risk", Map.of("team", "risk", "tier", "1"),
        0, null, Map.of(), Map.of(), 0, null, "alice", T0, T0, 0, null, null);
    Change change = ChangeFixture.creating(fresh).at(T0).actor("alice").build();

    store().commit(change);

    assertEquals(change.model(), store().findModelByName(fresh.name()).orElseThrow());
    assertEquals("", store().findModelByName(fresh.name()).orElseThrow().description());
    assertNull(store().findModelByName(fresh.name()).orElseThrow().maxSemver());
    assertEquals(List.of(change.audit()), store().listAudit(fresh.id(), PageRequest.first(10)).items());
  }

  @Test
  void givenModelWithPointersAndAliases_whenUpdated_thenEveryFieldRoundTrips() {
    Model model = create(unique("pointers"));
    Change change = ChangeFixture.updating(model)
        .model(m -> m.withDetails("a description", "bob", Map.of("k", "v")).withLatestVersion(7, "1.2.0-rc.1")
            .withStagePointer(Stage.PRODUCTION, 3L).withStagePointer(Stage.STAGING, 7L)
            .withAlias("champion", 3L).withAlias("challenger", 7L))
        .at(T0.plusMillis(1)).build();

    store().commit(change);

    Model found = store().findModelByName(model.name()).orElseThrow();
    assertEquals(change.model(), found);
    assertEquals(Map.of(Stage.PRODUCTION, 3L, Stage.STAGING, 7L), found.stages());
    assertEquals(2, found.revision());
  }

  @Test
  void givenUnknownName_whenFound_thenEmpty() {
    assertTrue(store().findModelByName(unique("nobody")).isEmpty());
    assertTrue(store().findVersion("m-" + UUID.randomUUID(), 1).isEmpty());
  }

  @Test
  void givenNameTaken_whenAnotherModelIsCreatedWithIt_thenConcurrentUpdateAndNothingWritten() {
    Model first = create(unique("dup"));
    Model second = ChangeFixture.newModel(first.name(), T0);
    Change change = ChangeFixture.creating(second).build();

    assertThrows(ConcurrentUpdateException.class, () -> store().commit(change));

    assertEquals(first.id(), store().findModelByName(first.name()).orElseThrow().id());
    assertTrue(store().listAudit(second.id(), PageRequest.first(10)).items().isEmpty());
  }

  // ---- the outbox

  @Test
  void givenChangeWithEvents_whenCommitted_thenItsEventsAreStoredWithItInOrder() {
    Model model = create(unique("outbox"));
    Change change = ChangeFixture.updating(model).model(m -> m.withDetails("d", "bob", Map.of())).build();
    Change withEvents = change.withEvents(List.of(
        new RegistryEvent("Model Version Stage Changed", Map.of("eventId", model.id() + "-2-a-v1", "at", T0.toString())),
        new RegistryEvent("Model Version Promoted", Map.of("eventId", model.id() + "-2-b-v1", "at", T0.toString()))));

    store().commit(withEvents);

    assertEquals(List.of(Map.entry("Model Version Stage Changed", model.id() + "-2-a-v1"),
        Map.entry("Model Version Promoted", model.id() + "-2-b-v1")), outbox(model.id()));
  }

  @Test
  void givenStaleChangeWithEvents_whenCommitted_thenNoEventIsStored() {
    Model model = create(unique("outbox-stale"));
    commit(ChangeFixture.updating(model).model(m -> m.withDetails("winner", "bob", Map.of())));
    Change loser = ChangeFixture.updating(model).model(m -> m.withDetails("loser", "eve", Map.of())).build()
        .withEvents(List.of(new RegistryEvent("Model Version Promoted", Map.of("eventId", "lost", "at", T0.toString()))));

    assertThrows(ConcurrentUpdateException.class, () -> store().commit(loser));

    assertEquals(List.of(), outbox(model.id()));
  }

  // ---- revision guard

  @Test
  void givenStaleRevision_whenCommitted_thenRejectedAndNothingOfTheChangeIsWritten() {
    Model model = create(unique("stale"));
    String winnerKey = "idem-" + UUID.randomUUID();
    Model afterWinner = commit(ChangeFixture.updating(model)
        .model(m -> m.withLatestVersion(1, "1.0.0")).version(version(model, 1, VersionStatus.PENDING_UPLOAD))
        .semver("1.0.0", 1).idempotency(idempotency(winnerKey, model, 1)).auditVersion(1L).action("REGISTER_VERSION"));
    String loserKey = "idem-" + UUID.randomUUID();
    ChangeFixture loser = ChangeFixture.updating(model) // read at revision 1, before the winner
        .model(m -> m.withLatestVersion(2, "2.0.0")).version(version(model, 2, VersionStatus.PENDING_UPLOAD))
        .semver("2.0.0", 2).card(card(2)).idempotency(idempotency(loserKey, model, 2)).auditVersion(2L);

    assertThrows(ConcurrentUpdateException.class, () -> store().commit(loser.build()));

    assertEquals(afterWinner, store().findModelByName(model.name()).orElseThrow());
    assertTrue(store().findVersion(model.id(), 2).isEmpty());
    assertTrue(store().findVersionBySemver(model.id(), "2.0.0").isEmpty());
    assertTrue(store().findModelCard(model.id(), 2).isEmpty());
    assertTrue(store().findIdempotencyRecord(loserKey).isEmpty());
    assertEquals(List.of("CREATE_MODEL", "REGISTER_VERSION"), actions(model));
  }

  @Test
  void givenRevisionAheadOfTheStoredOne_whenCommitted_thenRejected() {
    Model model = create(unique("ahead"));

    assertThrows(ConcurrentUpdateException.class,
        () -> store().commit(ChangeFixture.updating(model).expectingRevision(5).build()));

    assertEquals(1, store().findModelByName(model.name()).orElseThrow().revision());
  }

  @Test
  void givenModelNeverCreated_whenUpdated_thenRejected() {
    Model ghost = ChangeFixture.newModel(unique("ghost"), T0);
    Change change = ChangeFixture.updating(ghost).expectingRevision(1).build();

    assertThrows(ConcurrentUpdateException.class, () -> store().commit(change));

    assertTrue(store().findModelByName(ghost.name()).isEmpty());
  }

  @Test
  void givenManyWritersOfTheSameRevision_whenTheyCommitAtOnce_thenExactlyOneWins() throws Exception {
    Model model = create(unique("race"));
    int writers = 8;
    List<Callable<Boolean>> attempts = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      long number = i + 1;
      attempts.add(() -> {
        try {
          store().commit(ChangeFixture.updating(model).model(m -> m.withLatestVersion(number, null))
              .version(version(model, number, VersionStatus.PENDING_UPLOAD)).auditVersion(number).build());
          return true;
        } catch (ConcurrentUpdateException lost) {
          return false;
        }
      });
    }

    List<Boolean> outcomes = Concurrently.runAtOnce(attempts);

    assertEquals(1, outcomes.stream().filter(won -> won).count());
    Model after = store().findModelByName(model.name()).orElseThrow();
    assertEquals(2, after.revision());
    assertEquals(1, store().listVersions(model.id(), VersionFilter.ALL, PageRequest.first(50)).items().size());
    assertEquals(after.latestVersion(),
        store().listVersions(model.id(), VersionFilter.ALL, PageRequest.first(50)).items().get(0).version());
  }

  // ---- delete

  @Test
  void givenDeletedModel_whenLookedUp_thenNameIsFreeItemsStayAndANewModelMayTakeTheName() {
    Model old = create(unique("deleted"));
    old = commit(ChangeFixture.updating(old).model(m -> m.withLatestVersion(1, null))
        .version(version(old, 1, VersionStatus.READY)).auditVersion(1L));
    Change delete = ChangeFixture.updating(old).deleting().reason("retired").build();

    store().commit(delete);

    assertTrue(store().findModelByName(old.name()).isEmpty());
    assertTrue(store().findVersion(old.id(), 1).isPresent());
    assertEquals(List.of("CREATE_MODEL", "TEST_CHANGE", "DELETE_MODEL"), actions(old));
    assertTrue(store().listModels(new ModelFilter(null, null, Map.of(), old.name()), PageRequest.first(10)).items().isEmpty());
    Model deleted = delete.model();
    assertThrows(ConcurrentUpdateException.class, () -> store().commit(ChangeFixture.updating(deleted).build()));

    Model reborn = create(old.name());

    assertEquals(reborn, store().findModelByName(old.name()).orElseThrow());
    assertTrue(store().findVersion(reborn.id(), 1).isEmpty());
    assertEquals(List.of(reborn),
        store().listModels(new ModelFilter(null, null, Map.of(), old.name()), PageRequest.first(10)).items());
  }

  // ---- versions, semver claims, cards, audit, idempotency

  @Test
  void givenFullyPopulatedVersion_whenStored_thenItRoundTripsWithHyperparameterNumbersByValue() {
    Model model = create(unique("full"));
    Map<String, Object> hyperparameters = new LinkedHashMap<>();
    hyperparameters.put("optimizer", "adam");
    hyperparameters.put("epochs", 10);
    hyperparameters.put("seed", 9_007_199_254_740_993L); // 2^53 + 1: not representable as a double
    hyperparameters.put("learningRate", 0.001);
    hyperparameters.put("dropout", 0.25);
    hyperparameters.put("warmStart", true);
    hyperparameters.put("empty", "");
    ModelVersion full = new ModelVersion(model.id(), model.name(), 1, "1.4.0-rc.1", VersionStatus.READY,
        "artifact verified: 12 bytes", Stage.STAGING,
        new Artifact("mem://artifacts/x/1/model.bin", "model.bin", 12L, "ab".repeat(32), "upload-123"),
        new VersionMetadata("ds-2025-01", "0123abc", "trainer@example.com", "xgboost", "run-42", hyperparameters),
        Map.of("auc", 0.9375, "logloss", 0.21), Map.of("team", "risk", "note", ""), "first cut", "alice",
        T0, T0.plusMillis(5));

    commit(ChangeFixture.updating(model).model(m -> m.withLatestVersion(1, "1.4.0-rc.1")).version(full));

    ModelVersion found = store().findVersion(model.id(), 1).orElseThrow();
    assertEquals(withComparableHyperparameters(full), withComparableHyperparameters(found));
    Map<String, Object> back = found.metadata().hyperparameters();
    assertEquals("adam", back.get("optimizer"));
    assertEquals(Boolean.TRUE, back.get("warmStart"));
    assertEquals("", back.get("empty"));
    assertInstanceOf(Number.class, back.get("epochs"));
    assertEquals(0, new BigDecimal(back.get("seed").toString()).compareTo(new BigDecimal("9007199254740993")));
    assertEquals(0, new BigDecimal(back.get("learningRate").toString()).compareTo(new BigDecimal("0.001")));
  }

  @Test
  void givenMinimalVersion_whenStored_thenItRoundTripsExactly() {
    Model model = create(unique("minimal"));
    ModelVersion minimal = new ModelVersion(model.id(), model.name(), 1, null, VersionStatus.PENDING_UPLOAD, null,
        Stage.NONE, new Artifact("mem://artifacts/x/1/m.bin", "m.bin", null, null, null), null, null, null, "", "bob",
        T0, T0);

    commit(ChangeFixture.updating(model).version(minimal));

    assertEquals(minimal, store().findVersion(model.id(), 1).orElseThrow());
  }

  @Test
  void givenStoredVersion_whenANewStateIsCommitted_thenItReplacesTheOldOne() {
    Model model = create(unique("restate"));
    ModelVersion pending = version(model, 1, VersionStatus.PENDING_UPLOAD);
    model = commit(ChangeFixture.updating(model).version(pending));
    ModelVersion ready = pending.withStatus(VersionStatus.READY, "verified",
        pending.artifact().withVerified(5, "cd".repeat(32)), T0.plusSeconds(60));

    commit(ChangeFixture.updating(model).version(ready));

    assertEquals(ready, store().findVersion(model.id(), 1).orElseThrow());
  }

  @Test
  void givenSemverClaims_whenLookedUp_thenEachModelHasItsOwn() {
    Model a = create(unique("semver-a"));
    Model b = create(unique("semver-b"));

    commit(ChangeFixture.updating(a).version(version(a, 1, VersionStatus.READY)).semver("1.0.0", 1));
    commit(ChangeFixture.updating(b).version(version(b, 1, VersionStatus.READY)).version(version(b, 2, VersionStatus.READY))
        .semver("1.0.0", 2).semver("1.1.0", 1));

    assertEquals(1L, store().findVersionBySemver(a.id(), "1.0.0").orElseThrow());
    assertEquals(2L, store().findVersionBySemver(b.id(), "1.0.0").orElseThrow());
    assertEquals(1L, store().findVersionBySemver(b.id(), "1.1.0").orElseThrow());
    assertTrue(store().findVersionBySemver(a.id(), "1.1.0").isEmpty());
  }

  @Test
  void givenClaimedSemver_whenClaimedAgain_thenRejectedAndNothingWritten() {
    Model model = create(unique("semver-dup"));
    model = commit(ChangeFixture.updating(model).version(version(model, 1, VersionStatus.READY)).semver("1.0.0", 1));
    ChangeFixture again = ChangeFixture.updating(model).version(version(model, 2, VersionStatus.READY))
        .semver("1.0.0", 2).auditVersion(2L);

    assertThrows(ConcurrentUpdateException.class, () -> store().commit(again.build()));

    assertEquals(1L, store().findVersionBySemver(model.id(), "1.0.0").orElseThrow());
    assertTrue(store().findVersion(model.id(), 2).isEmpty());
    assertEquals(model, store().findModelByName(model.name()).orElseThrow());
    assertEquals(2, store().listAudit(model.id(), PageRequest.first(10)).items().size());
  }

  @Test
  void givenModelCard_whenStoredAndReplaced_thenTheLatestRoundTripsWithJsonValues() {
    Model model = create(unique("card"));
    model = commit(ChangeFixture.updating(model).version(version(model, 1, VersionStatus.READY)));
    model = commit(ChangeFixture.updating(model).card(new ModelCard(1, Map.of("intendedUse", "old"), "alice", T0)));
    ModelCard card = card(1);

    commit(ChangeFixture.updating(model).card(card));

    ModelCard found = store().findModelCard(model.id(), 1).orElseThrow();
    assertEquals(card.version(), found.version());
    assertEquals(card.updatedBy(), found.updatedBy());
    assertEquals(card.updatedAt(), found.updatedAt());
    assertEquals(JsonValues.comparableMap(card.content()), JsonValues.comparableMap(found.content()));
    assertTrue(store().findModelCard(model.id(), 2).isEmpty());
  }

  @Test
  void givenAuditEntries_whenListed_thenTheyRoundTripExactlyInSeqOrder() {
    Model model = create(unique("audit"));
    model = commit(ChangeFixture.updating(model).action("SET_ALIAS").auditVersion(3L)
        .details(Map.of("alias", "champion", "empty", "")).reason("because").at(T0.plusMillis(1)));
    Change third = ChangeFixture.updating(model).action("UPDATE_MODEL").at(T0.plusMillis(2)).build();
    store().commit(third);

    List<AuditEntry> entries = store().listAudit(model.id(), PageRequest.first(10)).items();

    assertEquals(List.of(1L, 2L, 3L), entries.stream().map(AuditEntry::seq).toList());
    assertEquals(third.audit(), entries.get(2));
    AuditEntry second = entries.get(1);
    assertEquals(3L, second.version());
    assertEquals("because", second.reason());
    assertEquals(Map.of("alias", "champion", "empty", ""), second.details());
    assertNull(second.from());
    assertEquals(entries.get(0).hash(), second.prevHash());
    assertEquals(model.auditHead(), second.hash());
  }

  @Test
  void givenIdempotencyRecord_whenStored_thenFoundEqualAndItsKeyCannotBeReused() {
    Model model = create(unique("idem"));
    String key = model.id() + "/key-" + UUID.randomUUID();
    IdempotencyRecord record = idempotency(key, model, 1);
    model = commit(ChangeFixture.updating(model).version(version(model, 1, VersionStatus.PENDING_UPLOAD)).idempotency(record));
    ChangeFixture reuse = ChangeFixture.updating(model).version(version(model, 2, VersionStatus.PENDING_UPLOAD))
        .idempotency(new IdempotencyRecord(key, "other-hash", model.id(), 2, record.expiresAt()));

    assertThrows(ConcurrentUpdateException.class, () -> store().commit(reuse.build()));

    assertEquals(record, store().findIdempotencyRecord(key).orElseThrow());
    assertTrue(store().findVersion(model.id(), 2).isEmpty());
    assertTrue(store().findIdempotencyRecord(key + "-other").isEmpty());
  }

  @Test
  void givenExpiredIdempotencyRecord_whenLookedUp_thenAbsentAndItsKeyMayBeUsedAgain() {
    Model model = create(unique("idem-exp"));
    String key = model.id() + "/key-" + UUID.randomUUID();
    Instant past = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS);
    model = commit(ChangeFixture.updating(model).version(version(model, 1, VersionStatus.PENDING_UPLOAD))
        .idempotency(new IdempotencyRecord(key, "hash-1", model.id(), 1, past)));

    assertTrue(store().findIdempotencyRecord(key).isEmpty());

    IdempotencyRecord fresh = new IdempotencyRecord(key, "hash-2", model.id(), 2,
        Instant.now().plus(Duration.ofHours(24)).truncatedTo(ChronoUnit.MILLIS));
    commit(ChangeFixture.updating(model).version(version(model, 2, VersionStatus.PENDING_UPLOAD)).idempotency(fresh));
    assertEquals(fresh, store().findIdempotencyRecord(key).orElseThrow());
  }

  // ---- model listings

  @Test
  void givenModels_whenListed_thenSortedByNameAndDeletedOnesLeftOut() {
    String prefix = unique("list");
    Model lowerB = create(prefix + "-b");
    Model upperZ = create(prefix + "-Z");
    Model lowerA = create(prefix + "-a");
    Model gone = create(prefix + "-c");
    commit(ChangeFixture.updating(gone).deleting());

    List<Model> listed = store().listModels(byName(prefix.toUpperCase()), PageRequest.first(50)).items();

    assertEquals(List.of(upperZ, lowerA, lowerB), listed); // by name: 'Z' (0x5A) sorts before 'a' (0x61)
  }

  @Test
  void givenModelsWithStagesOwnersAndTags_whenFiltered_thenOnlyMatchingOnesAreListed() {
    String prefix = unique("filter");
    Model prod = commit(ChangeFixture.updating(create(prefix + "-1"))
        .model(m -> m.withDetails("", "team-a", Map.of("domain", "risk", "tier", "1")).withStagePointer(Stage.PRODUCTION, 2L)));
    Model staging = commit(ChangeFixture.updating(create(prefix + "-2"))
        .model(m -> m.withDetails("", "team-b", Map.of("domain", "risk", "tier", "2")).withStagePointer(Stage.STAGING, 1L)));
    Model both = commit(ChangeFixture.updating(create(prefix + "-3"))
        .model(m -> m.withDetails("", "team-a", Map.of("domain", "ads")).withStagePointer(Stage.PRODUCTION, 1L)
            .withStagePointer(Stage.STAGING, 2L)));
    Model plain = commit(ChangeFixture.updating(create(prefix + "-4-special"))
        .model(m -> m.withDetails("", "team-b", Map.of())));

    assertEquals(List.of(prod, both), listModels(new ModelFilter(Stage.PRODUCTION, null, Map.of(), prefix)));
    assertEquals(List.of(staging, both), listModels(new ModelFilter(Stage.STAGING, null, Map.of(), prefix)));
    assertEquals(List.of(), listModels(new ModelFilter(Stage.ARCHIVED, null, Map.of(), prefix)));
    assertEquals(List.of(prod, both), listModels(new ModelFilter(null, "team-a", Map.of(), prefix)));
    assertEquals(List.of(prod, staging), listModels(new ModelFilter(null, null, Map.of("domain", "risk"), prefix)));
    assertEquals(List.of(staging), listModels(new ModelFilter(null, null, Map.of("domain", "risk", "tier", "2"), prefix)));
    assertEquals(List.of(plain), listModels(new ModelFilter(null, null, Map.of(), prefix + "-4-SPEC")));
    assertEquals(List.of(prod), listModels(new ModelFilter(Stage.PRODUCTION, "team-a", Map.of("tier", "1"), prefix)));
    assertEquals(List.of(prod, staging, both, plain), listModels(new ModelFilter(null, null, null, prefix)));
  }

  @Test
  void givenSevenModels_whenPagedByThree_thenPagesAreFullUntilTheLastWithNoDuplicatesOrGaps() {
    String prefix = unique("pages");
    List<Model> all = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      all.add(create(prefix + "-" + i));
    }

    List<Page<Model>> pages = pages(token -> store().listModels(byName(prefix), new PageRequest(3, token)));

    assertEquals(List.of(3, 3, 1), pages.stream().map(p -> p.items().size()).toList());
    assertEquals(all, pages.stream().flatMap(p -> p.items().stream()).toList());
  }

  @Test
  void givenPageSizeDividingTheCount_whenPaged_thenTheLastFullPageHasNoToken() {
    String prefix = unique("exact");
    for (int i = 0; i < 4; i++) {
      create(prefix + "-" + i);
    }

    List<Page<Model>> pages = pages(token -> store().listModels(byName(prefix), new PageRequest(2, token)));

    assertEquals(List.of(2, 2), pages.stream().map(p -> p.items().size()).toList());
    assertNull(pages.get(1).nextPageToken());
  }

  @Test
  void givenFilterSkippingEveryOtherModel_whenPaged_thenEveryPageButTheLastIsStillFull() {
    String prefix = unique("sparse");
    List<Model> tagged = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Model m = create(prefix + "-" + i);
      if (i % 2 == 1) {
        tagged.add(commit(ChangeFixture.updating(m).model(x -> x.withDetails("", x.owner(), Map.of("pick", "yes")))));
      }
    }
    ModelFilter filter = new ModelFilter(null, null, Map.of("pick", "yes"), prefix);

    List<Page<Model>> pages = pages(token -> store().listModels(filter, new PageRequest(2, token)));

    assertEquals(List.of(2, 2, 1), pages.stream().map(p -> p.items().size()).toList());
    assertEquals(tagged, pages.stream().flatMap(p -> p.items().stream()).toList());
  }

  // ---- version and audit listings

  @Test
  void givenVersions_whenListed_thenNewestFirstAndFilteredByStatusStageAndTag() {
    Model model = create(unique("versions"));
    ModelVersion v1 = version(model, 1, VersionStatus.READY).withStage(Stage.ARCHIVED, T0);
    ModelVersion v2 = tagged(version(model, 2, VersionStatus.READY).withStage(Stage.PRODUCTION, T0), Map.of("gpu", "a100"));
    ModelVersion v3 = version(model, 3, VersionStatus.FAILED);
    ModelVersion v4 = tagged(version(model, 4, VersionStatus.READY).withStage(Stage.STAGING, T0), Map.of("gpu", "a100"));
    ModelVersion v5 = version(model, 5, VersionStatus.PENDING_UPLOAD);
    commit(ChangeFixture.updating(model).version(v1).version(v2).version(v3).version(v4).version(v5));

    assertEquals(List.of(v5, v4, v3, v2, v1), listVersions(model, VersionFilter.ALL));
    assertEquals(List.of(v4, v2, v1), listVersions(model, new VersionFilter(null, VersionStatus.READY, null)));
    assertEquals(List.of(v2), listVersions(model, new VersionFilter(Stage.PRODUCTION, null, null)));
    assertEquals(List.of(v5, v3), listVersions(model, new VersionFilter(Stage.NONE, null, null)));
    assertEquals(List.of(v4, v2), listVersions(model, new VersionFilter(null, null, Map.of("gpu", "a100"))));
    assertEquals(List.of(v4), listVersions(model, new VersionFilter(Stage.STAGING, VersionStatus.READY, Map.of("gpu", "a100"))));
  }

  @Test
  void givenNewestVersionsDoNotMatch_whenAPageOfOneIsAsked_thenItHoldsTheNewestMatchingVersion() {
    Model model = create(unique("latest"));
    ChangeFixture change = ChangeFixture.updating(model).version(version(model, 1, VersionStatus.READY))
        .version(version(model, 2, VersionStatus.READY));
    for (long n = 3; n <= 8; n++) {
      change.version(version(model, n, n % 2 == 0 ? VersionStatus.FAILED : VersionStatus.PENDING_UPLOAD));
    }
    commit(change);

    Page<ModelVersion> page = store().listVersions(model.id(), new VersionFilter(null, VersionStatus.READY, null),
        PageRequest.first(1));

    assertEquals(List.of(2L), page.items().stream().map(ModelVersion::version).toList());
    assertNotNull(page.nextPageToken());
    Page<ModelVersion> next = store().listVersions(model.id(), new VersionFilter(null, VersionStatus.READY, null),
        new PageRequest(1, page.nextPageToken()));
    assertEquals(List.of(1L), next.items().stream().map(ModelVersion::version).toList());
    assertNull(next.nextPageToken());
  }

  @Test
  void givenSevenVersions_whenPagedByThree_thenNewestFirstWithNoDuplicatesOrGaps() {
    Model model = create(unique("vpages"));
    ChangeFixture change = ChangeFixture.updating(model);
    for (long n = 1; n <= 7; n++) {
      change.version(version(model, n, VersionStatus.READY));
    }
    commit(change);

    List<Page<ModelVersion>> pages =
        pages(token -> store().listVersions(model.id(), VersionFilter.ALL, new PageRequest(3, token)));

    assertEquals(List.of(3, 3, 1), pages.stream().map(p -> p.items().size()).toList());
    assertEquals(List.of(7L, 6L, 5L, 4L, 3L, 2L, 1L),
        pages.stream().flatMap(p -> p.items().stream()).map(ModelVersion::version).toList());
  }

  @Test
  void givenFiveAuditEntries_whenPagedByTwo_thenOldestFirstWithNoDuplicatesOrGaps() {
    Model model = create(unique("apages"));
    for (int i = 0; i < 4; i++) {
      model = commit(ChangeFixture.updating(model).at(T0.plusMillis(i + 1)));
    }
    Model last = model;

    List<Page<AuditEntry>> pages = pages(token -> store().listAudit(last.id(), new PageRequest(2, token)));

    assertEquals(List.of(2, 2, 1), pages.stream().map(p -> p.items().size()).toList());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), pages.stream().flatMap(p -> p.items().stream()).map(AuditEntry::seq).toList());
  }

  @Test
  void givenUnknownModelId_whenItsVersionsAndAuditAreListed_thenEmptyLastPages() {
    String id = "m-" + UUID.randomUUID();

    Page<ModelVersion> versions = store().listVersions(id, VersionFilter.ALL, PageRequest.first(10));
    Page<AuditEntry> audit = store().listAudit(id, PageRequest.first(10));

    assertEquals(List.of(), versions.items());
    assertNull(versions.nextPageToken());
    assertEquals(List.of(), audit.items());
    assertNull(audit.nextPageToken());
  }

  @Test
  void givenMalformedOrForeignPageTokens_whenListing_thenInvalidArgument() {
    Model model = create(unique("tokens"));
    for (int i = 0; i < 3; i++) {
      model = commit(ChangeFixture.updating(model).version(version(model, i + 1, VersionStatus.READY)));
    }
    String id = model.id();
    String versionsToken = store().listVersions(id, VersionFilter.ALL, PageRequest.first(1)).nextPageToken();
    String auditToken = store().listAudit(id, PageRequest.first(1)).nextPageToken();
    String nullToken = Base64.getUrlEncoder().withoutPadding().encodeToString("null".getBytes(StandardCharsets.UTF_8));
    List<String> malformed = List.of("garbage!!", "bm90IGpzb24", nullToken, PageTokens.encode("other", Map.of("after", "x")));

    for (String token : malformed) {
      assertInvalid(() -> store().listModels(ModelFilter.ALL, new PageRequest(5, token)));
      assertInvalid(() -> store().listVersions(id, VersionFilter.ALL, new PageRequest(5, token)));
      assertInvalid(() -> store().listAudit(id, new PageRequest(5, token)));
    }
    assertInvalid(() -> store().listModels(ModelFilter.ALL, new PageRequest(5, versionsToken)));
    assertInvalid(() -> store().listAudit(id, new PageRequest(5, versionsToken)));
    assertInvalid(() -> store().listVersions(id, VersionFilter.ALL, new PageRequest(5, auditToken)));
  }

  // ---- routing and the active promotion on the model

  @Test
  void givenModelWithRoutingAndActivePromotion_whenCommitted_thenFoundEqualByNameAndById() {
    Model model = create(unique("routing"));
    Routing canary = new Routing(3L, 4L, Routing.Mode.CANARY, 25, T0.plusMillis(1), 2L);

    Model routed = commit(ChangeFixture.updating(model).routing(canary)
        .model(m -> m.withActivePromotion("p0123456789ab0123456789abcdef")).at(T0.plusMillis(1)));

    assertEquals(routed, store().findModelByName(model.name()).orElseThrow());
    assertEquals(routed, store().findModelById(model.id()).orElseThrow());
    assertEquals(canary, store().findModelById(model.id()).orElseThrow().routing());

    Routing nothingServes = Routing.none(T0.plusMillis(2));
    Model cleared = commit(ChangeFixture.updating(routed).routing(nothingServes).model(m -> m.withActivePromotion(null)));

    Model found = store().findModelById(model.id()).orElseThrow();
    assertEquals(cleared, found);
    assertEquals(nothingServes, found.routing());
    assertNull(found.activePromotion());
    assertEquals(new Routing(5L, null, null, 0, T0, null),
        commit(ChangeFixture.updating(cleared).routing(new Routing(5L, null, null, 0, T0, null))).routing());
  }

  @Test
  void givenModelWithoutRouting_whenFoundById_thenRoutingAndActivePromotionAreNull() {
    Model model = create(unique("norouting"));

    Model found = store().findModelById(model.id()).orElseThrow();

    assertEquals(model, found);
    assertNull(found.routing());
    assertNull(found.activePromotion());
  }

  @Test
  void givenDeletedOrUnknownModel_whenFoundById_thenEmpty() {
    Model model = create(unique("byid-deleted"));
    commit(ChangeFixture.updating(model).deleting());

    assertTrue(store().findModelById(model.id()).isEmpty());
    assertTrue(store().findModelById("m-" + UUID.randomUUID()).isEmpty());
  }

  // ---- promotions

  @Test
  void givenPromotions_whenCommitted_thenFoundByIdEqualAndANewStateReplacesTheOld() {
    Model model = create(unique("promo"));
    Promotion full = PromotionFixtures.full(model, 2, PromotionFixtures.promotionId(T0), T0);
    Promotion minimal = PromotionFixtures.minimal(model, 3, PromotionFixtures.promotionId(T0.plusMillis(1)),
        PromotionStatus.RUNNING, T0.plusMillis(1));
    model = commit(ChangeFixture.updating(model).promotion(full).model(m -> m.withActivePromotion(full.id())));
    model = commit(ChangeFixture.updating(model).promotion(minimal));

    assertEquals(full, store().findPromotion(full.id()).orElseThrow());
    assertEquals(minimal, store().findPromotion(minimal.id()).orElseThrow());
    assertEquals(full.id(), store().findModelById(model.id()).orElseThrow().activePromotion());

    Promotion ended = new Promotion(minimal.id(), minimal.modelId(), minimal.modelName(), minimal.version(), "Production",
        "retrain", null, PromotionStatus.CANCELLED, PromotionPhase.DONE, 0, null, null, null, null, Map.of(),
        List.of(new HistoryEntry(PromotionPhase.DONE, T0.plusSeconds(9), "CANCELLED: by carol")), "carol", null, null,
        null, null, "by carol", minimal.createdAt(), T0.plusSeconds(9));
    commit(ChangeFixture.updating(model).promotion(ended));

    assertEquals(ended, store().findPromotion(minimal.id()).orElseThrow());
    assertEquals(List.of(ended, full), store().listPromotions(model.id(), null, PageRequest.first(10)).items());
    assertTrue(store().findPromotion("p" + UUID.randomUUID()).isEmpty());
  }

  @Test
  void givenPromotionOfAnotherModel_whenCommitted_thenRefusedAndNothingWritten() {
    Model model = create(unique("promo-other"));
    Model other = create(unique("promo-owner"));
    Promotion foreign = PromotionFixtures.minimal(other, 1, PromotionFixtures.promotionId(T0), PromotionStatus.RUNNING, T0);

    assertThrows(IllegalArgumentException.class,
        () -> store().commit(ChangeFixture.updating(model).promotion(foreign).build()));

    assertTrue(store().findPromotion(foreign.id()).isEmpty());
    assertEquals(model, store().findModelById(model.id()).orElseThrow());
  }

  @Test
  void givenStaleRevision_whenAPromotionIsCommitted_thenNothingOfItIsWritten() {
    Model model = create(unique("promo-stale"));
    commit(ChangeFixture.updating(model));
    Promotion promotion = PromotionFixtures.minimal(model, 1, PromotionFixtures.promotionId(T0), PromotionStatus.RUNNING, T0);
    Routing routing = new Routing(1L, null, null, 0, T0, null);
    ChangeFixture stale = ChangeFixture.updating(model).promotion(promotion).routing(routing)
        .model(m -> m.withActivePromotion(promotion.id()));

    assertThrows(ConcurrentUpdateException.class, () -> store().commit(stale.build()));

    assertTrue(store().findPromotion(promotion.id()).isEmpty());
    assertTrue(store().listPromotions(model.id(), null, PageRequest.first(10)).items().isEmpty());
    assertTrue(store().findRoutingAt(model.id(), T0.plusSeconds(1)).isEmpty());
    assertNull(store().findModelById(model.id()).orElseThrow().activePromotion());
  }

  @Test
  void givenPromotionsInSeveralStatuses_whenListed_thenNewestFirstAndFilteredByStatus() {
    Model model = create(unique("promo-list"));
    PromotionStatus[] statuses = {PromotionStatus.REJECTED, PromotionStatus.SUCCEEDED, PromotionStatus.ROLLED_BACK,
        PromotionStatus.SUCCEEDED, PromotionStatus.RUNNING};
    List<Promotion> created = new ArrayList<>();
    for (int i = 0; i < statuses.length; i++) {
      Instant at = T0.plusSeconds(i);
      Promotion p = PromotionFixtures.minimal(model, i + 1, PromotionFixtures.promotionId(at), statuses[i], at);
      model = commit(ChangeFixture.updating(model).promotion(p));
      created.add(p);
    }
    Model other = create(unique("promo-list-other"));
    commit(ChangeFixture.updating(other).promotion(
        PromotionFixtures.minimal(other, 1, PromotionFixtures.promotionId(T0.plusSeconds(2)), PromotionStatus.SUCCEEDED, T0)));

    assertEquals(List.of(created.get(4), created.get(3), created.get(2), created.get(1), created.get(0)),
        store().listPromotions(model.id(), null, PageRequest.first(50)).items());
    assertEquals(List.of(created.get(3), created.get(1)),
        store().listPromotions(model.id(), PromotionStatus.SUCCEEDED, PageRequest.first(50)).items());
    assertEquals(List.of(created.get(4)),
        store().listPromotions(model.id(), PromotionStatus.RUNNING, PageRequest.first(50)).items());
    assertEquals(List.of(), store().listPromotions(model.id(), PromotionStatus.EXPIRED, PageRequest.first(50)).items());
    Page<Promotion> unknown = store().listPromotions("m-" + UUID.randomUUID(), null, PageRequest.first(50));
    assertEquals(List.of(), unknown.items());
    assertNull(unknown.nextPageToken());
  }

  @Test
  void givenFilterSkippingMostPromotions_whenPaged_thenEveryPageButTheLastIsFullWithNoDuplicatesOrGaps() {
    Model model = create(unique("promo-pages"));
    List<Promotion> failed = new ArrayList<>();
    List<Promotion> all = new ArrayList<>();
    ChangeFixture change;
    for (int i = 0; i < 11; i++) {
      Instant at = T0.plusSeconds(i);
      PromotionStatus status = i % 3 == 0 ? PromotionStatus.FAILED : PromotionStatus.SUCCEEDED;
      Promotion p = PromotionFixtures.minimal(model, 1, PromotionFixtures.promotionId(at), status, at);
      change = ChangeFixture.updating(model).promotion(p);
      model = commit(change);
      all.add(0, p);
      if (status == PromotionStatus.FAILED) {
        failed.add(0, p);
      }
    }
    String id = model.id();

    List<Page<Promotion>> filtered =
        pages(token -> store().listPromotions(id, PromotionStatus.FAILED, new PageRequest(2, token)));
    List<Page<Promotion>> unfiltered = pages(token -> store().listPromotions(id, null, new PageRequest(4, token)));

    assertEquals(List.of(2, 2), filtered.stream().map(p -> p.items().size()).toList());
    assertEquals(failed, filtered.stream().flatMap(p -> p.items().stream()).toList());
    assertEquals(List.of(4, 4, 3), unfiltered.stream().map(p -> p.items().size()).toList());
    assertEquals(all, unfiltered.stream().flatMap(p -> p.items().stream()).toList());
  }

  @Test
  void givenMalformedOrForeignPageTokens_whenListingPromotions_thenInvalidArgument() {
    Model model = create(unique("promo-tokens"));
    for (int i = 0; i < 2; i++) {
      model = commit(ChangeFixture.updating(model).version(version(model, i + 1, VersionStatus.READY)).promotion(
          PromotionFixtures.minimal(model, i + 1, PromotionFixtures.promotionId(T0.plusSeconds(i)),
              PromotionStatus.SUCCEEDED, T0)));
    }
    String id = model.id();
    String versionsToken = store().listVersions(id, VersionFilter.ALL, PageRequest.first(1)).nextPageToken();
    String promotionsToken = store().listPromotions(id, null, PageRequest.first(1)).nextPageToken();
    assertNotNull(promotionsToken);

    for (String token : List.of("garbage!!", "bm90IGpzb24", versionsToken, PageTokens.encode("other", Map.of("after", "x")))) {
      assertInvalid(() -> store().listPromotions(id, null, new PageRequest(5, token)));
    }
    assertInvalid(() -> store().listVersions(id, VersionFilter.ALL, new PageRequest(5, promotionsToken)));
    assertEquals(1, store().listPromotions(id, null, new PageRequest(5, promotionsToken)).items().size());
  }

  // ---- routing history

  @Test
  void givenRoutingChanges_whenAskedWhatServedAtAnInstant_thenTheLastChangeAtOrBeforeItAnswers() {
    Model model = create(unique("route-at"));
    Instant t1 = T0.plusSeconds(10);
    Instant t2 = T0.plusSeconds(20);
    Routing first = new Routing(1L, null, null, 0, t1, null);
    Routing shadow = first.withCandidate(2, Routing.Mode.SHADOW, 0, t2);
    Routing canary = first.withCandidate(2, Routing.Mode.CANARY, 10, t2); // same instant, later change
    model = commit(ChangeFixture.updating(model).routing(first).at(t1));
    model = commit(ChangeFixture.updating(model).model(m -> m.withDetails("routing untouched", m.owner(), m.tags()))
        .at(t1.plusSeconds(5)));
    model = commit(ChangeFixture.updating(model).routing(shadow).at(t2));
    model = commit(ChangeFixture.updating(model).routing(canary).at(t2));
    String id = model.id();

    assertTrue(store().findRoutingAt(id, t1.minusMillis(1)).isEmpty());
    assertEquals(first, store().findRoutingAt(id, t1).orElseThrow());
    assertEquals(first, store().findRoutingAt(id, t1.plusSeconds(7)).orElseThrow());
    assertEquals(first, store().findRoutingAt(id, t2.minusMillis(1)).orElseThrow());
    assertEquals(canary, store().findRoutingAt(id, t2).orElseThrow());
    assertEquals(canary, store().findRoutingAt(id, t2.plusSeconds(86_400L * 365 * 50)).orElseThrow());
    assertEquals(canary, store().findModelById(id).orElseThrow().routing());
    assertTrue(store().findRoutingAt("m-" + UUID.randomUUID(), t2).isEmpty());
  }

  @Test
  void givenRoutingsOfTwoModels_whenAskedAtAnInstant_thenEachModelHasItsOwn() {
    Model a = create(unique("route-a"));
    Model b = create(unique("route-b"));
    Routing ra = new Routing(1L, null, null, 0, T0, null);
    Routing rb = new Routing(7L, 8L, Routing.Mode.CANARY, 50, T0.plusMillis(1), 6L);

    commit(ChangeFixture.updating(a).routing(ra));
    commit(ChangeFixture.updating(b).routing(rb));

    assertEquals(ra, store().findRoutingAt(a.id(), T0.plusSeconds(1)).orElseThrow());
    assertEquals(rb, store().findRoutingAt(b.id(), T0.plusSeconds(1)).orElseThrow());
    assertTrue(store().findRoutingAt(b.id(), T0).isEmpty());
  }

  // ---- observations

  @Test
  void givenObservations_whenListed_thenOnlyTheVersionsPhasesWindowsEndedAfterTheInstantOldestFirst() {
    String modelId = "m-" + UUID.randomUUID();
    Instant start = T0.plusSeconds(100);
    List<Observation> shadowV1 = new ArrayList<>();
    for (int i = 5; i >= 1; i--) { // appended newest first: the listing sorts
      Observation o = observation(modelId, 1, ObservationPhase.SHADOW, start.plusSeconds(60L * (i - 1)),
          start.plusSeconds(60L * i), i);
      store().appendObservation(o);
      shadowV1.add(0, o);
    }
    store().appendObservation(observation(modelId, 2, ObservationPhase.SHADOW, start, start.plusSeconds(300), 9));
    store().appendObservation(observation(modelId, 1, ObservationPhase.CANARY, start, start.plusSeconds(300), 9));
    store().appendObservation(observation(modelId, 10, ObservationPhase.SHADOW, start, start.plusSeconds(300), 9));

    assertEquals(shadowV1, store().listObservations(modelId, 1, ObservationPhase.SHADOW, start));
    assertEquals(shadowV1.subList(2, 5),
        store().listObservations(modelId, 1, ObservationPhase.SHADOW, start.plusSeconds(120))); // ended at it: left out
    assertEquals(shadowV1.subList(2, 5),
        store().listObservations(modelId, 1, ObservationPhase.SHADOW, start.plusSeconds(179)));
    assertEquals(List.of(shadowV1.get(4)),
        store().listObservations(modelId, 1, ObservationPhase.SHADOW, start.plusSeconds(300).minusMillis(1)));
    assertEquals(List.of(), store().listObservations(modelId, 1, ObservationPhase.SHADOW, start.plusSeconds(300)));
    assertEquals(List.of(), store().listObservations(modelId, 1, ObservationPhase.PRODUCTION, start));
    assertEquals(1, store().listObservations(modelId, 10, ObservationPhase.SHADOW, start).size());
    assertEquals(List.of(), store().listObservations("m-" + UUID.randomUUID(), 1, ObservationPhase.SHADOW, start));
  }

  @Test
  void givenObservationsWithTheSameWindowAndNoOptionalValues_whenListed_thenBothKeptAndEqual() {
    String modelId = "m-" + UUID.randomUUID();
    Observation sparse = new Observation(modelId, 3, ObservationPhase.CANARY, null, T0.plusSeconds(60), 0, 0, null,
        null, null, null, null);
    Observation full = observation(modelId, 3, ObservationPhase.CANARY, T0, T0.plusSeconds(60), 1);

    store().appendObservation(sparse);
    store().appendObservation(full);

    List<Observation> listed = store().listObservations(modelId, 3, ObservationPhase.CANARY, T0);
    assertEquals(2, listed.size());
    assertEquals(new HashSet<>(List.of(sparse, full)), new HashSet<>(listed));
  }

  @Test
  void givenManyObservations_whenListed_thenAllAreReturned() {
    String modelId = "m-" + UUID.randomUUID();
    List<Observation> appended = new ArrayList<>();
    for (int i = 1; i <= 1200; i++) {
      Observation o = observation(modelId, 1, ObservationPhase.PRODUCTION, T0, T0.plusMillis(i), i);
      store().appendObservation(o);
      appended.add(o);
    }

    assertEquals(appended, store().listObservations(modelId, 1, ObservationPhase.PRODUCTION, T0));
  }

  // ---- approval links

  @Test
  void givenApprovalRequestsCreatedWithAChange_whenFound_thenEqualAndPending() {
    Model model = create(unique("approval"));
    Promotion promotion = PromotionFixtures.minimal(model, 1, PromotionFixtures.promotionId(T0), PromotionStatus.RUNNING, T0);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    ApprovalRequest ann = PromotionFixtures.pendingApproval(promotion, "ann@example.com", now, now.plusSeconds(3600));
    ApprovalRequest bob = PromotionFixtures.pendingApproval(promotion, "bob@example.com", now, now.plusSeconds(3600));

    commit(ChangeFixture.updating(model).promotion(promotion).approvalRequest(ann).approvalRequest(bob));

    assertEquals(ann, store().findApprovalRequest(ann.id()).orElseThrow());
    assertEquals(bob, store().findApprovalRequest(bob.id()).orElseThrow());
    assertTrue(store().findApprovalRequest("a-" + UUID.randomUUID()).isEmpty());
  }

  @Test
  void givenExistingApprovalId_whenCreatedAgain_thenConcurrentUpdateAndNothingWritten() {
    Model model = create(unique("approval-dup"));
    Promotion promotion = PromotionFixtures.minimal(model, 1, PromotionFixtures.promotionId(T0), PromotionStatus.RUNNING, T0);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    ApprovalRequest ann = PromotionFixtures.pendingApproval(promotion, "ann@example.com", now, now.plusSeconds(3600));
    model = commit(ChangeFixture.updating(model).promotion(promotion).approvalRequest(ann));
    ApprovalRequest again = new ApprovalRequest(ann.id(), promotion.id(), model.id(), model.name(), 1,
        "eve@example.com", "other-token", now, now.plusSeconds(7200), ApprovalRequest.State.PENDING, null, null);
    Promotion changed = PromotionFixtures.minimal(model, 1, promotion.id(), PromotionStatus.FAILED, T0);
    ChangeFixture duplicate = ChangeFixture.updating(model).promotion(changed).approvalRequest(again);

    assertThrows(ConcurrentUpdateException.class, () -> store().commit(duplicate.build()));

    assertEquals(ann, store().findApprovalRequest(ann.id()).orElseThrow());
    assertEquals(promotion, store().findPromotion(promotion.id()).orElseThrow());
    assertEquals(model, store().findModelById(model.id()).orElseThrow());
    assertEquals(2, store().listAudit(model.id(), PageRequest.first(10)).items().size());
  }

  @Test
  void givenPendingApproval_whenDecidedTwice_thenTheFirstDecisionHoldsAndTheSecondWritesNothing() {
    Model model = create(unique("approval-decide"));
    Promotion promotion = PromotionFixtures.minimal(model, 1, PromotionFixtures.promotionId(T0), PromotionStatus.RUNNING, T0);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    ApprovalRequest pending = PromotionFixtures.pendingApproval(promotion, "ann@example.com", now, now.plusSeconds(3600));
    model = commit(ChangeFixture.updating(model).promotion(promotion).approvalRequest(pending));
    ApprovalRequest approved = pending.decided(ApprovalDecision.Decision.APPROVE, now.plusSeconds(60));

    model = commit(ChangeFixture.updating(model).decidedApproval(approved).action("APPROVE_PROMOTION"));

    assertEquals(approved, store().findApprovalRequest(pending.id()).orElseThrow());
    ApprovalRequest rejected = pending.decided(ApprovalDecision.Decision.REJECT, now.plusSeconds(61));
    Promotion changed = PromotionFixtures.minimal(model, 1, promotion.id(), PromotionStatus.REJECTED, T0);
    ChangeFixture second = ChangeFixture.updating(model).decidedApproval(rejected).promotion(changed)
        .action("REJECT_PROMOTION");
    assertThrows(ConcurrentUpdateException.class, () -> store().commit(second.build()));
    assertEquals(approved, store().findApprovalRequest(pending.id()).orElseThrow());
    assertEquals(promotion, store().findPromotion(promotion.id()).orElseThrow());
    assertEquals(model, store().findModelById(model.id()).orElseThrow());
    assertEquals(List.of("CREATE_MODEL", "TEST_CHANGE", "APPROVE_PROMOTION"), actions(model));
  }

  @Test
  void givenApprovalDecidedAtOrAfterItsExpiry_whenCommitted_thenRefusedAndNothingWritten() {
    Model model = create(unique("approval-expired"));
    Promotion promotion = PromotionFixtures.minimal(model, 1, PromotionFixtures.promotionId(T0), PromotionStatus.RUNNING, T0);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Instant expiresAt = now.plusSeconds(3600);
    ApprovalRequest pending = PromotionFixtures.pendingApproval(promotion, "ann@example.com", now, expiresAt);
    Model current = commit(ChangeFixture.updating(model).promotion(promotion).approvalRequest(pending));

    for (Instant late : List.of(expiresAt, expiresAt.plusMillis(1), expiresAt.plusSeconds(86_400))) {
      ChangeFixture decision = ChangeFixture.updating(current)
          .decidedApproval(pending.decided(ApprovalDecision.Decision.APPROVE, late)).action("APPROVE_PROMOTION");
      assertThrows(ConcurrentUpdateException.class, () -> store().commit(decision.build()), "decided at " + late);
    }

    assertEquals(pending, store().findApprovalRequest(pending.id()).orElseThrow());
    assertEquals(current, store().findModelById(model.id()).orElseThrow());
    assertEquals(List.of("CREATE_MODEL", "TEST_CHANGE"), actions(current));
    ApprovalRequest justInTime = pending.decided(ApprovalDecision.Decision.REJECT, expiresAt.minusMillis(1));
    commit(ChangeFixture.updating(current).decidedApproval(justInTime));
    assertEquals(justInTime, store().findApprovalRequest(pending.id()).orElseThrow());
  }

  @Test
  void givenUnknownApproval_whenDecided_thenConcurrentUpdateAndNothingWritten() {
    Model model = create(unique("approval-unknown"));
    Promotion promotion = PromotionFixtures.minimal(model, 1, PromotionFixtures.promotionId(T0), PromotionStatus.RUNNING, T0);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    ApprovalRequest never = PromotionFixtures.pendingApproval(promotion, "ann@example.com", now, now.plusSeconds(60))
        .decided(ApprovalDecision.Decision.APPROVE, now);

    assertThrows(ConcurrentUpdateException.class,
        () -> store().commit(ChangeFixture.updating(model).decidedApproval(never).build()));

    assertTrue(store().findApprovalRequest(never.id()).isEmpty());
    assertEquals(model, store().findModelById(model.id()).orElseThrow());
  }

  // ---- transaction size

  @Test
  void givenChangeOfMoreThanAHundredItems_whenCommitted_thenRefusedAndNothingWritten() {
    Model model = create(unique("txn-limit"));
    ChangeFixture tooBig = ChangeFixture.updating(model);
    for (long n = 1; n <= 99; n++) { // + model item + audit entry = 101
      tooBig.version(version(model, n, VersionStatus.READY));
    }

    assertThrows(IllegalArgumentException.class, () -> store().commit(tooBig.build()));

    assertTrue(store().findVersion(model.id(), 1).isEmpty());
    assertEquals(model, store().findModelById(model.id()).orElseThrow());
    ChangeFixture largest = ChangeFixture.updating(model);
    for (long n = 1; n <= 98; n++) {
      largest.version(version(model, n, VersionStatus.READY));
    }
    commit(largest);
    assertEquals(98, store().listVersions(model.id(), VersionFilter.ALL, PageRequest.first(200)).items().size());
  }

  // ---- helpers for subclasses and tests

  /** A model name no other test (or run) uses: valid per API.md and starting with a random stem. */
  protected static String unique(String stem) {
    return "c" + UUID.randomUUID().toString().substring(0, 8) + "-" + stem;
  }

  /** Creates and stores a model with the given name; returns its stored state. */
  protected Model create(String name) {
    return commit(ChangeFixture.creating(ChangeFixture.newModel(name, T0)).at(T0).actor("creator"));
  }

  /** Commits the change and returns the model's new state. */
  protected Model commit(ChangeFixture fixture) {
    Change change = fixture.build();
    store().commit(change);
    return change.model();
  }

  protected static ModelVersion version(Model model, long number, VersionStatus status) {
    return new ModelVersion(model.id(), model.name(), number, null, status, status.name().toLowerCase(java.util.Locale.ROOT), Stage.NONE,
        new Artifact("mem://artifacts/models/" + model.name() + "/" + number + "/model.bin", "model.bin", 3L,
            "ef".repeat(32), null),
        null, Map.of("auc", 0.5 + number / 100.0), Map.of("n", String.valueOf(number)), "v" + number, "alice",
        T0.plusMillis(number), T0.plusMillis(number));
  }

  /** An observation with every field set; {@code n} varies the counts and values. */
  protected static Observation observation(String modelId, long version, ObservationPhase phase, Instant windowStart,
      Instant windowEnd, int n) {
    return new Observation(modelId, version, phase, windowStart, windowEnd, 1000L + n, n, 120.5 + n, 0.01 * n,
        Map.of("auc", 0.9 + n / 1000.0, "calls", (double) n), "serving-" + n, windowEnd.plusMillis(250));
  }

  private static ModelVersion tagged(ModelVersion v, Map<String, String> tags) {
    return v.withDetails(v.description(), tags, v.metadata(), v.metrics(), v.updatedAt());
  }

  private static ModelCard card(long version) {
    Map<String, Object> perf = new LinkedHashMap<>();
    perf.put("auc", 0.93);
    perf.put("samples", 120_000);
    perf.put("bySegment", List.of(Map.of("segment", "eu", "auc", 0.91), Map.of("segment", "us", "auc", 0.95)));
    Map<String, Object> environmental = new LinkedHashMap<>();
    environmental.put("co2Kg", null);
    environmental.put("hardware", "8x A100");
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("modelDetails", Map.of("name", "fraud", "version", version, "notes", ""));
    content.put("intendedUse", "card-not-present fraud scoring");
    content.put("performance", perf);
    content.put("limitations", List.of("new merchants", "low volume"));
    content.put("factors", List.of());
    content.put("environmentalImpact", environmental);
    content.put("ethicalConsiderations", Map.of("reviewed", true));
    return new ModelCard(version, content, "carol", T0.plusMillis(7));
  }

  private static IdempotencyRecord idempotency(String key, Model model, long version) {
    return new IdempotencyRecord(key, "request-hash-" + version, model.id(), version,
        Instant.now().plus(Duration.ofHours(24)).truncatedTo(ChronoUnit.MILLIS));
  }

  private static ModelVersion withComparableHyperparameters(ModelVersion v) {
    VersionMetadata m = v.metadata();
    return v.withDetails(v.description(), v.tags(), new VersionMetadata(m.datasetVersion(), m.gitCommit(), m.trainer(),
        m.framework(), m.runId(), JsonValues.comparableMap(m.hyperparameters())), v.metrics(), v.updatedAt());
  }

  private List<String> actions(Model model) {
    return store().listAudit(model.id(), PageRequest.first(50)).items().stream().map(AuditEntry::action).toList();
  }

  private static ModelFilter byName(String nameContains) {
    return new ModelFilter(null, null, Map.of(), nameContains);
  }

  private List<Model> listModels(ModelFilter filter) {
    return store().listModels(filter, PageRequest.first(50)).items();
  }

  private List<ModelVersion> listVersions(Model model, VersionFilter filter) {
    return store().listVersions(model.id(), filter, PageRequest.first(50)).items();
  }

  /** Follows nextPageToken to the end, checking that no item repeats. */
  private static <T> List<Page<T>> pages(Function<String, Page<T>> fetch) {
    List<Page<T>> pages = new ArrayList<>();
    HashSet<T> seen = new HashSet<>();
    String token = null;
    do {
      Page<T> page = fetch.apply(token);
      pages.add(page);
      for (T item : page.items()) {
        assertTrue(seen.add(item), "item listed twice: " + item);
      }
      token = page.nextPageToken();
      assertTrue(pages.size() <= 50, "paging does not end");
    } while (token != null);
    return pages;
  }

  private static void assertInvalid(org.junit.jupiter.api.function.Executable listing) {
    RegistryException e = assertThrows(RegistryException.class, listing);
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertFalse(e instanceof ConcurrentUpdateException);
  }

}
