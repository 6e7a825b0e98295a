package dev.zmqspring.security;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The public keys (Z85 text) of the clients a CURVE server accepts: listed inline, and/or
 * one key per file in a directory. The directory is read again whenever a file in it is
 * added, removed or changed (its name, size or modification time), so keys can be granted
 * and revoked without a restart. Used on the authenticator's thread only.
 */
final class ClientAllowList {

	private static final Log logger = LogFactory.getLog(ClientAllowList.class);

	private final Set<String> inline;

	private final @Nullable Path directory;

	private final String directorySetting;

	private Set<String> fromDirectory = Set.of();

	private @Nullable String directoryStamp;

	/**
	 * @param inline public keys listed in configuration, already validated
	 * @param directory a directory of public key files, or {@code null}
	 * @param directorySetting the property naming the directory, for messages
	 */
	public ClientAllowList(List<String> inline, @Nullable Path directory, String directorySetting) {
		this.inline = Set.copyOf(inline);
		this.directory = directory;
		this.directorySetting = directorySetting;
		if (directory != null) {
			if (!Files.isDirectory(directory)) {
				throw new ZmqSecurityException(directorySetting + " names " + directory
						+ ", which is not a readable directory; create it and put one client public key file in it"
						+ " per client");
			}
			reloadIfChanged();
		}
	}

	/**
	 * Whether no key can ever be accepted: nothing inline and no directory to add keys
	 * to.
	 */
	public boolean isClosed() {
		return this.inline.isEmpty() && this.directory == null;
	}

	/** Whether a client's public key is allowed. */
	public boolean allows(String publicKeyZ85) {
		if (this.inline.contains(publicKeyZ85)) {
			return true;
		}
		if (this.directory != null) {
			reloadIfChanged();
			return this.fromDirectory.contains(publicKeyZ85);
		}
		return false;
	}

	/**
	 * Names, sizes and modification times of the directory's files: the directory's own
	 * time alone misses a file that is created empty and written afterwards.
	 */
	private String stamp() throws IOException {
		StringBuilder stamp = new StringBuilder();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.directory)) {
			List<String> entries = new ArrayList<>();
			for (Path file : files) {
				entries.add(file.getFileName() + "/" + Files.size(file) + "/" + Files.getLastModifiedTime(file));
			}
			entries.sort(null);
			entries.forEach(entry -> stamp.append(entry).append('\n'));
		}
		return stamp.toString();
	}

	private void reloadIfChanged() {
		String stamp;
		try {
			stamp = stamp();
		}
		catch (IOException ex) {
			logger.warn(this.directorySetting + ": cannot read " + this.directory + " (" + ex.getClass().getSimpleName()
					+ "); keeping the " + this.fromDirectory.size() + " keys read before");
			return;
		}
		if (stamp.equals(this.directoryStamp)) {
			return;
		}
		Set<String> keys = new HashSet<>();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.directory)) {
			for (Path file : files) {
				if (Files.isRegularFile(file) && !file.getFileName().toString().startsWith(".")) {
					String source = this.directorySetting + " (file " + file + ")";
					try {
						String text = CurveKeys.fromFile(file, "public-key", source);
						CurveKeys.decode(text, source);
						keys.add(text);
					}
					catch (ZmqSecurityException ex) {
						logger.warn("Ignoring a client key file: " + ex.getMessage());
					}
				}
			}
		}
		catch (IOException ex) {
			logger.warn(this.directorySetting + ": cannot list " + this.directory + " (" + ex.getClass().getSimpleName()
					+ "); keeping the " + this.fromDirectory.size() + " keys read before");
			return;
		}
		this.fromDirectory = Set.copyOf(keys);
		// A file written while it was being read changes its stamp again, so it is read
		// again next time.
		this.directoryStamp = stamp;
		logger.debug(this.directorySetting + ": " + keys.size() + " client keys in " + this.directory);
	}

}
