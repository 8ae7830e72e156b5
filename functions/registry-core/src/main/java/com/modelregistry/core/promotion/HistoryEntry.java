package com.modelregistry.core.promotion;

import java.time.Instant;

/** One step of a promotion's history: the phase it entered (or was in) and what happened. */
public record HistoryEntry(PromotionPhase phase, Instant at, String detail) {}
