package com.modelregistry.local.states;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Task tokens of {@code .waitForTaskToken} tasks: opaque to callers, they name the execution and the
 * task attempt they belong to, plus a random part so that no token can be guessed. The execution keeps
 * the token of its current task; a token matches only while that task waits.
 */
final class TaskTokens {

  private static final String VERSION = "sfn-local-1";
  private static final SecureRandom RANDOM = new SecureRandom();

  private TaskTokens() {}

  static String issue(String executionArn, long attempt) {
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    String content = VERSION + "\n" + executionArn + "\n" + attempt + "\n" + HexFormat.of().formatHex(nonce);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(content.getBytes(StandardCharsets.UTF_8));
  }

  /** The execution a token names, or empty if the text is not a token this service issued. */
  static Optional<String> executionArn(String token) {
    try {
      String content = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      String[] parts = content.split("\n");
      if (parts.length == 4 && parts[0].equals(VERSION) && parts[1].startsWith("arn:aws:states:")) {
        return Optional.of(parts[1]);
      }
    } catch (IllegalArgumentException e) {
      // not Base64: not ours
    }
    return Optional.empty();
  }
}
