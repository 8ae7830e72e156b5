package com.modelregistry.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineTest {

  @Test
  void givenNoArguments_thenTheDefaultsApply() {
    CommandLine commandLine = CommandLine.parse();

    assertEquals(Options.defaults(), commandLine.options());
    assertEquals(8080, commandLine.options().port());
    assertEquals("127.0.0.1", commandLine.options().host());
    assertEquals(Path.of("registry-data"), commandLine.options().dataDir());
    assertNull(commandLine.options().principalsFile());
    assertFalse(commandLine.help());
    assertFalse(commandLine.debug());
  }

  @Test
  void givenEveryOption_thenEachIsRead() {
    CommandLine commandLine = CommandLine.parse("--port", "18080", "--host=0.0.0.0", "--data-dir", "/tmp/x",
        "--config", "p.json", "--s3-port=9000", "--template", "t.yaml", "--debug");

    assertEquals(new Options("0.0.0.0", 18080, 9000, Path.of("/tmp/x"), Path.of("p.json"), Path.of("t.yaml")),
        commandLine.options());
    assertTrue(commandLine.debug());
    assertTrue(CommandLine.parse("--help").help());
  }

  @Test
  void givenBadArguments_thenTheErrorSaysWhich() {
    assertEquals("unknown option --prot (see --help)",
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--prot", "1")).getMessage());
    assertEquals("--port must be a port number between 0 and 65535, got '70000'",
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--port", "70000")).getMessage());
    assertEquals("--data-dir needs a value (see --help)",
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--data-dir")).getMessage());
  }

  @Test
  void givenRepeatedParameterOptions_thenEachBecomesAnOverrideInOrder() {
    CommandLine commandLine = CommandLine.parse("--parameter", "MultipartThresholdBytes=5242880",
        "--parameter=LogRetentionDays=7", "--parameter", "JwtIssuer=https://issuer.example/a=b", "--parameter", "Empty=");

    assertTrue(Options.defaults().parameterOverrides().isEmpty());
    assertEquals(List.of("MultipartThresholdBytes", "LogRetentionDays", "JwtIssuer", "Empty"),
        List.copyOf(commandLine.options().parameterOverrides().keySet()));
    assertEquals("5242880", commandLine.options().parameterOverrides().get("MultipartThresholdBytes"));
    assertEquals("7", commandLine.options().parameterOverrides().get("LogRetentionDays"));
    assertEquals("https://issuer.example/a=b", commandLine.options().parameterOverrides().get("JwtIssuer"),
        "only the first '=' separates name and value");
    assertEquals("", commandLine.options().parameterOverrides().get("Empty"), "an empty value is a value");
  }

  @Test
  void givenTheSameParameterTwice_thenTheLastValueWins() {
    Options options = CommandLine.parse("--parameter", "LogRetentionDays=7", "--parameter", "LogRetentionDays=14").options();

    assertEquals(Map.of("LogRetentionDays", "14"), options.parameterOverrides());
    assertEquals(options, Options.defaults().withParameter("LogRetentionDays", "14"));
  }

  @Test
  void givenAParameterWithoutNameOrEquals_thenTheErrorShowsTheForm() {
    assertEquals("--parameter needs NAME=VALUE, e.g. --parameter MultipartThresholdBytes=5242880, got 'LogRetentionDays'",
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--parameter", "LogRetentionDays")).getMessage());
    assertEquals("--parameter needs NAME=VALUE, e.g. --parameter MultipartThresholdBytes=5242880, got '=7'",
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--parameter==7")).getMessage());
    assertEquals("--parameter needs a value (see --help)",
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--parameter")).getMessage());
    assertTrue(CommandLine.USAGE.contains("--parameter NAME=VALUE"), CommandLine.USAGE);
  }

  @Test
  void givenOptionsWithOverrides_thenTheyAreKeptByOtherWithMethodsAndImmutable() {
    Options options = Options.defaults().withParameter("A", "1").withPort(0).withDataDir(Path.of("d"));

    assertEquals(Map.of("A", "1"), options.parameterOverrides());
    assertThrows(UnsupportedOperationException.class, () -> options.parameterOverrides().put("B", "2"));
    assertEquals(Map.of(), new Options("h", 1, 2, Path.of("d"), null, null).parameterOverrides());
  }
}
