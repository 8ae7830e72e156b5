package com.modelregistry.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.modelregistry.core.ErrorCode;
import com.modelregistry.core.domain.AuditEntry;
import com.modelregistry.core.domain.Model;
import com.modelregistry.core.domain.Page;
import com.modelregistry.core.domain.PageRequest;
import com.modelregistry.core.domain.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditServiceTest extends ServiceTestSupport {

  /** create, update, register, finalize, alias, card, annotate, archive, unalias, register, failed finalize. */
  private Model givenModelWithElevenMutations() {
    models.create("alice", new CreateModelRequest("fraud", null, null, null));
    clock.advance(Duration.ofMillis(1));
    models.update("bob", "fraud", new UpdateModelRequest("scores payments", null, null));
    ready("fraud", bytes("weights"));
    models.setAlias("alice", "fraud", "champion", 1);
    versions.putModelCard("carol", "fraud", 1, Map.of("intendedUse", "fraud scoring"));
    versions.update("alice", "fraud", 1, new UpdateVersionRequest("annotated", null, null, null));
    versions.archive("alice", "fraud", 1, "superseded");
    models.deleteAlias("alice", "fraud", "champion");
    failed("fraud", bytes("broken"));
    return models.get("fraud");
  }

  @Test
  void givenEveryKindOfMutation_whenTheTrailIsRead_thenEachAppendedOneChainedEntry() {
    Model model = givenModelWithElevenMutations();

    List<AuditEntry> entries = audit.list("fraud", PageRequest.first(50)).items();

    assertEquals(List.of("CREATE_MODEL", "UPDATE_MODEL", "REGISTER_VERSION", "FINALIZE_VERSION", "SET_ALIAS",
        "SET_MODEL_CARD", "UPDATE_VERSION", "STAGE_CHANGE", "DELETE_ALIAS", "REGISTER_VERSION", "FINALIZE_VERSION"),
        entries.stream().map(AuditEntry::action).toList());
    assertEquals(List.of("alice", "bob", "alice", "alice", "alice", "carol", "alice", "alice", "alice", "alice", "alice"),
        entries.stream().map(AuditEntry::actor).toList());
    assertEquals(java.util.Arrays.asList(null, null, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 2L, 2L),
        entries.stream().map(AuditEntry::version).toList());
    String prev = AuditChain.GENESIS;
    for (int i = 0; i < entries.size(); i++) {
      AuditEntry entry = entries.get(i);
      assertEquals(i + 1, entry.seq());
      assertEquals(prev, entry.prevHash());
      assertEquals(AuditChain.hashOf(entry), entry.hash());
      prev = entry.hash();
    }
    assertEquals(11, model.auditSeq());
    assertEquals(prev, model.auditHead());
    assertEquals(model.revision(), model.auditSeq(), "one entry per committed change");
    assertEquals(new AuditVerification(true, 11, null), audit.verify("fraud"));
  }

  @Test
  void givenRefusedMutations_whenTheTrailIsRead_thenNoneOfThemLeftAnEntry() {
    Model before = givenModelWithElevenMutations();
    versions.register("alice", "fraud", withSemver(upload("m.bin", bytes("x")), "1.0.0"), null);
    ready("fraud", bytes("prod"));
    putInStage("fraud", 4, Stage.PRODUCTION);
    long count = audit.list("fraud", PageRequest.first(50)).items().size();

    assertError(ErrorCode.ALREADY_EXISTS, () -> versions.register("alice", "fraud", withSemver(upload("m.bin", bytes("y")), "1.0.0"), null));
    assertError(ErrorCode.FAILED_PRECONDITION, () -> versions.finalizeUpload("alice", "fraud", 3, null));
    assertError(ErrorCode.FAILED_PRECONDITION, () -> versions.archive("alice", "fraud", 4, "no"));
    assertError(ErrorCode.FAILED_PRECONDITION, () -> models.setAlias("alice", "fraud", "x", 2));
    assertError(ErrorCode.FAILED_PRECONDITION, () -> models.delete("admin", "fraud", null));
    assertError(ErrorCode.FAILED_PRECONDITION, () -> versions.update("alice", "fraud", 4, new UpdateVersionRequest(null, null, null, Map.of("a", 1.0))));
    assertError(ErrorCode.INVALID_ARGUMENT, () -> models.update("alice", "fraud", new UpdateModelRequest("d".repeat(5001), null, null)));
    assertError(ErrorCode.NOT_FOUND, () -> models.deleteAlias("alice", "fraud", "nope"));

    assertEquals(count, audit.list("fraud", PageRequest.first(50)).items().size());
    assertEquals(true, audit.verify("fraud").ok());
    assertEquals(before.auditSeq() + 4, models.get("fraud").auditSeq());
  }

  @Test
  void givenDeletedModel_whenItsTrailIsReadById_thenTheDeletionIsItsLastEntry() {
    Model model = givenModelWithElevenMutations();

    models.delete("admin", "fraud", "retired");

    List<AuditEntry> entries = store.listAudit(model.id(), PageRequest.first(50)).items();
    AuditEntry last = entries.get(entries.size() - 1);
    assertEquals(12, last.seq());
    assertEquals("DELETE_MODEL", last.action());
    assertEquals("admin", last.actor());
    assertEquals("retired", last.reason());
    assertEquals(entries.get(10).hash(), last.prevHash());
    assertError(ErrorCode.NOT_FOUND, () -> audit.verify("fraud"));
  }

  @Test
  void givenEntryEditedInTheStore_whenVerified_thenNotOkAndItIsTheFirstBrokenOne() {
    Model model = givenModelWithElevenMutations();

    store.replaceAuditEntry(model.id(), 5, e -> new AuditEntry(e.seq(), e.at(), "mallory", e.action(), e.version(),
        e.from(), e.to(), e.reason(), e.details(), e.prevHash(), e.hash()));

    assertEquals(new AuditVerification(false, 4, 5L), audit.verify("fraud"));
  }

  @Test
  void givenEntryEditedAndRehashed_whenVerified_thenTheNextEntryNoLongerChainsOntoIt() {
    Model model = givenModelWithElevenMutations();

    store.replaceAuditEntry(model.id(), 5, e -> rehashed(new AuditEntry(e.seq(), e.at(), e.actor(), e.action(), 2L,
        e.from(), e.to(), e.reason(), e.details(), e.prevHash(), null)));

    assertEquals(new AuditVerification(false, 5, 6L), audit.verify("fraud"));
  }

  @Test
  void givenEntryRemovedFromTheMiddle_whenVerified_thenTheMissingSeqIsTheFirstBrokenOne() {
    Model model = givenModelWithElevenMutations();

    store.removeAuditEntry(model.id(), 5);

    assertEquals(new AuditVerification(false, 4, 5L), audit.verify("fraud"));
  }

  @Test
  void givenLastEntryRemoved_whenVerified_thenTheMissingLastSeqIsTheFirstBrokenOne() {
    Model model = givenModelWithElevenMutations();

    store.removeAuditEntry(model.id(), 11);

    assertEquals(new AuditVerification(false, 10, 11L), audit.verify("fraud"));
  }

  @Test
  void givenLastEntryRewrittenConsistently_whenVerified_thenItNoLongerMatchesTheModelsHead() {
    Model model = givenModelWithElevenMutations();

    store.replaceAuditEntry(model.id(), 11, e -> rehashed(new AuditEntry(e.seq(), e.at(), "mallory", e.action(),
        e.version(), e.from(), e.to(), e.reason(), e.details(), e.prevHash(), null)));

    AuditVerification result = audit.verify("fraud");
    assertEquals(false, result.ok());
    assertEquals(11L, result.firstBrokenSeq());
  }

  @Test
  void givenForgedEntryAppendedBehindTheModel_whenVerified_thenItIsTheFirstBrokenOne() {
    Model model = givenModelWithElevenMutations();
    AuditEntry last = store.listAudit(model.id(), PageRequest.first(50)).items().get(10);

    store.forgeAuditEntry(model.id(), rehashed(new AuditEntry(12, last.at(), "mallory", "SET_ALIAS", 2L, null, "2", null,
        Map.of("alias", "champion"), last.hash(), null)));

    AuditVerification result = audit.verify("fraud");
    assertEquals(false, result.ok());
    assertEquals(12L, result.firstBrokenSeq());
  }

  @Test
  void givenTrailLongerThanOnePage_whenVerified_thenEveryPageIsChecked() {
    models.create("alice", new CreateModelRequest("busy", null, null, null));
    for (int i = 0; i < 209; i++) {
      models.update("alice", "busy", new UpdateModelRequest("d" + i, null, null));
    }
    Model model = models.get("busy");
    assertEquals(new AuditVerification(true, 210, null), audit.verify("busy"));

    store.replaceAuditEntry(model.id(), 205, e -> new AuditEntry(e.seq(), e.at(), e.actor(), e.action(), e.version(),
        e.from(), e.to(), "inserted reason", e.details(), e.prevHash(), e.hash()));

    assertEquals(new AuditVerification(false, 204, 205L), audit.verify("busy"));
  }

  @Test
  void givenTrail_whenListedPageByPage_thenOldestFirstWithoutGaps() {
    givenModelWithElevenMutations();
    List<Long> seqs = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      Page<AuditEntry> page = audit.list("fraud", new PageRequest(4, token));
      page.items().forEach(e -> seqs.add(e.seq()));
      token = page.nextPageToken();
      pages++;
    } while (token != null);

    assertEquals(3, pages);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L), seqs);
  }

  @Test
  void givenUnknownModel_whenItsTrailIsReadOrVerified_thenNotFound() {
    assertError(ErrorCode.NOT_FOUND, () -> audit.list("ghost", PageRequest.first(5)));
    assertError(ErrorCode.NOT_FOUND, () -> audit.verify("ghost"));
  }

  @Test
  void givenFreshModel_whenVerified_thenOkWithOneEntry() {
    createModel("fresh");

    AuditVerification result = audit.verify("fresh");

    assertEquals(new AuditVerification(true, 1, null), result);
    assertNull(result.firstBrokenSeq());
  }

  private static AuditEntry rehashed(AuditEntry e) {
    return new AuditEntry(e.seq(), e.at(), e.actor(), e.action(), e.version(), e.from(), e.to(), e.reason(), e.details(),
        e.prevHash(), AuditChain.hashOf(e));
  }
}
