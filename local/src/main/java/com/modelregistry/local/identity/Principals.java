package com.modelregistry.local.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The local runtime's users and their bearer tokens, read from a JSON file:
 * {@code {"principals":[{"name":"ann","email":"ann@example.com","roles":["approver"],"token":"..."}]}}.
 */
public final class Principals {

  /** The file generated in (and reused from) the data directory when no --config is given. */
  public static final String DEFAULT_FILE_NAME = "principals.json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS = Set.of("name", "email", "roles", "token");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path source;
  private final List<Principal> principals;
  private final Map<String, Principal> byToken = new HashMap<>();

  private Principals(Path source, List<Principal> principals) {
    this.source = source;
    this.principals = List.copyOf(principals);
    principals.forEach(principal -> byToken.put(principal.token(), principal));
  }

  /** Reads and validates a principals file. */
  public static Principals load(Path file) {
    Path source = file.toAbsolutePath().normalize();
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(source));
    } catch (NoSuchFileException e) {
      throw new PrincipalsException("principals file " + source + " does not exist");
    } catch (JsonProcessingException e) {
      throw new PrincipalsException(source + " is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("can't read principals file " + source, e);
    }
    return new Principals(source, parse(source, root));
  }

  /**
   * Reads {@code <dataDir>/principals.json}, or creates it (owner-only permissions) with fresh random
   * tokens for admin, publisher, approver-1, approver-2 and reader. Restarts keep the tokens.
   */
  public static Principals loadOrGenerate(Path dataDir) {
    Path file = dataDir.resolve(DEFAULT_FILE_NAME);
    if (Files.exists(file)) {
      return load(file);
    }
    List<Principal> generated = List.of(
        generate("admin", "admin"),
        generate("publisher", "publisher"),
        generate("approver-1", "approver"),
        generate("approver-2", "approver"),
        generate("reader", "reader"));
    write(file, generated);
    return new Principals(file.toAbsolutePath().normalize(), generated);
  }

  public List<Principal> all() {
    return principals;
  }

  public Optional<Principal> byToken(String token) {
    return Optional.ofNullable(byToken.get(token));
  }

  public Optional<Principal> byName(String name) {
    return principals.stream().filter(principal -> principal.name().equals(name)).findFirst();
  }

  /** The file the tokens are in (shown to users who send none). */
  public Path source() {
    return source;
  }

  private static List<Principal> parse(Path source, JsonNode root) {
    JsonNode entries = root == null ? null : root.get("principals");
    if (entries == null || !entries.isArray() || entries.isEmpty()) {
      throw new PrincipalsException(source + ": expected {\"principals\": [ ... ]} with at least one principal");
    }
    List<Principal> principals = new ArrayList<>();
    Map<String, String> namesByToken = new HashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      String where = source + ": principals[" + i + "]";
      Principal principal = principal(where, entries.get(i));
      if (principals.stream().anyMatch(other -> other.name().equals(principal.name()))) {
        throw new PrincipalsException(where + ": name '" + principal.name() + "' is used twice");
      }
      String owner = namesByToken.putIfAbsent(principal.token(), principal.name());
      if (owner != null) {
        throw new PrincipalsException(where + ": '" + principal.name() + "' has the same token as '" + owner + "'");
      }
      principals.add(principal);
    }
    return principals;
  }

  private static Principal principal(String where, JsonNode entry) {
    if (!entry.isObject()) {
      throw new PrincipalsException(where + ": expected an object {name, email, roles, token}");
    }
    for (Iterator<String> fields = entry.fieldNames(); fields.hasNext(); ) {
      String field = fields.next();
      if (!FIELDS.contains(field)) {
        throw new PrincipalsException(where + ": unknown field '" + field + "' (allowed: name, email, roles, token)");
      }
    }
    String name = text(where, entry, "name");
    String email = text(where, entry, "email");
    if (!email.matches("[^@\\s]+@[^@\\s]+")) {
      throw new PrincipalsException(where + ": email '" + email + "' is not an email address");
    }
    String token = text(where, entry, "token");
    if (token.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
      throw new PrincipalsException(where + ": token of '" + name + "' must be printable ASCII without spaces");
    }
    JsonNode roleNodes = entry.get("roles");
    if (roleNodes == null || !roleNodes.isArray() || roleNodes.isEmpty()) {
      throw new PrincipalsException(where + ": roles must be a non-empty list of " + String.join(", ", Principal.ROLES));
    }
    List<String> roles = new ArrayList<>();
    for (JsonNode role : roleNodes) {
      if (!role.isTextual() || !Principal.ROLES.contains(role.asText())) {
        throw new PrincipalsException(where + ": unknown role " + role + " (allowed: " + String.join(", ", Principal.ROLES) + ")");
      }
      roles.add(role.asText());
    }
    return new Principal(name, email, roles, token);
  }

  private static String text(String where, JsonNode entry, String field) {
    JsonNode value = entry.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new PrincipalsException(where + ": " + field + " must be a non-empty string");
    }
    return value.asText();
  }

  private static Principal generate(String name, String role) {
    byte[] token = new byte[32];
    RANDOM.nextBytes(token);
    return new Principal(name, name + "@example.com", List.of(role),
        Base64.getUrlEncoder().withoutPadding().encodeToString(token));
  }

  private static void write(Path file, List<Principal> principals) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode entries = root.putArray("principals");
    for (Principal principal : principals) {
      ObjectNode entry = entries.addObject();
      entry.put("name", principal.name());
      entry.put("email", principal.email());
      principal.roles().forEach(entry.putArray("roles")::add);
      entry.put("token", principal.token());
    }
    try {
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(temporary);
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("can't write " + file, e);
    }
  }
}
