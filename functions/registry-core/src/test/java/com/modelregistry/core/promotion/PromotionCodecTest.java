package com.modelregistry.core.promotion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.modelregistry.core.domain.Model;
import com.modelregistry.core.testing.ChangeFixture;
import com.modelregistry.core.testing.PromotionFixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromotionCodecTest {
  private static final Instant AT = Instant.parse("2025-03-04T05:06:07.123456789Z");
  private static final Model MODEL = ChangeFixture.newModel("fraud", AT);

  @Test
  void givenFullyPopulatedPromotion_whenEncodedAndDecoded_thenEqual() {
    Promotion full = PromotionFixtures.full(MODEL, 7, PromotionFixtures.promotionId(AT), AT);

    Promotion back = PromotionCodec.decode(PromotionCodec.encode(full));

    assertEquals(full, back);
    assertEquals(full.plan(), back.plan());
    assertEquals(List.of("auc", "latency_ms"), List.copyOf(back.plan().gates().metrics().keySet()));
    assertEquals(AT, back.createdAt()); // nanoseconds kept
  }

  @Test
  void givenPromotionWithNullsAndEmptyLists_whenEncodedAndDecoded_thenEqual() {
    Promotion minimal = PromotionFixtures.minimal(MODEL, 1, "p1", PromotionStatus.CANCELLED, AT);

    Promotion back = PromotionCodec.decode(PromotionCodec.encode(minimal));

    assertEquals(minimal, back);
    assertNull(back.plan());
    assertNull(back.gateReport());
    assertNull(back.previousProduction());
    assertEquals(List.of(), back.history());
    assertEquals(Map.of(), back.approvalLinks());
  }

  @Test
  void givenPlanWithOnlyApproval_whenEncodedAndDecoded_thenAbsentPartsStayNull() {
    PromotionPlan plan = new PromotionPlan(null, null,
        new PromotionPlan.Approval(List.of("Ann@Example.com"), 1, 3600L), null);
    Promotion promotion = new Promotion("p2", MODEL.id(), MODEL.name(), 2, "Production", "", plan,
        PromotionStatus.RUNNING, PromotionPhase.AWAITING_APPROVAL, 0, null, List.of(), List.of(), AT, Map.of(), List.of(), "",
        "", null, "", null, "", AT, AT);

    Promotion back = PromotionCodec.decode(PromotionCodec.encode(promotion));

    assertEquals(promotion, back);
    assertNull(back.plan().shadow());
    assertNull(back.plan().canary());
    assertEquals(List.of("ann@example.com"), back.plan().approval().approvers());
    assertEquals("", back.reason());
  }

  @Test
  void givenPromotion_whenEncoded_thenInstantsAreIsoStringsAndDerivedAccessorsAreLeftOut() {
    String json = PromotionCodec.encode(PromotionFixtures.minimal(MODEL, 1, "p3", PromotionStatus.RUNNING, AT));

    assertTrue(json.contains("\"createdAt\":\"2025-03-04T05:06:07.123456789Z\""), json);
    assertFalse(json.contains("running"), json);
    assertFalse(json.contains("null"), json);
  }

  @Test
  void givenDocumentWithAnUnknownProperty_whenDecoded_thenTheRestIsRead() {
    Promotion promotion = PromotionFixtures.minimal(MODEL, 1, "p4", PromotionStatus.SUCCEEDED, AT);
    String json = PromotionCodec.encode(promotion);
    String newer = "{\"addedLater\":{\"x\":1}," + json.substring(1);

    assertEquals(promotion, PromotionCodec.decode(newer));
  }

  @Test
  void givenMalformedDocument_whenDecoded_thenIllegalState() {
    assertThrows(IllegalStateException.class, () -> PromotionCodec.decode("{not json"));
  }
}
