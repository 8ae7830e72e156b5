package com.modelregistry.local;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to start a {@link LocalRuntime}.
 *
 * @param host the interface the API listens on
 * @param port the API's port; 0 picks a free one
 * @param s3Port the S3 server's port (always on 127.0.0.1); 0 picks a free one
 * @param dataDir where DynamoDB's database, the S3 objects and the generated principals live
 * @param principalsFile a principals JSON file; null: {@code <dataDir>/principals.json}, generated if absent
 * @param templateFile a SAM template; null: the template packaged into the jar
 */
public record Options(String host, int port, int s3Port, Path dataDir, Path principalsFile, Path templateFile) {

  public Options {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDir, "dataDir");
    checkPort(port, "port");
    checkPort(s3Port, "s3Port");
  }

  /** 127.0.0.1:8080, S3 on a free port, ./registry-data, generated principals, the packaged template. */
  public static Options defaults() {
    return new Options("127.0.0.1", 8080, 0, Path.of("registry-data"), null, null);
  }

  public Options withHost(String host) {
    return new Options(host, port, s3Port, dataDir, principalsFile, templateFile);
  }

  public Options withPort(int port) {
    return new Options(host, port, s3Port, dataDir, principalsFile, templateFile);
  }

  public Options withS3Port(int s3Port) {
    return new Options(host, port, s3Port, dataDir, principalsFile, templateFile);
  }

  public Options withDataDir(Path dataDir) {
    return new Options(host, port, s3Port, dataDir, principalsFile, templateFile);
  }

  public Options withPrincipalsFile(Path principalsFile) {
    return new Options(host, port, s3Port, dataDir, principalsFile, templateFile);
  }

  public Options withTemplateFile(Path templateFile) {
    return new Options(host, port, s3Port, dataDir, principalsFile, templateFile);
  }

  private static void checkPort(int port, String name) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + " must be between 0 and 65535, got " + port);
    }
  }
}
