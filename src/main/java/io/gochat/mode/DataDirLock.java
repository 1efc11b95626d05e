package io.gochat.mode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lock file {@value #FILE} a standalone node holds in its data directory for as long
 * as the process lives, with its pid inside: a second node on the same directory stops at
 * once with {@link DataDirInUseException} (instead of failing deep inside the embedded
 * database), and {@code scripts/run.sh} can name the pid. Locks of this process are kept
 * here, so that contexts started again in the same JVM (tests, a restart) reuse them.
 */
final class DataDirLock {

	static final String FILE = "gochat.lock";

	// one per directory for the life of the process; the OS releases them on exit
	private static final Map<Path, FileLock> HELD = new ConcurrentHashMap<>();

	private DataDirLock() {
	}

	static void acquire(Path dataDir) {
		HELD.computeIfAbsent(dataDir, DataDirLock::lock);
	}

	private static FileLock lock(Path dataDir) {
		Path file = dataDir.resolve(FILE);
		try {
			Files.createDirectories(dataDir);
			FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
					StandardOpenOption.WRITE);
			FileLock lock;
			try {
				lock = channel.tryLock();
			}
			catch (OverlappingFileLockException ex) {
				lock = null;
			}
			if (lock == null) {
				String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
				channel.close();
				throw new DataDirInUseException(dataDir, holder);
			}
			channel.truncate(0);
			channel.write(
					java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
			channel.force(false);
			return lock;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create the lock file " + file, ex);
		}
	}

	/**
	 * Another running node uses the data directory.
	 */
	static final class DataDirInUseException extends RuntimeException {

		DataDirInUseException(Path dataDir, String pid) {
			super("The data directory " + dataDir + " is in use by another GoChat node"
					+ (pid.isEmpty() ? "" : " (pid " + pid + ")"));
		}

	}

}
