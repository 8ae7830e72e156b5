package com.modelregistry.local.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The append-only record files: one object a line, and a line cut short by a crash costs only itself. */
class JsonLinesFileTest {

  @TempDir
  Path dir;

  @Test
  void givenRecords_thenTheyAreReadBackInOrder_alsoByANewInstance() {
    JsonLinesFile file = new JsonLinesFile(dir.resolve("a/records.jsonl"));
    file.append(JsonNodeFactory.instance.objectNode().put("n", 1));
    file.append(JsonNodeFactory.instance.objectNode().put("n", 2).put("text", "line\nbreak"));

    assertEquals(2, new JsonLinesFile(dir.resolve("a/records.jsonl")).readAll().size());
    assertEquals("line\nbreak", file.readAll().get(1).get("text").asText());
  }

  @Test
  void givenALineCutShortByACrash_thenItIsSkipped_andTheNextRecordStartsOnItsOwnLine() throws Exception {
    Path path = dir.resolve("records.jsonl");
    Files.writeString(path, "{\"n\":1}\n{\"n\":2, \"cut", StandardCharsets.UTF_8);

    JsonLinesFile file = new JsonLinesFile(path);
    file.append(JsonNodeFactory.instance.objectNode().put("n", 3));

    assertEquals(2, file.readAll().size());
    assertEquals(3, file.readAll().get(1).get("n").asInt());
    Files.writeString(path, "not json\n", StandardOpenOption.APPEND);
    assertEquals(2, file.readAll().size());
  }
}
