package com.modelregistry.local.secrets;

import com.modelregistry.local.sam.SamTemplate;
import com.modelregistry.local.sam.TemplateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The template's {@code AWS::SecretsManager::Secret} resources, named as {@code Ref} names them. */
final class SecretsTemplate {

  static final String TYPE = "AWS::SecretsManager::Secret";

  private final SamTemplate template;

  SecretsTemplate(SamTemplate template) {
    this.template = template;
  }

  /** @throws TemplateException naming the secret, for a value both given and generated or a bad GenerateSecretString */
  List<SecretDefinition> secrets() {
    List<SecretDefinition> secrets = new ArrayList<>();
    template.resourceProperties(TYPE).forEach((logicalId, properties) -> {
      try {
        secrets.add(secret(logicalId, properties));
      } catch (TemplateException e) {
        throw new TemplateException(template.source() + ": " + logicalId + ": " + e.getMessage());
      }
    });
    return secrets;
  }

  private SecretDefinition secret(String logicalId, Map<String, Object> properties) {
    String arn = template.resolve(Map.of("Ref", logicalId));
    String name = arn.substring(arn.indexOf(":secret:") + ":secret:".length(), arn.length() - "-XXXXXX".length());
    Object secretString = properties.get("SecretString");
    Object generate = properties.get("GenerateSecretString");
    if (secretString != null && generate != null) {
      throw new TemplateException("SecretString and GenerateSecretString are exclusive: give one of them");
    }
    if (generate != null && !(generate instanceof Map<?, ?>)) {
      throw new TemplateException("GenerateSecretString must be a mapping");
    }
    Object description = properties.get("Description");
    return new SecretDefinition(logicalId, name, arn, description == null ? null : template.resolve(description),
        secretString == null ? null : template.resolve(secretString),
        generate == null ? null : GenerateSecretString.of((Map<?, ?>) generate, template::resolve));
  }
}
