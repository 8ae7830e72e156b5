package com.modelregistry.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a data-dir file that holds something private (secrets, checkpoints): readable by its owner only,
 * from its creation on, in an owner-only folder, replaced atomically (a crash leaves the old or the new
 * content, never a mix) and synced to disk.
 */
public final class OwnerOnlyFile {
  private OwnerOnlyFile() {}

  /** Replaces {@code file}'s content with {@code content}; creates its folder (owner-only) if needed. */
  public static void write(Path file, byte[] content) throws IOException {
    createOwnerOnlyDirectory(file.toAbsolutePath().getParent());
    Path temporary = createOwnerOnlyFile(file.resolveSibling(file.getFileName() + ".tmp"));
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      channel.write(ByteBuffer.wrap(content));
      channel.force(true);
    }
    try {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void createOwnerOnlyDirectory(Path directory) throws IOException {
    if (Files.isDirectory(directory)) {
      return;
    }
    Files.createDirectories(directory.getParent());
    try {
      Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      Files.createDirectory(directory);
    } catch (FileAlreadyExistsException e) {
      // made meanwhile
    }
  }

  /** A fresh empty file, owner-only from its creation (never briefly readable by others). */
  private static Path createOwnerOnlyFile(Path path) throws IOException {
    Files.deleteIfExists(path);
    try {
      return Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Path created = Files.createFile(path);
      created.toFile().setReadable(false, false);
      created.toFile().setReadable(true, true);
      created.toFile().setWritable(false, false);
      created.toFile().setWritable(true, true);
      return created;
    }
  }
}
