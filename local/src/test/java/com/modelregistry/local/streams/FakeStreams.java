package com.modelregistry.local.streams;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.SequenceNumberRange;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A scripted stream for the cases DynamoDB Local doesn't produce on demand: shards listed child first, an
 * expired iterator, records trimmed away behind a checkpoint. Shards are listed in the order they are added;
 * an iterator is {@code <shardId>|<index of the next record>}.
 */
final class FakeStreams implements DynamoDbStreamsClient {

  private final Map<String, Shard> shards = new LinkedHashMap<>();
  private final Map<String, List<Record>> records = new LinkedHashMap<>();
  private final Map<String, Integer> trimmedBefore = new LinkedHashMap<>();
  private final AtomicInteger sequence = new AtomicInteger();
  volatile int expireNextReads;

  /** Adds a shard; {@code closed}: GetRecords at its end gives no next iterator. */
  synchronized FakeStreams shard(String shardId, String parentShardId, boolean closed) {
    shards.put(shardId, Shard.builder().shardId(shardId).parentShardId(parentShardId)
        .sequenceNumberRange(SequenceNumberRange.builder().startingSequenceNumber("0")
            .endingSequenceNumber(closed ? "999999" : null).build())
        .build());
    records.put(shardId, new ArrayList<>());
    return this;
  }

  /** Appends an inserted item with this sort key to the shard; returns its sequence number. */
  synchronized String insert(String shardId, String sk) {
    String sequenceNumber = "%021d".formatted(sequence.incrementAndGet());
    Map<String, AttributeValue> keys = Map.of("PK", AttributeValue.fromS("MODEL#x"), "SK", AttributeValue.fromS(sk));
    records.get(shardId).add(Record.builder().eventID("id-" + sequenceNumber).eventName(OperationType.INSERT)
        .eventVersion("1.1").eventSource("aws:dynamodb").awsRegion("ddblocal")
        .dynamodb(StreamRecord.builder().approximateCreationDateTime(Instant.parse("2026-11-23T10:15:00Z"))
            .keys(keys).newImage(keys).sequenceNumber(sequenceNumber).sizeBytes(40L)
            .streamViewType(StreamViewType.NEW_IMAGE).build())
        .build());
    return sequenceNumber;
  }

  /** The shard's first {@code count} records leave the stream (retention). */
  synchronized void trim(String shardId, int count) {
    trimmedBefore.put(shardId, count);
  }

  @Override
  public synchronized DescribeStreamResponse describeStream(DescribeStreamRequest request) {
    return DescribeStreamResponse.builder().streamDescription(description -> description
        .streamArn(request.streamArn()).shards(List.copyOf(shards.values()))).build();
  }

  @Override
  public synchronized GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
    List<Record> shardRecords = records.get(request.shardId());
    int trimmed = trimmedBefore.getOrDefault(request.shardId(), 0);
    int index = trimmed;
    if (request.shardIteratorType() == ShardIteratorType.AFTER_SEQUENCE_NUMBER) {
      index = -1;
      for (int i = 0; i < shardRecords.size(); i++) {
        if (shardRecords.get(i).dynamodb().sequenceNumber().equals(request.sequenceNumber())) {
          index = i + 1;
        }
      }
      if (index - 1 < trimmed) {
        throw TrimmedDataAccessException.builder().message("trimmed").build();
      }
    } else if (request.shardIteratorType() == ShardIteratorType.LATEST) {
      index = shardRecords.size();
    }
    return GetShardIteratorResponse.builder().shardIterator(request.shardId() + "|" + index).build();
  }

  @Override
  public synchronized GetRecordsResponse getRecords(GetRecordsRequest request) {
    if (expireNextReads > 0) {
      expireNextReads--;
      throw ExpiredIteratorException.builder().message("expired").build();
    }
    String[] iterator = request.shardIterator().split("\\|");
    List<Record> shardRecords = records.get(iterator[0]);
    int from = Integer.parseInt(iterator[1]);
    int to = Math.min(shardRecords.size(), from + (request.limit() == null ? 1000 : request.limit()));
    boolean closed = shards.get(iterator[0]).sequenceNumberRange().endingSequenceNumber() != null;
    return GetRecordsResponse.builder().records(List.copyOf(shardRecords.subList(from, to)))
        .nextShardIterator(closed && to == shardRecords.size() ? null : iterator[0] + "|" + to).build();
  }

  @Override
  public String serviceName() {
    return "dynamodb";
  }

  @Override
  public void close() {}
}
