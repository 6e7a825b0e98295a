package dev.zmqspring.core;

import java.lang.reflect.Field;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What a native image needs for the core: {@code Thread.isVirtual()}, looked up through a
 * method handle on Java 21 and later (the starter is compiled for 17), and the private
 * fields of JeroMQ's engines that the starter reads ({@link EngineInternals}). JeroMQ
 * itself reflects only on classes an application names in socket options (a custom
 * selector chooser, message allocator or decoder), which the application registers
 * itself.
 */
class CoreRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.reflection()
			.registerType(Thread.class, (type) -> type.withMethod("isVirtual", List.of(), ExecutableMode.INVOKE));
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
