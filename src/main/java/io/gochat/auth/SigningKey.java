package io.gochat.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import io.gochat.mode.AppMode;
import org.jspecify.annotations.Nullable;

/**
 * The HS256 key of this node's tokens, and where it came from (for the startup log; the
 * key itself is never logged).
 *
 * <p>
 * A key set in {@code jwt.sign-key} wins. Without one, a cluster node refuses to start
 * (all nodes must share the key); a standalone node generates a random 256-bit key on
 * first start and keeps it in {@code <app.data-dir>/jwt-sign-key} (owner-only
 * permissions), so its tokens survive restarts. The file holds the key as text: copied
 * into {@code jwt.sign-key}, it keeps the same tokens valid.
 *
 * @param bytes the raw key (the UTF-8 bytes of the configured text)
 * @param source where the key came from
 * @param upstreamKey whether it is upstream GoChat's published key
 */
record SigningKey(byte[] bytes, String source, boolean upstreamKey) {

	static final String PROPERTY = "jwt.sign-key";

	/** Upstream GoChat's built-in key: published, so anyone can sign tokens with it. */
	static final String UPSTREAM_KEY = "gooooIM";

	static final String FILE_NAME = "jwt-sign-key";

	/** HS256 wants at least as many key bits as the hash has. */
	static final int RECOMMENDED_BYTES = 32;

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

	/**
	 * @param configured the value of {@code jwt.sign-key}, or {@code null} when unset
	 * @param origin where the configured value was set, for the log
	 * @throws IllegalStateException naming {@code jwt.sign-key} when a cluster node has
	 * no key, or when the key file cannot be read or written
	 */
	static SigningKey resolve(@Nullable String configured, String origin, AppMode mode, Path dataDir) {
		if (configured != null && !configured.isBlank()) {
			return new SigningKey(configured.getBytes(StandardCharsets.UTF_8), PROPERTY + " (" + origin + ")",
					configured.equals(UPSTREAM_KEY));
		}
		if (mode == AppMode.CLUSTER) {
			throw new IllegalStateException(PROPERTY
					+ " is not set: every node of a cluster must sign and check tokens with the same secret key. "
					+ "Set it with --jwt.sign-key=<key>, the environment variable JWT_SIGNKEY or an application.yaml "
					+ "of your own (at least 32 random characters, e.g. from: openssl rand -base64 32). "
					+ "A cluster shared with Go GoChat nodes needs upstream's key there (jwt.sign-key=gooooIM).");
		}
		Path file = dataDir.resolve(FILE_NAME).toAbsolutePath().normalize();
		try {
			if (!Files.exists(file)) {
				return new SigningKey(generate(file).getBytes(StandardCharsets.UTF_8),
						"generated on first start, kept in " + file, false);
			}
			return new SigningKey(read(file).getBytes(StandardCharsets.UTF_8), "kept in " + file, false);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read or create the token key file " + file + " (" + PROPERTY
					+ " is not set, so a standalone node keeps a generated key there): " + ex.getMessage(), ex);
		}
	}

	boolean isShort() {
		return this.bytes.length < RECOMMENDED_BYTES;
	}

	/** Whether the key file can be read by anyone but its owner (POSIX only). */
	static boolean isReadableByOthers(Path file) throws IOException {
		try {
			Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
			return !OWNER_ONLY.containsAll(permissions);
		}
		catch (UnsupportedOperationException ex) {
			return false;
		}
	}

	private static String generate(Path file) throws IOException {
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		String key = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		Files.createDirectories(file.getParent());
		Path temporary = createOwnerOnly(file.resolveSibling(FILE_NAME + ".tmp" + System.nanoTime()));
		try {
			Files.writeString(temporary, key + "\n", StandardCharsets.UTF_8);
			// a rename in the same directory; refuses to replace a file that exists
			Files.move(temporary, file);
		}
		catch (FileAlreadyExistsException ex) {
			// another node process on the same data directory was faster: use its key
			return read(file);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
		return key;
	}

	private static Path createOwnerOnly(Path path) throws IOException {
		try {
			return Files.createFile(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
		}
		catch (UnsupportedOperationException ex) {
			return Files.createFile(path);
		}
	}

	private static String read(Path file) throws IOException {
		String key = Files.readString(file, StandardCharsets.UTF_8).strip();
		if (key.isEmpty()) {
			throw new IOException("the file is empty; delete it to have a new key generated (tokens issued "
					+ "with the old key then stop working)");
		}
		return key;
	}

}
