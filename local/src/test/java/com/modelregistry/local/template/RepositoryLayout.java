package com.modelregistry.local.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The repository as the template sees it: where the root is, which Maven modules live under
 * {@code functions/}, what each depends on, and which environment variables their main sources read.
 */
final class RepositoryLayout {

  /**
   * {@code System.getenv("X")}, {@code getenv("X")}, {@code env.get("X")},
   * {@code env.getOrDefault("X", ...)}, and helpers that take the environment map first,
   * such as {@code required(env, "X")}.
   */
  private static final List<Pattern> ENV_READS = List.of(
      Pattern.compile("\\bgetenv\\(\\s*\"([A-Z][A-Z0-9_]*)\""),
      Pattern.compile("\\benv\\w*\\s*\\.\\s*get\\w*\\(\\s*\"([A-Z][A-Z0-9_]*)\""),
      Pattern.compile("\\(\\s*env\\w*\\s*,\\s*\"([A-Z][A-Z0-9_]*)\""));

  private final Path root;
  private final Map<String, Path> modulesByArtifactId;

  private RepositoryLayout(Path root) {
    this.root = root;
    this.modulesByArtifactId = findFunctionModules(root);
  }

  /**
   * Finds the repository root by walking up from {@code user.dir} (Surefire runs in
   * {@code local/}, an IDE may run at the root) to the first directory holding template.yaml
   * next to a pom.xml.
   */
  static RepositoryLayout locate() {
    Path start = Paths.get(System.getProperty("user.dir")).toAbsolutePath().normalize();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return new RepositoryLayout(dir);
      }
    }
    throw new IllegalStateException("no template.yaml next to a pom.xml in " + start + " or any parent");
  }

  Path root() {
    return root;
  }

  Path template() {
    return root.resolve("template.yaml");
  }

  /** {@code <repo>/../shared/schemas/sam.schema.json}, or the {@code sam.schema} system property. */
  Path samSchema() {
    String override = System.getProperty("sam.schema");
    if (override != null && !override.isBlank()) {
      return Paths.get(override).toAbsolutePath().normalize();
    }
    return root.resolve("../shared/schemas/sam.schema.json").toAbsolutePath().normalize();
  }

  /** Module directories under functions/, by artifactId. */
  Map<String, Path> functionModules() {
    return modulesByArtifactId;
  }

  /** The module at {@code codeUri} plus every functions/ module it depends on, transitively. */
  Set<Path> modulesReachableFrom(String codeUri) {
    Path start = root.resolve(codeUri).normalize();
    Set<Path> seen = new LinkedHashSet<>();
    Deque<Path> todo = new ArrayDeque<>(List.of(start));
    while (!todo.isEmpty()) {
      Path module = todo.pop();
      if (!seen.add(module) || !Files.isRegularFile(module.resolve("pom.xml"))) {
        continue;
      }
      for (String artifactId : projectDependencies(module.resolve("pom.xml"))) {
        Path dependency = modulesByArtifactId.get(artifactId);
        if (dependency != null) {
          todo.push(dependency);
        }
      }
    }
    return seen;
  }

  /** Every UPPER_SNAKE variable the module's main Java sources read, with one place each is read. */
  static Map<String, String> environmentReads(Path module) {
    Map<String, String> reads = new TreeMap<>();
    for (Path source : mainSources(module)) {
      environmentReads(source, reads);
    }
    return reads;
  }

  static void environmentReads(Path source, Map<String, String> into) {
    String text = read(source);
    for (Pattern pattern : ENV_READS) {
      Matcher matcher = pattern.matcher(text);
      while (matcher.find()) {
        int line = 1 + (int) text.substring(0, matcher.start()).chars().filter(c -> c == '\n').count();
        into.putIfAbsent(matcher.group(1), source.getFileName() + ":" + line);
      }
    }
  }

  static List<Path> mainSources(Path module) {
    Path sources = module.resolve("src/main/java");
    if (!Files.isDirectory(sources)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(sources)) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Path> findFunctionModules(Path root) {
    Map<String, Path> modules = new LinkedHashMap<>();
    Path functions = root.resolve("functions");
    if (!Files.isDirectory(functions)) {
      return modules;
    }
    try (Stream<Path> poms = Files.walk(functions, 3)) {
      for (Path pom : poms.filter(p -> p.getFileName().toString().equals("pom.xml")).sorted().toList()) {
        if (pom.toString().contains("/target/")) {
          continue;
        }
        Element project = parse(pom).getDocumentElement();
        String artifactId = childText(project, "artifactId");
        if (artifactId != null) {
          modules.put(artifactId, pom.getParent().normalize());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return modules;
  }

  /** artifactIds of the pom's non-test dependencies. */
  private static Set<String> projectDependencies(Path pom) {
    Set<String> artifactIds = new TreeSet<>();
    Element project = parse(pom).getDocumentElement();
    for (Element dependencies : children(project, "dependencies")) {
      for (Element dependency : children(dependencies, "dependency")) {
        String scope = childText(dependency, "scope");
        if (!"test".equals(scope)) {
          artifactIds.add(childText(dependency, "artifactId"));
        }
      }
    }
    return artifactIds;
  }

  private static Document parse(Path pom) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(pom.toFile());
    } catch (Exception e) {
      throw new IllegalStateException("can't parse " + pom + ": " + e.getMessage(), e);
    }
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node node = nodes.item(i);
      if (node instanceof Element element && element.getTagName().equals(name)) {
        found.add(element);
      }
    }
    return found;
  }

  private static String childText(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0).getTextContent().trim();
  }
}
