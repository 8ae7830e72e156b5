package com.modelregistry.local.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an intrinsic function call such as {@code States.Format('{} is {}', $.name, States.ArrayLength($.a))}:
 * arguments are string literals in single quotes (a backslash escapes {@code ' \ { }}), numbers,
 * {@code true}, {@code false}, {@code null}, Paths ({@code $...} or {@code $$...}) and nested calls.
 */
final class IntrinsicParser {

  private final String text;
  private int position;

  private IntrinsicParser(String text) {
    this.text = text;
  }

  static IntrinsicFunction.Call parse(String text) {
    IntrinsicParser parser = new IntrinsicParser(text);
    IntrinsicFunction.Call call = parser.call();
    parser.skipBlanks();
    if (parser.position != text.length()) {
      throw parser.error("unexpected text after the closing parenthesis");
    }
    return call;
  }

  private IntrinsicFunction.Call call() {
    skipBlanks();
    int start = position;
    while (position < text.length() && (Character.isLetterOrDigit(text.charAt(position)) || text.charAt(position) == '.')) {
      position++;
    }
    String name = text.substring(start, position);
    if (!name.startsWith("States.") || name.length() == "States.".length()) {
      throw error("expected an intrinsic function name such as States.Format");
    }
    IntrinsicFunction.Signature signature = IntrinsicFunction.SIGNATURES.get(name);
    if (signature == null) {
      throw new IllegalArgumentException("unknown intrinsic function " + name
          + " (known: " + String.join(", ", IntrinsicFunction.SIGNATURES.keySet()) + ")");
    }
    skipBlanks();
    expect('(');
    List<IntrinsicFunction.Argument> arguments = new ArrayList<>();
    skipBlanks();
    if (peek() == ')') {
      position++;
    } else {
      while (true) {
        arguments.add(argument());
        skipBlanks();
        char next = peek();
        position++;
        if (next == ')') {
          break;
        }
        if (next != ',') {
          position--;
          throw error("expected ',' or ')'");
        }
      }
    }
    if (arguments.size() < signature.minArguments() || arguments.size() > signature.maxArguments()) {
      throw new IllegalArgumentException(name + " takes " + signature.describeArity() + ", got " + arguments.size());
    }
    return new IntrinsicFunction.Call(name, arguments);
  }

  private IntrinsicFunction.Argument argument() {
    skipBlanks();
    char c = peek();
    if (c == '\'') {
      return stringLiteral();
    }
    if (c == '$') {
      return path();
    }
    if (c == '-' || Character.isDigit(c)) {
      return number();
    }
    if (text.startsWith("true", position) && !identifierContinues(position + 4)) {
      position += 4;
      return new IntrinsicFunction.Literal(BooleanNode.TRUE, null);
    }
    if (text.startsWith("false", position) && !identifierContinues(position + 5)) {
      position += 5;
      return new IntrinsicFunction.Literal(BooleanNode.FALSE, null);
    }
    if (text.startsWith("null", position) && !identifierContinues(position + 4)) {
      position += 4;
      return new IntrinsicFunction.Literal(NullNode.getInstance(), null);
    }
    if (text.startsWith("States.", position)) {
      return call();
    }
    throw error("expected a string in single quotes, a number, true, false, null, a path or an intrinsic function");
  }

  private boolean identifierContinues(int index) {
    return index < text.length() && Character.isLetterOrDigit(text.charAt(index));
  }

  private IntrinsicFunction.Literal stringLiteral() {
    int start = ++position;
    StringBuilder value = new StringBuilder();
    while (position < text.length()) {
      char c = text.charAt(position);
      if (c == '\\') {
        if (position + 1 >= text.length()) {
          break;
        }
        value.append(text.charAt(position + 1));
        position += 2;
      } else if (c == '\'') {
        String raw = text.substring(start, position);
        position++;
        return new IntrinsicFunction.Literal(TextNode.valueOf(value.toString()), raw);
      } else {
        value.append(c);
        position++;
      }
    }
    throw error("unclosed string literal");
  }

  private IntrinsicFunction.Argument number() {
    int start = position;
    if (peek() == '-') {
      position++;
    }
    while (position < text.length() && "0123456789.eE+-".indexOf(text.charAt(position)) >= 0) {
      position++;
    }
    String number = text.substring(start, position);
    try {
      return new IntrinsicFunction.Literal(numberNode(number), null);
    } catch (NumberFormatException e) {
      position = start;
      throw error("'" + number + "' is not a number");
    }
  }

  private static JsonNode numberNode(String number) {
    try {
      JsonNode node = Json.parse(number);
      if (!node.isNumber()) {
        throw new NumberFormatException(number);
      }
      return node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new NumberFormatException(number);
    }
  }

  private IntrinsicFunction.Argument path() {
    int start = position;
    int depth = 0;
    char quote = 0;
    while (position < text.length()) {
      char c = text.charAt(position);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        if (depth > 0) {
          quote = c;
        }
      } else if (c == '[' || c == '(') {
        depth++;
      } else if (c == ']' || (c == ')' && depth > 0)) {
        depth--;
      } else if (depth == 0 && (c == ',' || c == ')')) {
        break;
      }
      position++;
    }
    String pathText = text.substring(start, position).trim();
    try {
      return new IntrinsicFunction.PathArgument(Path.parse(pathText));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid path argument '" + pathText + "': " + e.getMessage());
    }
  }

  private void skipBlanks() {
    while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
      position++;
    }
  }

  private char peek() {
    if (position >= text.length()) {
      throw error("unexpected end");
    }
    return text.charAt(position);
  }

  private void expect(char c) {
    if (position >= text.length() || text.charAt(position) != c) {
      throw error("expected '" + c + "'");
    }
    position++;
  }

  private IllegalArgumentException error(String message) {
    return new IllegalArgumentException(message + " at position " + position + " of " + text);
  }
}
