package com.modelregistry.local.streams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * One shard of a stream as a mapping reads it: where it has got to (the checkpoint: the last record done),
 * the records read but not yet done, in shard order, and the iterator to read more. The iterator is only a
 * cache: when it is lost or expired, reading resumes after the last record read (or the checkpoint, or at
 * the shard's start). A shard is finished when it is closed, read to its end and every record is done.
 */
final class ShardReader {

  /** GetRecords' maximum. */
  static final int READ_LIMIT = 1000;

  private final String shardId;
  private final String parentShardId;
  private final Deque<PendingRecord> pending = new ArrayDeque<>();
  private String checkpoint;
  private String lastRead;
  private String iterator;
  private boolean ended;
  private boolean finished;

  /**
   * @param checkpoint the sequence number of the last record done, from the checkpoint file; null: none yet
   * @param finished whether the checkpoint file says the shard is done
   */
  ShardReader(String shardId, String parentShardId, String checkpoint, boolean finished) {
    this.shardId = shardId;
    this.parentShardId = parentShardId;
    this.checkpoint = checkpoint;
    this.lastRead = checkpoint;
    this.finished = finished;
  }

  String shardId() {
    return shardId;
  }

  String parentShardId() {
    return parentShardId;
  }

  String checkpoint() {
    return checkpoint;
  }

  boolean finished() {
    return finished;
  }

  Deque<PendingRecord> pending() {
    return pending;
  }

  /**
   * Reads the next records into {@link #pending()}: one GetRecords call (and a GetShardIterator when there is
   * no iterator). When the shard has ended (closed, and GetRecords gives no next iterator), it is finished as
   * soon as nothing is pending.
   *
   * @param toJson the record as the function gets it
   * @param filter whether a record's JSON passes the mapping's filter
   * @param trimmed told when the records after the checkpoint are no longer in the stream (older than its
   *     retention) and reading goes on at the shard's oldest record
   * @return how many records were read
   */
  int read(DynamoDbStreamsClient streams, String streamArn, Function<Record, ObjectNode> toJson,
      Predicate<ObjectNode> filter, Runnable trimmed) {
    if (finished || ended) {
      finishIfDone();
      return 0;
    }
    if (iterator == null) {
      iterator = iterator(streams, streamArn, trimmed);
    }
    GetRecordsResponse response;
    try {
      response = streams.getRecords(request -> request.shardIterator(iterator).limit(READ_LIMIT));
    } catch (ExpiredIteratorException e) {
      iterator = null; // the next read gets a fresh one after the last record read
      return 0;
    }
    List<PendingRecord> read = new ArrayList<>();
    for (Record record : response.records()) {
      ObjectNode json = toJson.apply(record);
      read.add(new PendingRecord(record.dynamodb().sequenceNumber(), json, filter.test(json)));
    }
    // All or nothing: a record that can't be read fails the call, and the next one reads it again.
    pending.addAll(read);
    if (!read.isEmpty()) {
      lastRead = read.get(read.size() - 1).sequenceNumber();
    }
    iterator = response.nextShardIterator();
    if (iterator == null) {
      ended = true;
      finishIfDone();
    }
    return response.records().size();
  }

  private String iterator(DynamoDbStreamsClient streams, String streamArn, Runnable trimmed) {
    if (lastRead != null) {
      try {
        return streams.getShardIterator(request -> request.streamArn(streamArn).shardId(shardId)
            .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(lastRead)).shardIterator();
      } catch (TrimmedDataAccessException e) {
        trimmed.run();
      }
    }
    return streams.getShardIterator(request -> request.streamArn(streamArn).shardId(shardId)
        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
  }

  /** The first {@code count} pending records are done: the checkpoint moves to the last of them. */
  void done(int count) {
    for (int i = 0; i < count; i++) {
      checkpoint = pending.removeFirst().sequenceNumber();
    }
    finishIfDone();
  }

  /**
   * Skips the shard's records present now, for a mapping that starts at {@code LATEST}: reads to the end of
   * what is there and marks it all done (a closed shard is then finished).
   */
  void skipToLatest(DynamoDbStreamsClient streams, String streamArn, Function<Record, ObjectNode> toJson) {
    while (read(streams, streamArn, toJson, json -> false, () -> { }) > 0) {
      done(pending.size());
    }
    done(pending.size());
  }

  /** A shard that is no longer in the stream (trimmed away): nothing more to do in it. */
  void abandon() {
    pending.clear();
    finished = true;
  }

  private void finishIfDone() {
    if (ended && pending.isEmpty()) {
      finished = true;
    }
  }
}
