package dev.zmqspring.reliable;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * The reliable stores' SQL scripts, for every database, as resources of a native image:
 * the schema check and {@code zmq.reliable.initialize-schema} read them at run time.
 */
class ReliableRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.resources().registerPattern("dev/zmqspring/reliable/*.sql");
	}

}
