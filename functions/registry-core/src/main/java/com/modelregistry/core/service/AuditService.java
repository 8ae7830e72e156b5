package com.modelregistry.core.service;

import com.modelregistry.core.domain.AuditEntry;
import com.modelregistry.core.domain.Model;
import com.modelregistry.core.domain.Page;
import com.modelregistry.core.domain.PageRequest;
import com.modelregistry.core.port.ModelStore;

/** Reads a model's audit trail and re-computes its hash chain. */
public final class AuditService {
  private final ModelStore store;

  public AuditService(ModelStore store) {
    this.store = store;
  }

  public Page<AuditEntry> list(String modelName, PageRequest page) {
    return store.listAudit(model(modelName).id(), page);
  }

  /**
   * Walks the whole chain: each entry's prevHash must be the previous entry's hash, its hash must match
   * its content, sequence numbers must be 1..n without gaps, and the last hash must be the model's head.
   */
  public AuditVerification verify(String modelName) {
    Model model = model(modelName);
    String expectedPrev = AuditChain.GENESIS;
    long expectedSeq = 1;
    String token = null;
    do {
      Page<AuditEntry> page = store.listAudit(model.id(), new PageRequest(PageRequest.MAX_SIZE, token));
      for (AuditEntry entry : page.items()) {
        if (entry.seq() != expectedSeq || !entry.prevHash().equals(expectedPrev)
            || !AuditChain.hashOf(entry).equals(entry.hash())) {
          return new AuditVerification(false, expectedSeq - 1, expectedSeq);
        }
        expectedPrev = entry.hash();
        expectedSeq++;
      }
      token = page.nextPageToken();
    } while (token != null);
    long entries = expectedSeq - 1;
    if (entries != model.auditSeq() || !expectedPrev.equals(model.auditHead())) {
      // Missing entries at the end: the first missing one; entries beyond the model's tail: the first of
      // them; as many entries but another head: the last entry.
      long firstBroken = entries == model.auditSeq() ? entries : Math.min(entries, model.auditSeq()) + 1;
      return new AuditVerification(false, entries, firstBroken);
    }
    return new AuditVerification(true, entries, null);
  }

  private Model model(String name) {
    return Lookup.model(store, name);
  }
}
