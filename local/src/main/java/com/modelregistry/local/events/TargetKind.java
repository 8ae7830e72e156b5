package com.modelregistry.local.events;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * What a target's {@code Arn} points at, as far as the local runtime delivers to it. Besides ARNs the
 * local runtime accepts, as an extension, an {@code http://} or {@code https://} URL on this machine
 * (127.0.0.1, localhost, [::1]) as the Arn: the event is POSTed there (on AWS that takes an API
 * destination and a connection).
 */
enum TargetKind {
  LAMBDA,
  STEP_FUNCTIONS,
  HTTP,
  /** A CloudWatch Logs log group: the event is appended to a JSON-lines file per group. */
  LOGS,
  /** A valid ARN of a service the local runtime does not deliver to (SQS, SNS, ...). */
  UNSUPPORTED;

  static TargetKind of(String arn) {
    if (arn.startsWith("arn:aws:lambda:")) {
      return LAMBDA;
    }
    if (arn.startsWith("arn:aws:states:") && arn.contains(":stateMachine:")) {
      return STEP_FUNCTIONS;
    }
    if (isLocalHttpUrl(arn)) {
      return HTTP;
    }
    if (logGroupName(arn) != null) {
      return LOGS;
    }
    return UNSUPPORTED;
  }

  /**
   * The log group's name in {@code arn:aws:logs:<region>:<account>:log-group:<name>} (with or without
   * the {@code :*} that {@code Fn::GetAtt LogGroup.Arn} ends with), or null if {@code arn} names no log group.
   */
  static String logGroupName(String arn) {
    String marker = ":log-group:";
    int at = arn.indexOf(marker);
    if (!arn.startsWith("arn:aws:logs:") || at < 0) {
      return null;
    }
    String name = arn.substring(at + marker.length());
    if (name.endsWith(":*")) {
      name = name.substring(0, name.length() - 2);
    }
    return name.matches("[\\w./#-]{1,512}") ? name : null;
  }

  /** Why the local runtime refuses {@code arn} as a target, or null when it takes it. */
  static String problemWith(String arn) {
    if (arn.startsWith("http://") || arn.startsWith("https://")) {
      return isLocalHttpUrl(arn) ? null
          : "Parameter " + arn + " is not valid. Reason: the local runtime delivers only to http(s) URLs on this "
              + "machine (127.0.0.1, localhost, [::1]).";
    }
    if (!arn.matches("arn:aws[\\w-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]*:.+")) {
      return "Parameter " + arn + " is not valid. Reason: Provided Arn is not in correct format.";
    }
    if (arn.startsWith("arn:aws:logs:") && logGroupName(arn) == null) {
      return "Parameter " + arn + " is not valid. Reason: a CloudWatch Logs target must be a log group, "
          + "arn:aws:logs:<region>:<account>:log-group:<name>[:*] (as Fn::GetAtt LogGroup.Arn gives it).";
    }
    return null;
  }

  private static boolean isLocalHttpUrl(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https"))
          && (host.equals("localhost") || host.equals("[::1]") || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}"));
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
