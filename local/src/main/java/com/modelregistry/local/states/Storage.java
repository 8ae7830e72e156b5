package com.modelregistry.local.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.modelregistry.local.states.asl.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The service's directory: {@code state-machines/<name>.json} and
 * {@code executions/<state machine>/<execution>.json} (names percent-encoded). Every write goes to a
 * temporary file that is flushed to disk and renamed over the old one, so a crash leaves either the old
 * or the new content, never a torn file.
 */
final class Storage {

  private final Path stateMachines;
  private final Path executions;

  Storage(Path directory) {
    this.stateMachines = directory.resolve("state-machines");
    this.executions = directory.resolve("executions");
    try {
      Files.createDirectories(stateMachines);
      Files.createDirectories(executions);
    } catch (IOException e) {
      throw new UncheckedIOException("can't create the Step Functions directory " + directory, e);
    }
  }

  void save(StateMachine machine) {
    write(stateMachines.resolve(fileName(machine.name)), machine.toJson());
  }

  void delete(StateMachine machine) {
    try {
      Files.deleteIfExists(stateMachines.resolve(fileName(machine.name)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void save(Execution execution) {
    write(executions.resolve(encode(execution.stateMachineName)).resolve(fileName(execution.name)), execution.toJson());
  }

  List<StateMachine> loadStateMachines() {
    List<StateMachine> machines = new ArrayList<>();
    for (Path file : jsonFiles(stateMachines)) {
      machines.add(StateMachine.fromJson(read(file)));
    }
    return machines;
  }

  List<Execution> loadExecutions() {
    List<Execution> loaded = new ArrayList<>();
    try (Stream<Path> folders = Files.list(executions)) {
      for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
        for (Path file : jsonFiles(folder)) {
          loaded.add(Execution.fromJson(read(file)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return loaded;
  }

  private static List<Path> jsonFiles(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(file -> file.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode read(Path file) {
    try {
      return Json.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("can't read " + file, e);
    }
  }

  private static void write(Path file, JsonNode content) {
    try {
      Files.createDirectories(file.getParent());
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      byte[] bytes = Json.write(content).getBytes(StandardCharsets.UTF_8);
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("can't write " + file, e);
    }
  }

  private static String fileName(String name) {
    return encode(name) + ".json";
  }

  /** Names may hold any character but a few; files get letters, digits, '-' and '_' as is, the rest as %XX. */
  static String encode(String name) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(String.format("%02X", c));
      }
    }
    if (encoded.length() > 200) { // file names are limited to 255 bytes
      try {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
        return encoded.substring(0, 150) + "~" + java.util.HexFormat.of().formatHex(digest, 0, 8);
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
    return encoded.toString();
  }
}
