package com.modelregistry.local.e2e;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.modelregistry.aws.AwsClients;
import com.modelregistry.aws.Config;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The HTTP function of {@code e2e/stream-restart.yaml}: {@code POST /items} with a body like {@code 4,5} puts the
 * outbox items {@code EVENT#0004} and {@code EVENT#0005} (and a version item) into the table in one transaction,
 * and answers 200 once it committed; any GET answers 200 (the test's readiness probe).
 */
public final class OutboxWriterHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  private final Config config;
  private final AwsClients clients;

  public OutboxWriterHandler(Config config, AwsClients clients) {
    this.config = config;
    this.clients = clients;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    if (event.getRequestContext().getHttp().getMethod().equals("POST")) {
      String body = event.getIsBase64Encoded()
          ? new String(Base64.getDecoder().decode(event.getBody()), StandardCharsets.UTF_8) : event.getBody();
      clients.dynamoDb().transactWriteItems(request -> request.transactItems(Arrays.stream(body.split(","))
          .map(String::trim).map(Integer::parseInt)
          .map(n -> TransactWriteItem.builder().put(put -> put.tableName(config.modelsTable()).item(Map.of(
              "PK", AttributeValue.fromS("MODEL#fraud"), "SK", AttributeValue.fromS("EVENT#%04d".formatted(n))))).build())
          .toList()));
    }
    return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withBody("ok").build();
  }
}
