package com.modelregistry.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
}
