package com.modelregistry.local.sam;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** What {@code Ref} and {@code Fn::GetAtt X.Arn} return for the template's resources when run locally. */
final class LocalResourceNames {

  private static final String REGION_ACCOUNT = LocalStack.REGION + ":" + LocalStack.ACCOUNT_ID;

  /** The HttpApi SAM creates for HttpApi events without an ApiId; templates may Ref it. */
  private static final String IMPLICIT_HTTP_API = "ServerlessHttpApi";

  private final Map<String, Map<String, Object>> resources;
  private final Map<String, String> streamLabels;

  /**
   * @param streamLabels the stream labels of provisioned tables by table name ({@link SamTemplate#withStreamLabels})
   */
  LocalResourceNames(Map<String, Map<String, Object>> resources, Map<String, String> streamLabels) {
    this.resources = resources;
    this.streamLabels = streamLabels;
  }

  boolean contains(String logicalId) {
    return resources.containsKey(logicalId);
  }

  /**
   * The value of {@code Ref: logicalId}; {@code resolve} reads properties that name the resource (an
   * event bus is named by its {@code Name}, as CloudFormation's Ref returns it).
   */
  String ref(String logicalId, Function<Object, String> resolve) {
    if (logicalId.equals(IMPLICIT_HTTP_API) && !resources.containsKey(logicalId)) {
      return LocalStack.apiId(logicalId);
    }
    String type = type(logicalId);
    return switch (type) {
      case "AWS::DynamoDB::Table" -> logicalId;
      case "AWS::S3::Bucket" -> LocalStack.bucketName(logicalId);
      case "AWS::Serverless::Function", "AWS::Lambda::Function" -> LocalStack.functionName(logicalId);
      case "AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine" -> arn(logicalId, resolve);
      case "AWS::Events::EventBus" -> eventBusName(logicalId, resolve);
      case "AWS::Logs::LogGroup" -> nameProperty(logicalId, "LogGroupName", resolve);
      case "AWS::SecretsManager::Secret" -> LocalStack.secretArn(nameProperty(logicalId, "Name", resolve));
      case "AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Api" -> LocalStack.apiId(logicalId);
      default -> throw new TemplateException("Ref to " + logicalId + " (" + type + ") is not supported locally");
    };
  }

  /** The value of {@code Fn::GetAtt: [logicalId, Arn]}. */
  String arn(String logicalId, Function<Object, String> resolve) {
    String type = type(logicalId);
    return switch (type) {
      case "AWS::DynamoDB::Table" -> "arn:aws:dynamodb:" + REGION_ACCOUNT + ":table/" + ref(logicalId, resolve);
      case "AWS::S3::Bucket" -> "arn:aws:s3:::" + ref(logicalId, resolve);
      case "AWS::Serverless::Function", "AWS::Lambda::Function" ->
          "arn:aws:lambda:" + REGION_ACCOUNT + ":function:" + ref(logicalId, resolve);
      case "AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine" ->
          "arn:aws:states:" + REGION_ACCOUNT + ":stateMachine:" + LocalStack.STACK_NAME + "-" + logicalId;
      case "AWS::Events::EventBus" -> "arn:aws:events:" + REGION_ACCOUNT + ":event-bus/" + ref(logicalId, resolve);
      case "AWS::Logs::LogGroup" -> LocalStack.logGroupArn(ref(logicalId, resolve));
      case "AWS::SecretsManager::Secret" -> ref(logicalId, resolve);
      default -> genericArn(logicalId, type);
    };
  }

  /**
   * The value of {@code Fn::GetAtt: [logicalId, StreamArn]}: the table's ARN, {@code /stream/} and the label
   * DynamoDB gave the stream ({@link LocalStack#UNPROVISIONED_STREAM_LABEL} until the runtime has provisioned
   * the table).
   */
  String streamArn(String logicalId, Function<Object, String> resolve) {
    String type = type(logicalId);
    if (!type.equals("AWS::DynamoDB::Table")) {
      throw new TemplateException("Fn::GetAtt " + logicalId + ".StreamArn: " + logicalId + " is a " + type
          + ", not an AWS::DynamoDB::Table");
    }
    Object properties = resources.get(logicalId).get("Properties");
    if (!(properties instanceof Map<?, ?> map) || map.get("StreamSpecification") == null) {
      throw new TemplateException("Fn::GetAtt " + logicalId + ".StreamArn: " + logicalId
          + " has no StreamSpecification, so it has no stream");
    }
    String table = ref(logicalId, resolve);
    return LocalStack.streamArn(arn(logicalId, resolve),
        streamLabels.getOrDefault(table, LocalStack.UNPROVISIONED_STREAM_LABEL));
  }

  /** An event bus's {@code Name} (required by CloudFormation); without one, a stack-prefixed name. */
  private String eventBusName(String logicalId, Function<Object, String> resolve) {
    return nameProperty(logicalId, "Name", resolve);
  }

  /**
   * The resource's name property (e.g. a log group's {@code LogGroupName}, a secret's {@code Name}); without
   * one, the stack-prefixed logical id (CloudFormation would add a random suffix too).
   */
  private String nameProperty(String logicalId, String property, Function<Object, String> resolve) {
    Object properties = resources.get(logicalId).get("Properties");
    Object name = properties instanceof Map<?, ?> map ? map.get(property) : null;
    return name == null ? LocalStack.STACK_NAME + "-" + logicalId : resolve.apply(name);
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
