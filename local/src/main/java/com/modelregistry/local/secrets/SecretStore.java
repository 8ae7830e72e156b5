package com.modelregistry.local.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.OwnerOnlyFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The secrets' values in {@code <data-dir>/secrets/secrets.json}, readable by the owner only where the
 * file system has POSIX permissions (directory 700, file 600). Written whole to a temporary file, synced,
 * then renamed over the old one, so a crash leaves the old or the new file, never half of one.
 */
final class SecretStore {

  static final String FILE_NAME = "secrets.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  SecretStore(Path directory) {
    this.file = directory.toAbsolutePath().normalize().resolve(FILE_NAME);
  }

  Path file() {
    return file;
  }

  /** The stored secrets by name; none if the file does not exist yet. */
  Map<String, StoredSecret> load() {
    Map<String, StoredSecret> secrets = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return secrets;
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("can't read the local secrets in " + file + " (" + e.getMessage()
          + "); move it away to generate new secret values", e);
    }
    for (JsonNode secret : root.path("secrets")) {
      StoredSecret stored = new StoredSecret(secret.path("name").asText(), secret.path("arn").asText(),
          text(secret, "description"), text(secret, "versionId"), text(secret, "secretString"),
          Instant.parse(secret.path("createdDate").asText()), Instant.parse(secret.path("lastChangedDate").asText()),
          secret.path("source").asText());
      secrets.put(stored.name(), stored);
    }
    return secrets;
  }

  void save(Collection<StoredSecret> secrets) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("secrets");
    for (StoredSecret secret : secrets) {
      ObjectNode json = list.addObject();
      json.put("name", secret.name());
      json.put("arn", secret.arn());
      json.put("description", secret.description());
      json.put("versionId", secret.versionId());
      json.put("secretString", secret.secretString());
      json.put("createdDate", secret.createdDate().toString());
      json.put("lastChangedDate", secret.lastChangedDate().toString());
      json.put("source", secret.source());
    }
    try {
      OwnerOnlyFile.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    } catch (IOException e) {
      throw new UncheckedIOException("can't write the local secrets to " + file, e);
    }
  }



  private static String text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
