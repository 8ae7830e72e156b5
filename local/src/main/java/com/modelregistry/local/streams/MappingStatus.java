package com.modelregistry.local.streams;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.streams.CheckpointFile.ShardPosition;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a mapping has done since the runtime started, for {@code GET /_local/streams}: invocations, records
 * sent and filtered out, the shards' checkpoints and the last error. Written by the mapping's poller thread,
 * read by request threads.
 */
final class MappingStatus {

  private long invocations;
  private long recordsSent;
  private long recordsFilteredOut;
  private long recordsSkipped;
  private Instant lastInvocation;
  private Instant lastErrorTime;
  private String lastError;
  private Map<String, ShardPosition> shards = Map.of();

  synchronized void invoked(Instant when) {
    invocations++;
    lastInvocation = when;
  }

  synchronized void done(int sent, int filteredOut) {
    recordsSent += sent;
    recordsFilteredOut += filteredOut;
  }

  synchronized void skipped(int records) {
    recordsSkipped += records;
  }

  synchronized void failed(Instant when, String error) {
    lastErrorTime = when;
    lastError = error;
  }

  synchronized void shards(Map<String, ShardPosition> positions) {
    shards = new TreeMap<>(positions);
  }

  synchronized String lastError() {
    return lastError;
  }

  synchronized long recordsSent() {
    return recordsSent;
  }

  synchronized ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("invocations", invocations);
    json.put("recordsSent", recordsSent);
    json.put("recordsFilteredOut", recordsFilteredOut);
    json.put("recordsSkipped", recordsSkipped);
    json.put("lastInvocation", lastInvocation == null ? null : lastInvocation.toString());
    if (lastError == null) {
      json.putNull("lastError");
    } else {
      json.putObject("lastError").put("time", lastErrorTime.toString()).put("message", lastError);
    }
    ObjectNode shardsJson = json.putObject("shards");
    shards.forEach((shardId, position) -> shardsJson.putObject(shardId)
        .put("checkpoint", position.sequenceNumber())
        .put("finished", position.finished()));
    return json;
  }
}
