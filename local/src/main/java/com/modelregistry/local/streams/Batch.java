package com.modelregistry.local.streams;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The next records of a shard to hand to the function: the first {@code batchSize} records that pass the
 * filter, and the records filtered out among and after them (up to the next record that would pass). When
 * the function succeeds, the whole range is done; records filtered out count as processed, as on Lambda.
 *
 * @param range the records the batch covers, in shard order: the ones sent and the ones filtered out
 * @param sent the records the function gets, in shard order (may be empty: then nothing is invoked)
 */
record Batch(List<PendingRecord> range, List<PendingRecord> sent) {

  /** Cuts the next batch from the head of {@code pending} (shard order), without removing anything. */
  static Batch next(Collection<PendingRecord> pending, int batchSize) {
    List<PendingRecord> range = new ArrayList<>();
    List<PendingRecord> sent = new ArrayList<>();
    for (PendingRecord record : pending) {
      if (record.matches()) {
        if (sent.size() == batchSize) {
          break;
        }
        sent.add(record);
      }
      range.add(record);
    }
    return new Batch(List.copyOf(range), List.copyOf(sent));
  }

  /** The sequence numbers of the records sent, in order. */
  List<String> sentSequenceNumbers() {
    return sent.stream().map(PendingRecord::sequenceNumber).toList();
  }

  /** How many records of {@link #range()} come before the {@code index}-th record sent. */
  int rangeBefore(int index) {
    return range.indexOf(sent.get(index));
  }

  /** {@code {"Records": [...]}}, the event Lambda sends for a DynamoDB stream. */
  ObjectNode event() {
    ObjectNode event = JsonNodeFactory.instance.objectNode();
    ArrayNode records = event.putArray("Records");
    sent.forEach(record -> records.add(record.json()));
    return event;
  }

  /** e.g. {@code 3 records (000...5 to 000...7)}, for logs. */
  String describe() {
    if (sent.isEmpty()) {
      return "no records";
    }
    String first = sent.get(0).sequenceNumber();
    String last = sent.get(sent.size() - 1).sequenceNumber();
    return sent.size() + (sent.size() == 1 ? " record (" + first + ")" : " records (" + first + " to " + last + ")");
  }
}
