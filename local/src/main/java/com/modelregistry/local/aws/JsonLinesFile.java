package com.modelregistry.local.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only file of JSON objects, one per line, as the local services keep their records (event
 * log, dead letters, outbox). A line cut short by a crash is skipped when reading, and the next append
 * starts on a fresh line.
 */
public final class JsonLinesFile {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  public JsonLinesFile(Path file) {
    this.file = file.toAbsolutePath().normalize();
    try {
      Files.createDirectories(this.file.getParent());
      terminateLastLine();
    } catch (IOException e) {
      throw new UncheckedIOException("can't prepare " + this.file, e);
    }
  }

  public Path path() {
    return file;
  }

  /** Appends one record as a line. */
  public synchronized void append(JsonNode record) {
    byte[] line;
    try {
      line = (JSON.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serializable as JSON: " + e.getOriginalMessage(), e);
    }
    try {
      Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("can't append to " + file, e);
    }
  }

  /** Every complete record, oldest first. */
  public synchronized List<ObjectNode> readAll() {
    List<ObjectNode> records = new ArrayList<>();
    if (!Files.exists(file)) {
      return records;
    }
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        try {
          JsonNode record = JSON.readTree(line);
          if (record instanceof ObjectNode object) {
            records.add(object);
          }
        } catch (JsonProcessingException e) {
          // A line cut short by a crash: the records before and after it still count.
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("can't read " + file, e);
    }
    return records;
  }

  private void terminateLastLine() throws IOException {
    if (!Files.exists(file) || Files.size(file) == 0) {
      return;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer last = ByteBuffer.allocate(1);
      channel.read(last, channel.size() - 1);
      if (last.get(0) != '\n') {
        channel.write(ByteBuffer.wrap(new byte[] {'\n'}), channel.size());
      }
    }
  }
}
