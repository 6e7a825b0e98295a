package dev.zmqspring.core;

import java.lang.reflect.Field;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What a native image needs for JeroMQ: the private fields of its engines that the
 * starter reads ({@link EngineInternals}). JeroMQ itself reflects only on classes an
 * application names in socket options (a custom selector chooser, message allocator or
 * decoder), which the application registers itself.
 */
class JeroMqRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		EngineInternals internals = EngineInternals.get();
		if (internals == null) {
			return;
		}
		try {
			for (Field field : internals.fields()) {
				hints.reflection().registerField(field);
			}
		}
		catch (NoSuchFieldException ex) {
			throw new IllegalStateException("JeroMQ's internals changed: " + ex, ex);
		}
	}

}
