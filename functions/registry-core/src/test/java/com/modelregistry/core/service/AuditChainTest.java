package com.modelregistry.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.modelregistry.core.domain.AuditEntry;
import com.modelregistry.core.domain.Model;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class AuditChainTest {
  private static final Instant AT = Instant.parse("2025-01-02T03:04:05.678Z");
  private static final AuditEntry ENTRY = new AuditEntry(7, AT, "alice", "SET_ALIAS", 3L, "1", "2", null,
      Map.of("b", "2", "alias", "champion"), AuditChain.GENESIS, "ignored");

  @Test
  void givenGenesis_whenRead_thenItIsSixtyFourZeros() {
    assertEquals("0000000000000000000000000000000000000000000000000000000000000000", AuditChain.GENESIS);
  }

  @Test
  void givenEntry_whenHashed_thenItIsTheSha256OfItsCanonicalJsonWithSortedKeysAndNulls() throws Exception {
    String canonical = "{\"action\":\"SET_ALIAS\",\"actor\":\"alice\",\"at\":\"2025-01-02T03:04:05.678Z\","
        + "\"details\":{\"alias\":\"champion\",\"b\":\"2\"},\"from\":\"1\",\"prevHash\":\"" + AuditChain.GENESIS + "\","
        + "\"reason\":null,\"seq\":7,\"to\":\"2\",\"version\":3}";
    String expected = HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));

    assertEquals(expected, AuditChain.hashOf(ENTRY));
  }

  @Test
  void givenEntry_whenAnyHashedFieldChanges_thenTheHashChanges() {
    String original = AuditChain.hashOf(ENTRY);
    List<UnaryOperator<AuditEntry>> edits = List.of(
        e -> copy(e, 8, e.at(), e.actor(), e.action(), e.version(), e.from(), e.to(), e.reason(), e.details(), e.prevHash()),
        e -> copy(e, e.seq(), e.at().plusMillis(1), e.actor(), e.action(), e.version(), e.from(), e.to(), e.reason(), e.details(), e.prevHash()),
        e -> copy(e, e.seq(), e.at(), "mallory", e.action(), e.version(), e.from(), e.to(), e.reason(), e.details(), e.prevHash()),
        e -> copy(e, e.seq(), e.at(), e.actor(), "DELETE_ALIAS", e.version(), e.from(), e.to(), e.reason(), e.details(), e.prevHash()),
        e -> copy(e, e.seq(), e.at(), e.actor(), e.action(), 4L, e.from(), e.to(), e.reason(), e.details(), e.prevHash()),
        e -> copy(e, e.seq(), e.at(), e.actor(), e.action(), null, e.from(), e.to(), e.reason(), e.details(), e.prevHash()),
        e -> copy(e, e.seq(), e.at(), e.actor(), e.action(), e.version(), "0", e.to(), e.reason(), e.details(), e.prevHash()),
        e -> copy(e, e.seq(), e.at(), e.actor(), e.action(), e.version(), e.from(), "3", e.reason(), e.details(), e.prevHash()),
        e -> copy(e, e.seq(), e.at(), e.actor(), e.action(), e.version(), e.from(), e.to(), "why", e.details(), e.prevHash()),
        e -> copy(e, e.seq(), e.at(), e.actor(), e.action(), e.version(), e.from(), e.to(), "", e.details(), e.prevHash()),
        e -> copy(e, e.seq(), e.at(), e.actor(), e.action(), e.version(), e.from(), e.to(), e.reason(), Map.of("alias", "champion"), e.prevHash()),
        e -> copy(e, e.seq(), e.at(), e.actor(), e.action(), e.version(), e.from(), e.to(), e.reason(), e.details(), "1".repeat(64)));

    for (UnaryOperator<AuditEntry> edit : edits) {
      assertNotEquals(original, AuditChain.hashOf(edit.apply(ENTRY)));
    }
  }

  @Test
  void givenEntry_whenOnlyItsStoredHashOrDetailOrderDiffers_thenTheHashIsTheSame() {
    Map<String, String> reordered = new LinkedHashMap<>();
    reordered.put("b", "2");
    reordered.put("alias", "champion");
    AuditEntry other = new AuditEntry(7, AT, "alice", "SET_ALIAS", 3L, "1", "2", null, reordered, AuditChain.GENESIS,
        "something else");

    assertEquals(AuditChain.hashOf(ENTRY), AuditChain.hashOf(other));
  }

  @Test
  void givenModelWithoutEntries_whenTheNextEntryIsMade_thenItIsSeqOneOnGenesis() {
    Model fresh = new Model("id", "fraud", "", "o", null, 0, null, null, null, 0, null, "alice", AT, AT, 0, null, null);

    AuditEntry first = AuditChain.next(fresh, AT, "alice", AuditChain.Event.of("CREATE_MODEL", null));

    assertEquals(1, first.seq());
    assertEquals(AuditChain.GENESIS, first.prevHash());
    assertEquals(AuditChain.hashOf(first), first.hash());
    assertEquals("alice", first.actor());
    assertEquals(AT, first.at());
    assertEquals(Map.of(), first.details());
  }

  @Test
  void givenModelWithATail_whenTheNextEntryIsMade_thenItFollowsTheHeadAndCarriesTheEvent() {
    Model model = new Model("id", "fraud", "", "o", null, 0, null, null, null, 4, "ab".repeat(32), "alice", AT, AT, 4, null, null);
    AuditChain.Event event = AuditChain.Event.of("STAGE_CHANGE", 2L).withTransition("Staging", "Production")
        .withReason("approved").withDetails(Map.of("promotion", "p-1"));

    AuditEntry next = AuditChain.next(model, AT, "bob", event);

    assertEquals(new AuditEntry(5, AT, "bob", "STAGE_CHANGE", 2L, "Staging", "Production", "approved",
        Map.of("promotion", "p-1"), "ab".repeat(32), AuditChain.hashOf(next)), next);
  }

  private static AuditEntry copy(AuditEntry e, long seq, Instant at, String actor, String action, Long version,
      String from, String to, String reason, Map<String, String> details, String prevHash) {
    return new AuditEntry(seq, at, actor, action, version, from, to, reason, details, prevHash, e.hash());
  }
}
