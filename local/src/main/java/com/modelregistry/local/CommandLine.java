package com.modelregistry.local;

import java.nio.file.Path;

/** The command line of {@code java -jar model-registry-local.jar}. */
record CommandLine(Options options, boolean help, boolean debug) {

  static final String USAGE = """
      Usage: java -jar model-registry-local.jar [options]

      Runs the Model Registry on this machine: the API's functions in-process, DynamoDB Local,
      an S3 server, Step Functions, EventBridge, SES v2 and Secrets Manager on one AWS endpoint,
      all provisioned from the SAM template. No AWS account, no Docker.

      Options:
        --port N          API port (default 8080; 0 = any free port)
        --host HOST       interface to listen on (default 127.0.0.1)
        --data-dir DIR    database, objects and generated tokens (default ./registry-data)
        --config FILE     principals JSON: {"principals":[{"name","email","roles":[...],"token"}]}
                          (default: DIR/principals.json, generated with random tokens)
        --s3-port N       S3 server port on 127.0.0.1 (default 0 = any free port)
        --aws-port N      the AWS endpoint on 127.0.0.1 for the SDK and the aws CLI (Step
                          Functions, EventBridge, SES v2, Secrets Manager), like LocalStack's
                          (default 4566; 0 = any free port)
        --template FILE   SAM template to run (default: the one packaged into the jar)
        --parameter NAME=VALUE
                          a value for one of the template's Parameters instead of its Default,
                          like `sam deploy --parameter-overrides`; repeat for several, e.g.
                          --parameter MultipartThresholdBytes=5242880 (checked against the
                          parameter's Type, MinValue/MaxValue, AllowedValues, AllowedPattern).
                          ApprovalBaseUrl, when the template declares it, defaults to this
                          runtime's own URL
        --debug           show stack traces of errors
        --help            this text
      """;

  /** @throws IllegalArgumentException for an unknown option or a bad value, with a message for the user */
  static CommandLine parse(String... args) {
    Options options = Options.defaults();
    boolean help = false;
    boolean debug = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value = null;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        value = arg.substring(equals + 1);
        arg = arg.substring(0, equals);
      }
      switch (arg) {
        case "--help", "-h" -> help = true;
        case "--debug" -> debug = true;
        case "--port" -> options = options.withPort(port(arg, value != null ? value : next(args, ++i, arg)));
        case "--s3-port" -> options = options.withS3Port(port(arg, value != null ? value : next(args, ++i, arg)));
        case "--aws-port" -> options = options.withAwsPort(port(arg, value != null ? value : next(args, ++i, arg)));
        case "--host" -> options = options.withHost(value != null ? value : next(args, ++i, arg));
        case "--data-dir" -> options = options.withDataDir(Path.of(value != null ? value : next(args, ++i, arg)));
        case "--config" -> options = options.withPrincipalsFile(Path.of(value != null ? value : next(args, ++i, arg)));
        case "--template" -> options = options.withTemplateFile(Path.of(value != null ? value : next(args, ++i, arg)));
        case "--parameter" -> options = parameter(options, arg, value != null ? value : next(args, ++i, arg));
        default -> throw new IllegalArgumentException("unknown option " + arg + " (see --help)");
      }
    }
    return new CommandLine(options, help, debug);
  }

  private static String next(String[] args, int index, String option) {
    if (index >= args.length || args[index].startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value (see --help)");
    }
    return args[index];
  }

  /** {@code NAME=VALUE}: the value may be empty and may contain '='; whether NAME exists is checked at start. */
  private static Options parameter(Options options, String option, String assignment) {
    int equals = assignment.indexOf('=');
    if (equals < 0 || assignment.substring(0, equals).isBlank()) {
      throw new IllegalArgumentException(option + " needs NAME=VALUE, e.g. " + option
          + " MultipartThresholdBytes=5242880, got '" + assignment + "'");
    }
    return options.withParameter(assignment.substring(0, equals).trim(), assignment.substring(equals + 1));
  }

  private static int port(String option, String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " must be a port number between 0 and 65535, got '" + value + "'");
  }
}
