package com.modelregistry.local.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What Ref and Fn::GetAtt give locally for the resources of governed promotions: log groups, secrets and
 * HTTP APIs, and the API URL the template builds with Fn::Sub.
 */
class PromotionResourceNamesTest {

  private static final SamTemplate TEMPLATE = SamTemplate.parse("""
      Parameters:
        ApprovalBaseUrl:
          Type: String
          Default: ""
      Resources:
        HttpApi:
          Type: AWS::Serverless::HttpApi
        Logs:
          Type: AWS::Logs::LogGroup
          Properties:
            LogGroupName: !Sub "/aws/events/${AWS::StackName}/deployments"
        UnnamedLogs:
          Type: AWS::Logs::LogGroup
        Secret:
          Type: AWS::SecretsManager::Secret
          Properties:
            GenerateSecretString: {PasswordLength: 64, ExcludePunctuation: true}
        NamedSecret:
          Type: AWS::SecretsManager::Secret
          Properties:
            Name: registry/signing
            SecretString: s
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            Handler: com.example.Fn::handleRequest
            Environment:
              Variables:
                API_URL: !Sub "https://${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}"
                IMPLICIT_API_URL: !Sub "https://${ServerlessHttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}"
                APPROVAL_BASE_URL: !Ref ApprovalBaseUrl
                SECRET_ARN: !Ref Secret
                LOG_GROUP: !Ref Logs
      """, "t.yaml");

  private static String env(String name) {
    return TEMPLATE.function("Fn").environment().get(name);
  }

  @Test
  void givenAnHttpApi_thenRefIsATenCharacterApiId_andTheApiUrlResolves() {
    String url = env("API_URL");
    assertTrue(url.matches("https://[a-z0-9]{10}\\.execute-api\\.us-east-1\\.amazonaws\\.com"), url);
    assertEquals(url, SamTemplate.parse(textOf(), "again.yaml")
        .function("Fn").environment().get("API_URL"), "stable across parses");
    assertTrue(env("IMPLICIT_API_URL").matches("https://[a-z0-9]{10}\\.execute-api\\.us-east-1\\.amazonaws\\.com"),
        "SAM's implicit ServerlessHttpApi may be referenced too");
    assertEquals("", env("APPROVAL_BASE_URL"));
  }

  @Test
  void givenLogGroups_thenRefIsTheNameAndArnIsCloudFormations() {
    assertEquals("/aws/events/model-registry-local/deployments", env("LOG_GROUP"));
    assertEquals("arn:aws:logs:us-east-1:000000000000:log-group:/aws/events/model-registry-local/deployments:*",
        TEMPLATE.resolve(Map.of("Fn::GetAtt", List.of("Logs", "Arn"))));
    assertEquals("arn:aws:logs:us-east-1:000000000000:log-group:model-registry-local-UnnamedLogs:*",
        TEMPLATE.resolve(Map.of("Fn::GetAtt", "UnnamedLogs.Arn")));
  }

  @Test
  void givenSecrets_thenRefAndArnAreTheSecretsArn_withAStableSuffix() {
    String arn = env("SECRET_ARN");
    assertTrue(arn.matches("arn:aws:secretsmanager:us-east-1:000000000000:secret:model-registry-local-Secret-[A-Za-z0-9]{6}"),
        arn);
    assertEquals(arn, TEMPLATE.resolve(Map.of("Fn::GetAtt", List.of("Secret", "Arn"))));
    assertEquals(LocalStack.secretArn("model-registry-local-Secret"), arn);
    assertTrue(TEMPLATE.resolve(Map.of("Ref", "NamedSecret"))
        .matches("arn:aws:secretsmanager:us-east-1:000000000000:secret:registry/signing-[A-Za-z0-9]{6}"));
    assertEquals(true, TEMPLATE.declaresParameter("ApprovalBaseUrl"));
    assertEquals(false, TEMPLATE.declaresParameter("Nope"));
  }

  private static String textOf() {
    return """
        Resources:
          HttpApi:
            Type: AWS::Serverless::HttpApi
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: com.example.Fn::handleRequest
              Environment:
                Variables:
                  API_URL: !Sub "https://${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}"
        """;
  }
}
