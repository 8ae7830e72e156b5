package com.modelregistry.local.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrincipalsTest {

  @TempDir
  Path dir;

  private Path file(String json) throws Exception {
    return Files.writeString(dir.resolve("principals.json"), json);
  }

  private String error(String json) throws Exception {
    Path file = file(json);
    return assertThrows(PrincipalsException.class, () -> Principals.load(file)).getMessage();
  }

  @Test
  void givenAValidFile_whenLoading_thenTokensMapToPrincipals() throws Exception {
    Principals principals = Principals.load(file("""
        {"principals": [
          {"name": "ann", "email": "ann@example.com", "roles": ["approver", "publisher"], "token": "ann-token"},
          {"name": "bob", "email": "bob@example.com", "roles": ["reader"], "token": "bob-token"}]}
        """));

    Principal ann = principals.byToken("ann-token").orElseThrow();
    assertEquals("ann", ann.name());
    assertEquals(List.of("approver", "publisher"), ann.roles());
    assertTrue(principals.byToken("nobody").isEmpty());
    assertEquals(dir.resolve("principals.json").toAbsolutePath(), principals.source());
    assertEquals(Map.of("sub", "ann", "name", "ann", "email", "ann@example.com", "cognito:groups", "[approver publisher]"),
        ann.claims("cognito:groups"));
  }

  @Test
  void givenAnUnknownRole_thenTheErrorListsTheAllowedOnes() throws Exception {
    String message = error("""
        {"principals": [{"name": "ann", "email": "ann@example.com", "roles": ["aprover"], "token": "t"}]}""");

    assertTrue(message.endsWith("principals[0]: unknown role \"aprover\" (allowed: reader, publisher, approver, admin)"), message);
  }

  @Test
  void givenDuplicateNamesOrTokens_thenTheErrorNamesThem() throws Exception {
    assertTrue(error("""
        {"principals": [{"name": "ann", "email": "a@x.io", "roles": ["reader"], "token": "t1"},
                        {"name": "ann", "email": "b@x.io", "roles": ["reader"], "token": "t2"}]}""")
        .endsWith("principals[1]: name 'ann' is used twice"));
    assertTrue(error("""
        {"principals": [{"name": "ann", "email": "a@x.io", "roles": ["reader"], "token": "same"},
                        {"name": "bob", "email": "b@x.io", "roles": ["reader"], "token": "same"}]}""")
        .endsWith("principals[1]: 'bob' has the same token as 'ann'"));
  }

  @Test
  void givenMalformedEntries_thenTheErrorsSayWhatIsWrong() throws Exception {
    assertTrue(error("{\"principals\": [{\"name\": \"ann\", \"email\": \"a@x.io\", \"role\": [\"reader\"], \"token\": \"t\"}]}")
        .endsWith("principals[0]: unknown field 'role' (allowed: name, email, roles, token)"));
    assertTrue(error("{\"principals\": [{\"name\": \"ann\", \"email\": \"a@x.io\", \"roles\": [], \"token\": \"t\"}]}")
        .endsWith("principals[0]: roles must be a non-empty list of reader, publisher, approver, admin"));
    assertTrue(error("{\"principals\": [{\"name\": \"ann\", \"email\": \"nope\", \"roles\": [\"reader\"], \"token\": \"t\"}]}")
        .endsWith("principals[0]: email 'nope' is not an email address"));
    assertTrue(error("{\"principals\": [{\"name\": \"ann\", \"email\": \"a@x.io\", \"roles\": [\"reader\"], \"token\": \"a b\"}]}")
        .endsWith("principals[0]: token of 'ann' must be printable ASCII without spaces"));
    assertTrue(error("{\"principals\": [{\"email\": \"a@x.io\", \"roles\": [\"reader\"], \"token\": \"t\"}]}")
        .endsWith("principals[0]: name must be a non-empty string"));
    assertTrue(error("{\"users\": []}").endsWith("expected {\"principals\": [ ... ]} with at least one principal"));
    assertTrue(error("{\"principals\": [").contains("is not valid JSON"));
  }

  @Test
  void givenNoFile_whenLoading_thenTheErrorNamesIt() {
    Path missing = dir.resolve("missing.json");

    PrincipalsException error = assertThrows(PrincipalsException.class, () -> Principals.load(missing));

    assertEquals("principals file " + missing + " does not exist", error.getMessage());
  }

  @Test
  void givenAnEmptyDataDir_whenLoadingOrGenerating_thenFivePrincipalsAreWrittenOwnerOnlyAndKept() throws Exception {
    Principals generated = Principals.loadOrGenerate(dir);

    assertEquals(List.of("admin", "publisher", "approver-1", "approver-2", "reader"),
        generated.all().stream().map(Principal::name).toList());
    assertEquals(List.of("approver"), generated.byName("approver-2").orElseThrow().roles());
    assertEquals("approver-1@example.com", generated.byName("approver-1").orElseThrow().email());
    assertTrue(generated.all().stream().allMatch(p -> p.token().matches("[A-Za-z0-9_-]{43}")));
    Path file = dir.resolve(Principals.DEFAULT_FILE_NAME);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

    Principals reloaded = Principals.loadOrGenerate(dir);

    assertEquals(generated.all(), reloaded.all());
  }
}
