package com.modelregistry.local.sam;

import java.util.Locale;
import java.util.Map;

/** What {@code Ref} and {@code Fn::GetAtt X.Arn} return for the template's resources when run locally. */
final class LocalResourceNames {

  private static final String REGION_ACCOUNT = LocalStack.REGION + ":" + LocalStack.ACCOUNT_ID;

  private final Map<String, Map<String, Object>> resources;

  LocalResourceNames(Map<String, Map<String, Object>> resources) {
    this.resources = resources;
  }

  boolean contains(String logicalId) {
    return resources.containsKey(logicalId);
  }

  /** The value of {@code Ref: logicalId}. */
  String ref(String logicalId) {
    String type = type(logicalId);
    return switch (type) {
      case "AWS::DynamoDB::Table" -> logicalId;
      case "AWS::S3::Bucket" -> LocalStack.bucketName(logicalId);
      case "AWS::Serverless::Function", "AWS::Lambda::Function" -> LocalStack.functionName(logicalId);
      case "AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine" -> arn(logicalId);
      case "AWS::Events::EventBus" -> LocalStack.STACK_NAME + "-" + logicalId;
      default -> throw new TemplateException("Ref to " + logicalId + " (" + type + ") is not supported locally");
    };
  }

  /** The value of {@code Fn::GetAtt: [logicalId, Arn]}. */
  String arn(String logicalId) {
    String type = type(logicalId);
    return switch (type) {
      case "AWS::DynamoDB::Table" -> "arn:aws:dynamodb:" + REGION_ACCOUNT + ":table/" + ref(logicalId);
      case "AWS::S3::Bucket" -> "arn:aws:s3:::" + ref(logicalId);
      case "AWS::Serverless::Function", "AWS::Lambda::Function" ->
          "arn:aws:lambda:" + REGION_ACCOUNT + ":function:" + ref(logicalId);
      case "AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine" ->
          "arn:aws:states:" + REGION_ACCOUNT + ":stateMachine:" + LocalStack.STACK_NAME + "-" + logicalId;
      case "AWS::Events::EventBus" -> "arn:aws:events:" + REGION_ACCOUNT + ":event-bus/" + ref(logicalId);
      default -> genericArn(logicalId, type);
    };
  }

  private static String genericArn(String logicalId, String type) {
    String[] parts = type.split("::");
    if (parts.length != 3) {
      throw new TemplateException("resource " + logicalId + " has an unknown type '" + type + "'");
    }
    String service = parts[1].toLowerCase(Locale.ROOT);
    String resourceType = LocalStack.kebabCase(parts[2]);
    return "arn:aws:" + service + ":" + REGION_ACCOUNT + ":" + resourceType + "/" + logicalId;
  }

  private String type(String logicalId) {
    Map<String, Object> resource = resources.get(logicalId);
    if (resource == null) {
      throw new TemplateException("no resource or parameter named " + logicalId);
    }
    return String.valueOf(resource.get("Type"));
  }
}
