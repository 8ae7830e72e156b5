package com.modelregistry.local.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes test-template.yaml (optionally edited) to a file a LocalRuntime can be pointed at. */
public final class TestTemplates {

  private TestTemplates() {}

  public static Path write(Path directory) {
    return write(directory, text());
  }

  public static Path write(Path directory, String templateText) {
    try {
      Files.createDirectories(directory);
      return Files.writeString(directory.resolve("template.yaml"), templateText);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String text() {
    try (InputStream in = TestTemplates.class.getResourceAsStream("/test-template.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
