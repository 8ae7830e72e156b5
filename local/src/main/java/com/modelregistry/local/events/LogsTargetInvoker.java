package com.modelregistry.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.modelregistry.local.aws.JsonLinesFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delivers to a CloudWatch Logs log group ({@code arn:aws:logs:...:log-group:<name>[:*]}) by appending
 * the target's input (the event, unless Input or InputPath say otherwise) as one JSON line to
 * {@code <logs-dir>/<name>.jsonl}, the name made safe for a file name: every character other than a
 * letter, digit, {@code .}, {@code _} or {@code -} becomes {@code _}, and leading ones are dropped
 * ({@code /aws/events/deployments} → {@code aws_events_deployments.jsonl}). As on AWS, the log group needs
 * no resource of its own.
 */
final class LogsTargetInvoker implements TargetInvoker {

  private final Path directory;
  private final Map<String, JsonLinesFile> files = new ConcurrentHashMap<>();

  LogsTargetInvoker(Path directory) {
    this.directory = directory;
  }

  @Override
  public void deliver(EventTarget target, JsonNode input) throws DeliveryFailure {
    String group = TargetKind.logGroupName(target.arn());
    if (group == null) {
      throw new DeliveryFailure(target.arn() + " names no log group", false);
    }
    try {
      files.computeIfAbsent(fileName(group), name -> new JsonLinesFile(directory.resolve(name))).append(input);
    } catch (UncheckedIOException e) {
      throw new DeliveryFailure("can't append to the log group's file: " + e.getMessage(), true);
    }
  }

  /** The file a log group's events go to, e.g. {@code aws_events_deployments.jsonl}. */
  static String fileName(String logGroupName) {
    String safe = logGroupName.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[_.]+", "");
    return (safe.isEmpty() ? "_" : safe) + ".jsonl";
  }
}
