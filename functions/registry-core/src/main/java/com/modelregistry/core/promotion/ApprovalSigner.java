package com.modelregistry.core.promotion;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs approval links: {@code sig} = HMAC-SHA256 over the approval id, the approver and the expiry, so a
 * link can't be forged, moved to another approver or extended. The CSRF token of the confirmation page is
 * an HMAC over the id and the signature: only a page the registry rendered can post the decision.
 */
public final class ApprovalSigner {
  private final byte[] key;

  public ApprovalSigner(byte[] key) {
    if (key == null || key.length < 32) {
      throw new IllegalArgumentException("the approval signing key must have at least 32 bytes");
    }
    this.key = key.clone();
  }

  public String sign(ApprovalRequest request) {
    return hmac("approval|" + request.id() + "|" + request.approver() + "|" + request.expiresAt().getEpochSecond());
  }

  public String csrfToken(ApprovalRequest request) {
    return hmac("csrf|" + request.id() + "|" + sign(request));
  }

  public boolean verify(ApprovalRequest request, String signature) {
    return constantTimeEquals(sign(request), signature);
  }

  public boolean verifyCsrf(ApprovalRequest request, String token) {
    return constantTimeEquals(csrfToken(request), token);
  }

  private static boolean constantTimeEquals(String expected, String given) {
    return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        given.getBytes(StandardCharsets.UTF_8));
  }

  private String hmac(String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
