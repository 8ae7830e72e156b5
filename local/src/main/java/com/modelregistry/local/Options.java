package com.modelregistry.local;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * @param parameterOverrides values for the template's Parameters, like {@code sam deploy --parameter-overrides}:
 *     a Ref to a parameter resolves to its override, else to its Default. Checked against the template's
 *     declarations and constraints when the runtime starts.
 * @param awsPort the port of the one AWS endpoint (Step Functions, EventBridge, SES v2, Secrets Manager; always on
 *     127.0.0.1), like LocalStack's 4566; 0 picks a free one
 */
public record Options(String host, int port, int s3Port, Path dataDir, Path principalsFile, Path templateFile,
    Map<String, String> parameterOverrides, int awsPort) {

  /** LocalStack's port, so that tools and habits made for LocalStack work unchanged. */
  public static final int DEFAULT_AWS_PORT = 4566;

  public Options {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDir, "dataDir");
    checkPort(port, "port");
    checkPort(s3Port, "s3Port");
    checkPort(awsPort, "awsPort");
    Map<String, String> copy = new LinkedHashMap<>();
    if (parameterOverrides != null) {
      parameterOverrides.forEach((name, value) -> {
        checkParameterName(name);
        copy.put(name, Objects.requireNonNull(value, "value of parameter " + name));
      });
    }
    parameterOverrides = Collections.unmodifiableMap(copy);
  }

  /** Options without parameter overrides, the AWS endpoint on {@value #DEFAULT_AWS_PORT}. */
  public Options(String host, int port, int s3Port, Path dataDir, Path principalsFile, Path templateFile) {
    this(host, port, s3Port, dataDir, principalsFile, templateFile, Map.of());
  }

  /** Options with the AWS endpoint on {@value #DEFAULT_AWS_PORT}. */
  public Options(String host, int port, int s3Port, Path dataDir, Path principalsFile, Path templateFile,
      Map<String, String> parameterOverrides) {
    this(host, port, s3Port, dataDir, principalsFile, templateFile, parameterOverrides, DEFAULT_AWS_PORT);
  }

  /**
   * 127.0.0.1:8080, S3 on a free port, the AWS endpoint on 4566, ./registry-data, generated principals,
   * the packaged template, no overrides.
   */
  public static Options defaults() {
    return new Options("127.0.0.1", 8080, 0, Path.of("registry-data"), null, null, Map.of(), DEFAULT_AWS_PORT);
  }

  public Options withHost(String host) {
    return new Options(host, port, s3Port, dataDir, principalsFile, templateFile, parameterOverrides, awsPort);
  }

  public Options withPort(int port) {
    return new Options(host, port, s3Port, dataDir, principalsFile, templateFile, parameterOverrides, awsPort);
  }

  public Options withS3Port(int s3Port) {
    return new Options(host, port, s3Port, dataDir, principalsFile, templateFile, parameterOverrides, awsPort);
  }

  public Options withAwsPort(int awsPort) {
    return new Options(host, port, s3Port, dataDir, principalsFile, templateFile, parameterOverrides, awsPort);
  }

  public Options withDataDir(Path dataDir) {
    return new Options(host, port, s3Port, dataDir, principalsFile, templateFile, parameterOverrides, awsPort);
  }

  public Options withPrincipalsFile(Path principalsFile) {
    return new Options(host, port, s3Port, dataDir, principalsFile, templateFile, parameterOverrides, awsPort);
  }

  public Options withTemplateFile(Path templateFile) {
    return new Options(host, port, s3Port, dataDir, principalsFile, templateFile, parameterOverrides, awsPort);
  }

  /**
   * Overrides the template parameter {@code name} (a later value for the same name replaces the earlier
   * one). Whether the template declares it and the value meets its constraints is checked at start.
   */
  public Options withParameter(String name, String value) {
    Map<String, String> overrides = new LinkedHashMap<>(parameterOverrides);
    overrides.remove(name);
    overrides.put(name, Objects.requireNonNull(value, "value of parameter " + name));
    return new Options(host, port, s3Port, dataDir, principalsFile, templateFile, overrides, awsPort);
  }

  private static void checkPort(int port, String name) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + " must be between 0 and 65535, got " + port);
    }
  }

  private static void checkParameterName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a parameter override needs a name");
    }
  }
}
