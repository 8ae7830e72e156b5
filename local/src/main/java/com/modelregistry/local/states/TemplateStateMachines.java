package com.modelregistry.local.states;

import com.modelregistry.local.sam.LocalStack;
import com.modelregistry.local.sam.SamTemplate;
import com.modelregistry.local.sam.TemplateException;
import com.modelregistry.local.states.asl.DefinitionParser;
import com.modelregistry.local.states.asl.InvalidDefinitionException;
import com.modelregistry.local.states.asl.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The template's {@code AWS::Serverless::StateMachine} resources as the local Step Functions creates them:
 * named {@code <stack>-<LogicalId>} (what {@code !Ref}/{@code !GetAtt .Arn} resolve to locally), with the
 * definition from {@code DefinitionUri} (a file relative to the template's folder; for the template
 * packaged in the jar, a classpath resource next to it) or an inline {@code Definition}, and every
 * {@code ${Name}} of {@code DefinitionSubstitutions} replaced by its resolved value (e.g.
 * {@code !GetAtt Fn.Arn} → the function's local ARN), as SAM does. {@code Type: EXPRESS}, S3 locations
 * and other intrinsic functions are refused with a {@link TemplateException}.
 */
public final class TemplateStateMachines {

  static final String TYPE = "AWS::Serverless::StateMachine";

  private TemplateStateMachines() {}

  /** A state machine ready for CreateStateMachine. */
  public record Definition(String logicalId, String name, String definition, String roleArn) {}

  public static List<Definition> read(SamTemplate template) {
    List<Definition> definitions = new ArrayList<>();
    template.resourceProperties(TYPE).forEach((logicalId, properties) -> {
      try {
        definitions.add(definition(template, logicalId, properties));
      } catch (TemplateException e) {
        throw new TemplateException(template.source() + ": " + logicalId + ": " + e.getMessage());
      }
    });
    return definitions;
  }

  private static Definition definition(SamTemplate template, String logicalId, Map<String, Object> properties) {
    Object type = properties.get("Type");
    if (type != null && !"STANDARD".equals(template.resolve(type))) {
      throw new TemplateException("Type " + template.resolve(type) + " is not supported locally (only STANDARD)");
    }
    String text = definitionText(template, properties);
    for (Map.Entry<String, String> substitution : substitutions(template, properties).entrySet()) {
      text = text.replace("${" + substitution.getKey() + "}", substitution.getValue());
    }
    try {
      DefinitionParser.parse(text);
    } catch (InvalidDefinitionException e) {
      throw new TemplateException(e.getMessage());
    }
    String roleArn = properties.containsKey("Role") ? template.resolve(properties.get("Role"))
        : "arn:aws:iam::" + LocalStack.ACCOUNT_ID + ":role/" + LocalStack.STACK_NAME + "-" + logicalId + "Role";
    return new Definition(logicalId, LocalStack.STACK_NAME + "-" + logicalId, text, roleArn);
  }

  private static String definitionText(SamTemplate template, Map<String, Object> properties) {
    Object uri = properties.get("DefinitionUri");
    Object inline = properties.get("Definition");
    if ((uri == null) == (inline == null)) {
      throw new TemplateException("a state machine needs exactly one of DefinitionUri and Definition");
    }
    if (inline != null) {
      return Json.write(Json.MAPPER.valueToTree(inline));
    }
    if (!(uri instanceof String path)) {
      throw new TemplateException("DefinitionUri must be a path relative to the template (S3 locations are not"
          + " supported locally), got " + uri);
    }
    return readRelative(template.source(), path);
  }

  private static String readRelative(String templateSource, String relative) {
    Path templateFile = Path.of(templateSource);
    if (Files.isRegularFile(templateFile)) {
      Path file = templateFile.toAbsolutePath().getParent().resolve(relative).normalize();
      try {
        return Files.readString(file);
      } catch (NoSuchFileException e) {
        throw new TemplateException("DefinitionUri " + relative + ": " + file + " does not exist");
      } catch (IOException e) {
        throw new UncheckedIOException("can't read " + file, e);
      }
    }
    // The template packaged in the jar (SamTemplate.CLASSPATH_RESOURCE): its files sit next to it.
    String folder = templateSource.contains("/") ? templateSource.substring(0, templateSource.lastIndexOf('/') + 1) : "";
    String resource = Path.of(folder + relative).normalize().toString().replace('\\', '/');
    try (InputStream in = TemplateStateMachines.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new TemplateException("DefinitionUri " + relative + ": neither a file next to " + templateSource
            + " nor the classpath resource " + resource + " exists");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("can't read classpath resource " + resource, e);
    }
  }

  private static Map<String, String> substitutions(SamTemplate template, Map<String, Object> properties) {
    Object value = properties.get("DefinitionSubstitutions");
    Map<String, String> substitutions = new LinkedHashMap<>();
    if (value == null) {
      return substitutions;
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new TemplateException("DefinitionSubstitutions must be a mapping");
    }
    map.forEach((name, substitution) -> {
      try {
        substitutions.put(String.valueOf(name), template.resolve(substitution));
      } catch (TemplateException e) {
        throw new TemplateException("DefinitionSubstitutions." + name + ": " + e.getMessage());
      }
    });
    return substitutions;
  }
}
