package com.modelregistry.local.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.StringTokenizer;
import java.util.UUID;

/**
 * An intrinsic function call in a Payload Template, e.g. {@code "id.$": "States.UUID()"}, parsed when the
 * definition is read (unknown functions and wrong argument counts are definition errors) and evaluated
 * each time the template is applied. A failure while evaluating is {@code States.IntrinsicFailure}; a
 * path argument that matches nothing is {@code States.Runtime}, as for any path of a Payload Template.
 */
public final class IntrinsicFunction {

  /** Arity of every function AWS Step Functions offers. */
  static final Map<String, Signature> SIGNATURES = signatures();

  private static final Set<String> HASH_ALGORITHMS = Set.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512");
  private static final int MAX_ENCODING_INPUT = 10_000;
  private static final int MAX_RANGE_ITEMS = 1000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String text;
  private final Call call;

  private IntrinsicFunction(String text, Call call) {
    this.text = text;
    this.call = call;
  }

  /**
   * @throws IllegalArgumentException if the text is not a well-formed call of a known function
   */
  public static IntrinsicFunction parse(String text) {
    return new IntrinsicFunction(text, IntrinsicParser.parse(text));
  }

  public String text() {
    return text;
  }

  /**
   * @throws StatesError {@code States.IntrinsicFailure} or {@code States.Runtime}
   */
  public JsonNode evaluate(JsonNode input, JsonNode context) {
    return evaluate(call, input, context);
  }

  private static JsonNode evaluate(Call call, JsonNode input, JsonNode context) {
    List<JsonNode> values = new ArrayList<>();
    for (Argument argument : call.arguments()) {
      values.add(value(argument, input, context));
    }
    Arguments args = new Arguments(call.name(), values);
    return switch (call.name()) {
      case "States.Format" -> format(call, args);
      case "States.StringToJson" -> stringToJson(args);
      case "States.JsonToString" -> TextNode.valueOf(Json.write(args.get(0)));
      case "States.Array" -> array(values);
      case "States.ArrayPartition" -> arrayPartition(args);
      case "States.ArrayContains" -> BooleanNode.valueOf(contains(args.array(0), args.get(1)));
      case "States.ArrayRange" -> arrayRange(args);
      case "States.ArrayGetItem" -> arrayGetItem(args);
      case "States.ArrayLength" -> Json.number(args.array(0).size());
      case "States.ArrayUnique" -> arrayUnique(args);
      case "States.Base64Encode" -> base64Encode(args);
      case "States.Base64Decode" -> base64Decode(args);
      case "States.Hash" -> hash(args);
      case "States.JsonMerge" -> jsonMerge(args);
      case "States.MathRandom" -> mathRandom(args);
      case "States.MathAdd" -> mathAdd(args);
      case "States.StringSplit" -> stringSplit(args);
      case "States.UUID" -> TextNode.valueOf(UUID.randomUUID().toString());
      default -> throw new IllegalStateException("no implementation for " + call.name());
    };
  }

  private static JsonNode value(Argument argument, JsonNode input, JsonNode context) {
    if (argument instanceof Literal literal) {
      return literal.value();
    }
    if (argument instanceof PathArgument pathArgument) {
      try {
        return pathArgument.path().read(input, context);
      } catch (PathResolutionException e) {
        throw StatesError.runtime("The JsonPath argument " + pathArgument.path().text()
            + " of an intrinsic function could not be found in the input: " + e.getMessage());
      }
    }
    return evaluate((Call) argument, input, context);
  }

