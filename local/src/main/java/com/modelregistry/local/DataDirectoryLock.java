package com.modelregistry.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** An exclusive lock on the data directory: two runtimes on one DynamoDB file would corrupt each other. */
final class DataDirectoryLock implements AutoCloseable {

  static final String FILE_NAME = "registry.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static DataDirectoryLock acquire(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return new DataDirectoryLock(channel, lock);
      }
    } catch (OverlappingFileLockException e) {
      // held by another runtime in this JVM
    } catch (IOException e) {
      throw new UncheckedIOException("can't lock " + file + ": " + e.getMessage(), e);
    }
    closeQuietly(channel);
    throw new IllegalStateException("another registry is running on " + dataDir + " (it holds " + file + ")");
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      // nothing was locked
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
