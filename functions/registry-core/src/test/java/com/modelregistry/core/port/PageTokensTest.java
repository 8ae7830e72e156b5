package com.modelregistry.core.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.modelregistry.core.ErrorCode;
import com.modelregistry.core.RegistryException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PageTokensTest {

  @Test
  void givenPosition_whenEncodedAndDecoded_thenItComesBackEqual() {
    Map<String, String> position = Map.of("pk", "MODEL#123", "sk", "V#0000000042");

    String token = PageTokens.encode("versions/123", position);

    assertEquals(position, PageTokens.decode("versions/123", token));
  }

  @Test
  void givenPosition_whenEncoded_thenTheTokenIsUrlSafeWithoutPadding() {
    String token = PageTokens.encode("models", Map.of("after", "a/b?c=d&e~~~~>>>"));

    assertTrue(token.matches("[A-Za-z0-9_-]+"), token);
  }

  @Test
  void givenTokenOfAnotherListing_whenDecoded_thenInvalidArgument() {
    String token = PageTokens.encode("versions/model-1", Map.of("after", "3"));

    assertInvalid("versions/model-2", token);
    assertInvalid("models", token);
  }

  @ParameterizedTest
  @ValueSource(strings = {"not base64!", "%%%", "bm90IGpzb24" /* "not json" */, "WzEsMl0" /* [1,2] */,
      "bnVsbA" /* null */, "eyJsIjoibW9kZWxzIn0" /* {"l":"models"} */,
      "eyJsIjoibW9kZWxzIiwicCI6WzFdfQ" /* {"l":"models","p":[1]} */,
      "eyJsIjoibW9kZWxzIiwicCI6eyJhIjp7IngiOjF9fX0" /* {"l":"models","p":{"a":{"x":1}}} */})
  void givenMalformedToken_whenDecoded_thenInvalidArgumentWithAnActionableMessage(String token) {
    RegistryException e = assertInvalid("models", token);

    assertTrue(e.getMessage().contains("nextPageToken"), e.getMessage());
  }

  @Test
  void givenHandMadeTokenOfTheRightShape_whenDecoded_thenItIsAccepted() {
    String json = "{\"l\":\"models\",\"p\":{\"after\":\"fraud\"}}";
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));

    assertEquals(Map.of("after", "fraud"), PageTokens.decode("models", token));
  }

  private static RegistryException assertInvalid(String listing, String token) {
    RegistryException e = assertThrows(RegistryException.class, () -> PageTokens.decode(listing, token));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    return e;
  }
}
