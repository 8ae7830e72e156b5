package com.modelregistry.local;

import com.modelregistry.local.sam.TableDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/**
 * Amazon's DynamoDB Local running in-process (no HTTP, no port), its database one file under the data
 * directory, with the template's tables provisioned.
 */
final class EmbeddedDynamoDb implements AutoCloseable {

  private static final String DATABASE_FILE = "model-registry.db";

  private final AmazonDynamoDBLocal dynamoDbLocal;
  private final DynamoDbClient client;

  private EmbeddedDynamoDb(AmazonDynamoDBLocal dynamoDbLocal) {
    this.dynamoDbLocal = dynamoDbLocal;
    this.client = dynamoDbLocal.dynamoDbClient();
  }

  /**
   * Opens (or creates) the database in {@code directory}. sqlite4java's native library is extracted to
   * {@code nativeLibraryDirectory} rather than a shared, possibly unwritable, temp directory.
   */
  static EmbeddedDynamoDb start(Path directory, Path nativeLibraryDirectory) {
    try {
      // A missing folder makes DynamoDB Local's first call hang forever.
      Files.createDirectories(directory);
      Files.createDirectories(nativeLibraryDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException("can't create " + directory, e);
    }
    deleteStaleNativeLibraries(nativeLibraryDirectory);
    System.setProperty("org.sqlite.tmpdir", nativeLibraryDirectory.toString());
    QuietLogging.silenceSqlite(); // before: loading the native library warns "unknown jar version"
    AmazonDynamoDBLocal dynamoDbLocal = DynamoDBEmbedded.create(directory.resolve(DATABASE_FILE).toFile(), true);
    QuietLogging.silenceSqlite(); // and after: DynamoDBEmbedded's static initializer resets it to WARNING
    return new EmbeddedDynamoDb(dynamoDbLocal);
  }

  /**
   * Each start extracts a fresh copy of the library, deleted on a normal exit; after a kill -9 it stays.
   * The data directory lock guarantees no other runtime is using them.
   */
  private static void deleteStaleNativeLibraries(Path directory) {
    try (DirectoryStream<Path> libraries = Files.newDirectoryStream(directory, "sqlite-*")) {
      for (Path library : libraries) {
        Files.deleteIfExists(library);
      }
    } catch (IOException e) {
      // still loaded by this JVM (Windows) or not ours to delete: harmless leftovers
    }
  }

  DynamoDbClient client() {
    return client;
  }

  /** Creates the tables that don't exist yet, and adds GSIs and TTL the template gained since. */
  void provision(List<TableDefinition> tables) {
    TableProvisioner.provision(client, tables);
  }

  @Override
  public void close() {
    client.close();
    dynamoDbLocal.shutdown();
  }
}
