package com.modelregistry.core.service;

/** Result of re-computing a model's audit chain: ok, entries checked, the first entry that doesn't hold. */
public record AuditVerification(boolean ok, long entries, Long firstBrokenSeq) {}
