package com.modelregistry.local.aws;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A service that speaks one of AWS's JSON protocols (awsJson1_0, awsJson1_1): every call is a POST to
 * "/" with header {@code X-Amz-Target: <targetPrefix>.<Operation>} and a JSON body; the answer is a
 * JSON body, or an {@link AwsServiceError}.
 */
public interface AwsJsonService {

  /** e.g. {@code AWSStepFunctions} or {@code AWSEvents}. */
  String targetPrefix();

  /** {@code application/x-amz-json-1.0} or {@code application/x-amz-json-1.1}. */
  String contentType();

  /** How the runtime names the service to people (banner, logs), e.g. {@code Step Functions}. */
  default String displayName() {
    return targetPrefix();
  }

  /**
   * Runs one operation with AWS's request shape and returns AWS's response shape.
   *
   * @throws AwsServiceError for every error the real service would answer with (unknown operation:
   *     {@code UnknownOperationException}; bad input: {@code ValidationException} or the service's own type)
   */
  JsonNode handle(String operation, JsonNode input);
}
