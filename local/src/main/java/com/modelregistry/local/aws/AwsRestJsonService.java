package com.modelregistry.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A service that speaks AWS's REST-JSON protocol (restJson1), such as SES v2: each operation is an HTTP
 * method and path (e.g. {@code POST /v2/email/outbound-emails}) with a JSON body; errors carry their type
 * in the {@code x-amzn-ErrorType} header and a {@code {"message": ...}} body.
 */
public interface AwsRestJsonService {

  /** How the runtime names the service to people, e.g. {@code SES v2}. */
  String displayName();

  /** The operation {@code method} and {@code path} name (e.g. {@code SendEmail}), or empty if this service has none. */
  Optional<String> operation(String method, String path);

  /**
   * Runs one operation and returns AWS's response shape (answered with 200).
   *
   * @throws AwsServiceError for every error the real service would answer with
   */
  JsonNode handle(String operation, AwsRestRequest request);
}
