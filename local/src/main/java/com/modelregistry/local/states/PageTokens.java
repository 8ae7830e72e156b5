package com.modelregistry.local.states;

import com.modelregistry.local.aws.AwsServiceError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code nextToken} of list operations: which listing it continues (so a token can't be
 * replayed against another one) and where.
 */
final class PageTokens {

  private PageTokens() {}

  static String encode(String listing, String position) {
    String content = listing + "\n" + position;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(content.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @throws AwsServiceError {@code InvalidToken} if the token is not one of this listing's
   */
  static String decode(String listing, String token) {
    try {
      String content = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int newline = content.indexOf('\n');
      if (newline > 0 && content.substring(0, newline).equals(listing)) {
        return content.substring(newline + 1);
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new AwsServiceError("InvalidToken", "Invalid Token: 'Invalid pagination token'");
  }
}
