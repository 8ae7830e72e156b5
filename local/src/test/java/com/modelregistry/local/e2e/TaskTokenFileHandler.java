package com.modelregistry.local.e2e;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Lambda function of a {@code lambda:invoke.waitForTaskToken} task in {@code e2e/step-functions-restart.yaml}:
 * it "asks a human for approval" by writing the task token into the file named by the execution input's
 * {@code tokenFile}, so that a test in another JVM can pick it up. The token file appears all at once
 * (written next to it, then renamed); each call also appends a line to {@code <tokenFile>.calls}, so the
 * test can count the invocations.
 *
 * <p>Runs inside the packaged runtime (started with {@code target/test-classes} on its class path), which
 * instantiates it through its public no-argument constructor.
 */
public final class TaskTokenFileHandler implements RequestHandler<TaskTokenFileHandler.Payload, Map<String, Object>> {

  @Override
  public Map<String, Object> handleRequest(Payload payload, Context context) {
    if (payload == null || payload.token == null || payload.input == null || payload.input.tokenFile == null) {
      throw new IllegalArgumentException("expected {\"token\": ..., \"input\": {\"tokenFile\": ...}}");
    }
    Path tokenFile = Path.of(payload.input.tokenFile);
    try {
      Files.writeString(Path.of(payload.input.tokenFile + ".calls"), context.getFunctionName() + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      Path partial = tokenFile.resolveSibling(tokenFile.getFileName() + ".partial");
      Files.writeString(partial, payload.token, StandardCharsets.UTF_8);
      Files.move(partial, tokenFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("approvalRequested", true);
    response.put("model", payload.input.model);
    return response;
  }

  /** {@code {"token": "$$.Task.Token", "input": "$"}} as the state machine's Parameters build it. */
  public static final class Payload {
    public String token;
    public Input input;
  }

  /** The execution's input; unknown fields are ignored, as Lambda's serializer does. */
  public static final class Input {
    public String tokenFile;
    public String model;
  }
}
