package com.modelregistry.local.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.OwnerOnlyFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where each mapping has got to in its stream, in {@code <data-dir>/streams/checkpoints.json}: per mapping the
 * stream's ARN and, per shard, the sequence number of the last record done (sent, or filtered out) and whether
 * the shard is finished (closed and read to its end).
 *
 * <pre>{@code
 * {"mappings": {"EventRelayFunction.Outbox": {"streamArn": "arn:aws:dynamodb:ddblocal:...:table/ModelsTable/stream/...",
 *   "shards": {"shardId-00000001795419202216-50f5db4a": {"sequenceNumber": "000000000000000000042", "finished": false}}}}}
 * }</pre>
 *
 * Written whole to a temporary file, synced, then renamed over the old one, so a crash leaves the old or the
 * new file, never half of one; owner-only (directory 700, file 600) where the file system has POSIX permissions.
 */
final class CheckpointFile {

  static final String FILE_NAME = "checkpoints.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A shard's position: the last record done (null: none yet), and whether the shard is done for good. */
  record ShardPosition(String sequenceNumber, boolean finished) {}

  /** A mapping's positions in the stream it read when they were saved. */
  record MappingPosition(String streamArn, Map<String, ShardPosition> shards) {
    MappingPosition {
      shards = Map.copyOf(shards);
    }
  }

  private final Path file;
  private final Map<String, MappingPosition> mappings = new LinkedHashMap<>();
  private boolean closed;

  private CheckpointFile(Path directory) {
    this.file = directory.toAbsolutePath().normalize().resolve(FILE_NAME);
  }

  /**
   * Reads the file (none yet: no checkpoints), keeping only the mappings named in {@code mappingIds}: a mapping
   * that is no longer in the template starts afresh when it comes back, as a new one would on AWS.
   */
  static CheckpointFile open(Path directory, Set<String> mappingIds) {
    CheckpointFile checkpoints = new CheckpointFile(directory);
    checkpoints.load();
    checkpoints.mappings.keySet().retainAll(mappingIds);
    return checkpoints;
  }

  Path path() {
    return file;
  }

  /** The saved positions of {@code mappingId} in the stream {@code streamArn}; null if it has none there. */
  synchronized MappingPosition get(String mappingId, String streamArn) {
    MappingPosition position = mappings.get(mappingId);
    return position != null && position.streamArn().equals(streamArn) ? position : null;
  }

  /** Replaces the mapping's positions and writes the file; after {@link #close()}, does nothing. */
  synchronized void save(String mappingId, MappingPosition position) {
    if (closed) {
      return;
    }
    mappings.put(mappingId, position);
    write();
  }

  /** No more writes: the data directory may belong to another runtime after this one stopped. */
  synchronized void close() {
    closed = true;
  }

  private void load() {
    if (!Files.exists(file)) {
      return;
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("can't read the stream checkpoints in " + file + " (" + e.getMessage()
          + "); move it away and the mappings start from their StartingPosition again", e);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("mappings").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> mapping = it.next();
      Map<String, ShardPosition> shards = new LinkedHashMap<>();
      mapping.getValue().path("shards").fields().forEachRemaining(shard -> shards.put(shard.getKey(),
          new ShardPosition(shard.getValue().hasNonNull("sequenceNumber")
              ? shard.getValue().get("sequenceNumber").asText() : null, shard.getValue().path("finished").asBoolean())));
      mappings.put(mapping.getKey(), new MappingPosition(mapping.getValue().path("streamArn").asText(), shards));
    }
  }

  private void write() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode list = root.putObject("mappings");
    mappings.forEach((id, position) -> {
      ObjectNode mapping = list.putObject(id);
      mapping.put("streamArn", position.streamArn());
      ObjectNode shards = mapping.putObject("shards");
      position.shards().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(shard -> shards
          .putObject(shard.getKey())
          .put("sequenceNumber", shard.getValue().sequenceNumber())
          .put("finished", shard.getValue().finished()));
    });
    try {
      OwnerOnlyFile.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    } catch (IOException e) {
      throw new UncheckedIOException("can't write the stream checkpoints to " + file, e);
    }
  }

}
