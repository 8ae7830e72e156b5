package com.modelregistry.local;

import com.modelregistry.local.streams.ClientAccess;
import com.modelregistry.local.sam.TableDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
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
  private final DynamoDbStreamsClient streams;
  private volatile ClientAccess access = ClientAccess.NONE;

  private EmbeddedDynamoDb(AmazonDynamoDBLocal dynamoDbLocal) {
    this.dynamoDbLocal = dynamoDbLocal;
    this.client = awaitingCommits(dynamoDbLocal.dynamoDbClient(), () -> access);
    this.streams = dynamoDbLocal.dynamoDbStreamsClient();
  }

  /**
   * The operations whose COMMIT DynamoDB Local 3.1.0 only enqueues. Every other write runs as one
   * job on SQLiteDBAccess's single-threaded SQLiteQueue that does BEGIN, the write and COMMIT, and
   * the caller waits for it. A transaction instead runs its writes between beginTransaction and
   * commitTransaction (TransactWriteItemsFunction; PartiQL's TransactionWriteProcessor), and
   * SQLiteDBAccess.commitTransaction hands the COMMIT job to queue.execute without waiting for it,
   * then returns: the call is acknowledged before the COMMIT ran, and a kill -9 in that window loses
   * the whole transaction (it is rolled back from SQLite's journal on the next start).
   */
  private static final Set<String> ASYNC_COMMIT_OPERATIONS = Set.of("transactWriteItems", "executeTransaction");

  /** The operations that only read items. */
  private static final Set<String> READ_OPERATIONS = Set.of("getItem", "batchGetItem", "query", "scan",
      "transactGetItems");

  /** The operations that may write items (PartiQL's may also only read): the stream may have new records after them. */
  private static final Set<String> WRITE_OPERATIONS = Set.of("putItem", "updateItem", "deleteItem", "batchWriteItem",
      "transactWriteItems", "executeStatement", "batchExecuteStatement", "executeTransaction");

  /**
   * {@code engine}, with every successful transaction followed by a cheap read that waits for its
   * COMMIT: the SQLiteQueue runs its jobs one at a time in the order they were enqueued, and
   * ListTables is one synchronous job (SQLiteDBAccess.listTables: queue.execute(job).get()), so when
   * it returns the COMMIT enqueued before it has run. A finished COMMIT has written the database
   * file (DynamoDB Local sets no journal_mode or synchronous PRAGMA, so SQLite's defaults apply),
   * which a process kill can't undo. Costs one ListTables (about 0.3 ms) per transaction; other calls
   * pass straight through. Every read and write is also told to {@code access} (the stream mappings deliver
   * what a write produced before it returns, and before a later read).
   */
  static DynamoDbClient awaitingCommits(DynamoDbClient engine, Supplier<ClientAccess> access) {
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return switch (method.getName()) {
          case "equals" -> proxy == args[0];
          case "hashCode" -> System.identityHashCode(proxy);
          default -> "awaitingCommits(" + engine + ")";
        };
      }
      boolean write = WRITE_OPERATIONS.contains(method.getName());
      if (READ_OPERATIONS.contains(method.getName())) {
        access.get().readStarting();
      }
      long ticket = write ? access.get().writeStarting() : 0;
      Object result;
      try {
        result = method.invoke(engine, args);
        if (ASYNC_COMMIT_OPERATIONS.contains(method.getName())) {
          engine.listTables(request -> request.limit(1));
        }
      } catch (InvocationTargetException e) {
        if (write) {
          access.get().writeEnded(ticket, false);
        }
        throw e.getCause(); // a cancelled or failed transaction acknowledged nothing: no need to wait
      }
      if (write) {
        access.get().writeEnded(ticket, true);
      }
      return result;
    };
    return (DynamoDbClient) Proxy.newProxyInstance(
        DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class}, handler);
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

  /** Tells {@code listener} about every read and write through {@link #client()} (replaces the previous one). */
  void onAccess(ClientAccess listener) {
    access = listener;
  }

  /** The in-process DynamoDB Streams client: GetRecords and friends on the same database. */
  DynamoDbStreamsClient streamsClient() {
    return streams;
  }

  /**
   * Creates the tables that don't exist yet, and adds GSIs, TTL and streams the template gained since.
   *
   * @return the tables' stream labels ({@link TableProvisioner#provision})
   */
  Map<String, String> provision(List<TableDefinition> tables) {
    return TableProvisioner.provision(client, tables);
  }

  @Override
  public void close() {
    streams.close();
    client.close();
    dynamoDbLocal.shutdown();
  }
}