  private static JsonNode format(Call call, Arguments args) {
    String template = args.string(0);
    Argument first = call.arguments().get(0);
    // A literal template keeps its escapes: \{ and \} are braces, not placeholders.
    boolean escapes = first instanceof Literal literal && literal.raw() != null;
    String raw = escapes ? ((Literal) first).raw() : template;
    StringBuilder result = new StringBuilder();
    int next = 1;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (escapes && c == '\\' && i + 1 < raw.length()) {
        result.append(raw.charAt(++i));
      } else if (c == '{' && i + 1 < raw.length() && raw.charAt(i + 1) == '}') {
        if (next >= args.size()) {
          throw StatesError.intrinsicFailure("States.Format: the template has more {} placeholders than arguments ("
              + (args.size() - 1) + ")");
        }
        result.append(formatValue(args.get(next++), next - 1));
        i++;
      } else {
        result.append(c);
      }
    }
    if (next != args.size()) {
      throw StatesError.intrinsicFailure("States.Format: " + (args.size() - 1) + " arguments for "
          + (next - 1) + " {} placeholders");
    }
    return TextNode.valueOf(result.toString());
  }

  private static String formatValue(JsonNode value, int position) {
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isContainerNode()) {
      throw StatesError.intrinsicFailure("States.Format: argument " + (position + 1)
          + " must be a string, number, boolean or null, got " + Json.typeName(value));
    }
    return value.isNumber() ? value.decimalValue().toString() : value.asText();
  }

  private static JsonNode stringToJson(Arguments args) {
    String text = args.string(0);
    try {
      return Json.parse(text);
    } catch (Exception e) {
      throw StatesError.intrinsicFailure("States.StringToJson: the argument is not JSON text: " + e.getMessage());
    }
  }

  private static ArrayNode array(List<JsonNode> values) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    values.forEach(array::add);
    return array;
  }

  private static JsonNode arrayPartition(Arguments args) {
    ArrayNode source = args.array(0);
    int size = args.integer(1);
    if (size <= 0) {
      throw StatesError.intrinsicFailure("States.ArrayPartition: the chunk size must be a positive integer, got " + size);
    }
    ArrayNode chunks = Json.MAPPER.createArrayNode();
    ArrayNode chunk = null;
    for (int i = 0; i < source.size(); i++) {
      if (i % size == 0) {
        chunk = chunks.addArray();
      }
      chunk.add(source.get(i));
    }
    return chunks;
  }

  private static boolean contains(ArrayNode array, JsonNode value) {
    for (JsonNode element : array) {
      if (jsonEquals(element, value)) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode arrayRange(Arguments args) {
    long start = args.integer(0);
    long end = args.integer(1);
    long step = args.integer(2);
    if (step == 0) {
      throw StatesError.intrinsicFailure("States.ArrayRange: the step must not be 0");
    }
    ArrayNode range = Json.MAPPER.createArrayNode();
    for (long value = start; step > 0 ? value <= end : value >= end; value += step) {
      if (range.size() == MAX_RANGE_ITEMS) {
        throw StatesError.intrinsicFailure("States.ArrayRange: the range has more than " + MAX_RANGE_ITEMS + " items");
      }
      range.add(Json.number(value));
    }
    return range;
  }

  private static JsonNode arrayGetItem(Arguments args) {
    ArrayNode array = args.array(0);
    int index = args.integer(1);
    if (index < 0 || index >= array.size()) {
      throw StatesError.intrinsicFailure("States.ArrayGetItem: index " + index + " is out of bounds for an array of "
          + array.size() + " items");
    }
    return array.get(index);
  }

  private static JsonNode arrayUnique(Arguments args) {
    ArrayNode unique = Json.MAPPER.createArrayNode();
    for (JsonNode element : args.array(0)) {
      if (!contains(unique, element)) {
        unique.add(element);
      }
    }
    return unique;
  }

  private static JsonNode base64Encode(Arguments args) {
    String text = args.string(0);
    if (text.length() > MAX_ENCODING_INPUT) {
      throw StatesError.intrinsicFailure("States.Base64Encode: the input is longer than " + MAX_ENCODING_INPUT + " characters");
    }
    return TextNode.valueOf(Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static JsonNode base64Decode(Arguments args) {
    String text = args.string(0);
    if (text.length() > MAX_ENCODING_INPUT) {
      throw StatesError.intrinsicFailure("States.Base64Decode: the input is longer than " + MAX_ENCODING_INPUT + " characters");
    }
    try {
      return TextNode.valueOf(new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw StatesError.intrinsicFailure("States.Base64Decode: the input is not Base64: " + e.getMessage());
    }
  }

  private static JsonNode hash(Arguments args) {
    JsonNode data = args.get(0);
    String algorithm = args.string(1);
    if (!HASH_ALGORITHMS.contains(algorithm)) {
      throw StatesError.intrinsicFailure("States.Hash: unsupported algorithm '" + algorithm
          + "' (supported: MD5, SHA-1, SHA-256, SHA-384, SHA-512)");
    }
    String text = data.isTextual() ? data.textValue() : Json.write(data);
    if (text.length() > MAX_ENCODING_INPUT) {
      throw StatesError.intrinsicFailure("States.Hash: the input is longer than " + MAX_ENCODING_INPUT + " characters");
    }
    try {
      byte[] digest = MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
      return TextNode.valueOf(HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode jsonMerge(Arguments args) {
    ObjectNode left = args.object(0);
    ObjectNode right = args.object(1);
    JsonNode deep = args.get(2);
    if (!deep.isBoolean()) {
      throw StatesError.intrinsicFailure("States.JsonMerge: the third argument (deep merge) must be a boolean, got "
          + Json.typeName(deep));
    }
    return merge(left, right, deep.booleanValue());
  }

  private static ObjectNode merge(ObjectNode left, ObjectNode right, boolean deep) {
    ObjectNode merged = left.deepCopy();
    right.fields().forEachRemaining(field -> {
      JsonNode existing = merged.get(field.getKey());
      if (deep && existing instanceof ObjectNode existingObject && field.getValue() instanceof ObjectNode incoming) {
        merged.set(field.getKey(), merge(existingObject, incoming, true));
      } else {
        merged.set(field.getKey(), field.getValue());
      }
    });
    return merged;
  }

  private static JsonNode mathRandom(Arguments args) {
    long start = args.integer(0);
    long end = args.integer(1);
    if (start >= end) {
      throw StatesError.intrinsicFailure("States.MathRandom: the start (" + start + ") must be less than the end (" + end + ")");
    }
    Random random = args.size() == 3 ? new Random(args.integer(2)) : RANDOM;
    return Json.number(start + (long) Math.floor(random.nextDouble() * (end - start)));
  }

  private static JsonNode mathAdd(Arguments args) {
    return Json.number((long) args.integer(0) + args.integer(1));
  }

  private static JsonNode stringSplit(Arguments args) {
    StringTokenizer tokens = new StringTokenizer(args.string(0), args.string(1));
    ArrayNode parts = Json.MAPPER.createArrayNode();
    while (tokens.hasMoreTokens()) {
      parts.add(tokens.nextToken());
    }
    return parts;
  }

  /** JSON equality where numbers compare by value (1 equals 1.0). */
  static boolean jsonEquals(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }

  @Override
  public String toString() {
    return text;
  }

  /** One argument of a call. */
  sealed interface Argument permits Literal, PathArgument, Call {}

  /** A literal; for a string, {@code raw} is its text between the quotes with escapes kept. */
  record Literal(JsonNode value, String raw) implements Argument {}

  record PathArgument(Path path) implements Argument {}

  record Call(String name, List<Argument> arguments) implements Argument {}

  record Signature(int minArguments, int maxArguments) {
    String describeArity() {
      if (minArguments == maxArguments) {
        return minArguments + (minArguments == 1 ? " argument" : " arguments");
      }
      return maxArguments == Integer.MAX_VALUE ? "at least " + minArguments + " arguments"
          : minArguments + " to " + maxArguments + " arguments";
    }
  }

  private static Map<String, Signature> signatures() {
    Map<String, Signature> signatures = new LinkedHashMap<>();
    signatures.put("States.Format", new Signature(1, Integer.MAX_VALUE));
    signatures.put("States.StringToJson", new Signature(1, 1));
    signatures.put("States.JsonToString", new Signature(1, 1));
    signatures.put("States.Array", new Signature(0, Integer.MAX_VALUE));
    signatures.put("States.ArrayPartition", new Signature(2, 2));
    signatures.put("States.ArrayContains", new Signature(2, 2));
    signatures.put("States.ArrayRange", new Signature(3, 3));
    signatures.put("States.ArrayGetItem", new Signature(2, 2));
    signatures.put("States.ArrayLength", new Signature(1, 1));
    signatures.put("States.ArrayUnique", new Signature(1, 1));
    signatures.put("States.Base64Encode", new Signature(1, 1));
    signatures.put("States.Base64Decode", new Signature(1, 1));
    signatures.put("States.Hash", new Signature(2, 2));
    signatures.put("States.JsonMerge", new Signature(3, 3));
    signatures.put("States.MathRandom", new Signature(2, 3));
    signatures.put("States.MathAdd", new Signature(2, 2));
    signatures.put("States.StringSplit", new Signature(2, 2));
    signatures.put("States.UUID", new Signature(0, 0));
    return Map.copyOf(signatures);
  }

  /** The evaluated arguments of one call, with typed access that fails as States.IntrinsicFailure. */
  private record Arguments(String function, List<JsonNode> values) {

    int size() {
      return values.size();
    }

    JsonNode get(int index) {
      return values.get(index);
    }

    String string(int index) {
      JsonNode value = get(index);
      if (!value.isTextual()) {
        throw wrongType(index, "a string", value);
      }
      return value.textValue();
    }

    ArrayNode array(int index) {
      JsonNode value = get(index);
      if (!(value instanceof ArrayNode array)) {
        throw wrongType(index, "an array", value);
      }
      return array;
    }

    ObjectNode object(int index) {
      JsonNode value = get(index);
      if (!(value instanceof ObjectNode object)) {
        throw wrongType(index, "an object", value);
      }
      return object;
    }

    int integer(int index) {
      JsonNode value = get(index);
      if (value.isNumber()) {
        BigDecimal decimal = value.decimalValue();
        try {
          BigInteger integer = decimal.toBigIntegerExact();
          if (integer.bitLength() < 32) {
            return integer.intValue();
          }
        } catch (ArithmeticException e) {
          // not an integer: reported below
        }
      }
      throw wrongType(index, "an integer", value);
    }

    private StatesError wrongType(int index, String expected, JsonNode value) {
      return StatesError.intrinsicFailure(function + ": argument " + (index + 1) + " must be " + expected
          + ", got " + (value.isValueNode() ? Json.write(value) : Json.typeName(value)));
    }
  }
}
