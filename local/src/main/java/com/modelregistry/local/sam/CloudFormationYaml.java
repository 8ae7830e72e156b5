package com.modelregistry.local.sam;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a CloudFormation/SAM template written in YAML into plain maps, lists and scalars, with
 * CloudFormation's short-form tags mapped to their long forms ({@code !Ref X} → {@code {"Ref": "X"}},
 * {@code !GetAtt X.Arn} → {@code {"Fn::GetAtt": ["X", "Arn"]}}, {@code !Sub s} → {@code {"Fn::Sub": s}}).
 */
public final class CloudFormationYaml {

  private static final List<String> FUNCTIONS = List.of(
      "Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs", "ImportValue", "Join", "Select", "Split",
      "Sub", "Transform", "And", "Equals", "If", "Not", "Or", "Condition", "Length", "ToJsonString");

  private CloudFormationYaml() {}

  /** Parses the template text; the result is a {@code Map<String, Object>} tree in long form. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parse(String yamlText) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(50);
    Object tree = new Yaml(new ShortFormConstructor(options)).load(yamlText);
    if (!(tree instanceof Map)) {
      throw new IllegalArgumentException("template is not a YAML mapping");
    }
    return (Map<String, Object>) tree;
  }

  private static final class ShortFormConstructor extends SafeConstructor {
    ShortFormConstructor(LoaderOptions options) {
      super(options);
      yamlConstructors.put(new Tag("!Ref"), new LongForm("Ref"));
      yamlConstructors.put(new Tag("!Condition"), new LongForm("Condition"));
      for (String function : FUNCTIONS) {
        if (!function.equals("Condition")) {
          yamlConstructors.put(new Tag("!" + function), new LongForm("Fn::" + function));
        }
      }
    }

    private final class LongForm extends AbstractConstruct {
      private final String key;

      LongForm(String key) {
        this.key = key;
      }

      @Override
      public Object construct(Node node) {
        Object value;
        if (node instanceof ScalarNode scalar) {
          String text = scalar.getValue();
          value = key.equals("Fn::GetAtt") ? splitGetAtt(text) : text;
        } else if (node instanceof SequenceNode sequence) {
          value = constructSequence(sequence);
        } else {
          value = constructMapping((MappingNode) node);
        }
        Map<String, Object> longForm = new LinkedHashMap<>();
        longForm.put(key, value);
        return longForm;
      }

      private List<String> splitGetAtt(String text) {
        int dot = text.indexOf('.');
        return dot < 0 ? List.of(text) : List.of(text.substring(0, dot), text.substring(dot + 1));
      }
    }
  }
}
