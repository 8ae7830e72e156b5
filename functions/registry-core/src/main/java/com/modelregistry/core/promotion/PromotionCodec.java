package com.modelregistry.core.promotion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * A {@link Promotion} as one JSON document (the {@code doc} attribute of a store's promotion item), and back.
 * The round trip is exact: {@code decode(encode(p)).equals(p)} for every promotion, nested plan and reports
 * included; Instants are ISO-8601 strings with all their digits, nulls are left out and come back as nulls
 * (lists as empty lists, as the records' constructors make them).
 *
 * <p>Reading ignores properties it does not know, so a document written by a newer release (with a field
 * added) still reads. Derived accessors ({@code isRunning()}) are not written.
 */
public final class PromotionCodec {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      // Record components are properties; "isRunning()" and the like are derived, not state.
      .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
      .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS))
      .build();

  private PromotionCodec() {}

  /** The promotion as compact JSON. */
  public static String encode(Promotion promotion) {
    try {
      return JSON.writeValueAsString(promotion);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("promotion " + promotion.id() + " is not serializable as JSON", e);
    }
  }

  /** The promotion a document written by {@link #encode} holds. */
  public static Promotion decode(String json) {
    try {
      return JSON.readValue(json, Promotion.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored promotion JSON is unreadable: " + e.getOriginalMessage(), e);
    }
  }
}
