package dev.zmqspring.listener;

import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.core.NativeDetector;

/**
 * Calls one listener method on its bean. For up to two parameters the call goes through a
 * class that the JVM generates once, as it does for a method reference
 * ({@code bean::method}): per message there is no reflection and no argument array, and
 * the JIT can inline the method. Reflection remains the way for more parameters, for
 * primitive parameters (so that a {@code null} argument fails as it always did), and
 * wherever the JVM refuses the generated call (a module that does not open the bean's
 * package).
 * <p>
 * A method's own exceptions pass through unchanged on both ways.
 */
abstract class MethodCaller {

	private static final Log logger = LogFactory.getLog(MethodCaller.class);

	/** Calls a method without parameters. */
	@Nullable Object call() throws Exception {
		throw unsupported();
	}

	/** Calls a method with one parameter. */
	@Nullable Object call(@Nullable Object argument) throws Exception {
		throw unsupported();
	}

	/** Calls a method with two parameters. */
	@Nullable Object call(@Nullable Object first, @Nullable Object second) throws Exception {
		throw unsupported();
	}

	/** Calls a method with any number of parameters. */
	@Nullable Object call(@Nullable Object[] arguments) throws Exception {
		throw unsupported();
	}

	/** Whether this caller goes through reflection. */
	boolean isReflective() {
		return false;
	}

	private static IllegalStateException unsupported() {
		return new IllegalStateException("Called with the wrong number of arguments");
	}

	/**
	 * The fastest caller the JVM allows.
	 * @param bean the bean (ignored for a static method)
	 * @param method the method, accessible, invocable on the bean
	 */
	static MethodCaller of(Object bean, Method method) {
		// A native image cannot define classes at run time: its listeners are called by
		// reflection, which the ahead-of-time processing registered.
		return of(bean, method, !NativeDetector.inNativeImage());
	}

	/**
	 * A caller of the method.
	 * @param generate whether a generated class may call it
	 */
	static MethodCaller of(Object bean, Method method, boolean generate) {
		int arity = method.getParameterCount();
		if (!generate || arity > 2 || hasPrimitiveParameter(method)) {
			return new Reflective(bean, method);
		}
		try {
			return generated(bean, method, arity);
		}
		catch (VirtualMachineError ex) {
			throw ex;
		}
		catch (Throwable ex) {
			// Nothing is lost but speed: the module system or a class loader refused the
			// generated class.
			logger.debug("Listener method " + MethodZmqMessageListener.describe(method) + " is called by reflection",
					ex);
			return new Reflective(bean, method);
		}
	}

	@SuppressWarnings("unchecked")
	private static MethodCaller generated(Object bean, Method method, int arity) throws Throwable {
		boolean returns = method.getReturnType() != void.class;
		boolean isStatic = Modifier.isStatic(method.getModifiers());
		Class<?> declaring = method.getDeclaringClass();
		MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(declaring, MethodHandles.lookup());
		MethodHandle target = lookup.unreflect(method);
		Class<?> functionType = functionType(arity, returns);
		// The generated class holds the bean, like the method reference bean::method
		// would.
		MethodType factoryType = isStatic ? MethodType.methodType(functionType)
				: MethodType.methodType(functionType, declaring);
		MethodType erased = MethodType.genericMethodType(arity);
		MethodType exact = MethodType.methodType(method.getReturnType(), method.getParameterTypes()).wrap();
		if (!returns) {
			erased = erased.changeReturnType(void.class);
			exact = exact.changeReturnType(void.class);
		}
		MethodHandle factory = LambdaMetafactory
			.metafactory(lookup, functionMethod(arity, returns), factoryType, erased, target, exact)
			.getTarget();
		Object function = isStatic ? factory.invoke() : factory.invoke(bean);
		return switch (arity) {
			case 0 -> returns ? new Supplying((Supplier<Object>) function) : new Running((Runnable) function);
			case 1 -> returns ? new Applying((Function<Object, Object>) function)
					: new Accepting((Consumer<Object>) function);
			default -> returns ? new BiApplying((BiFunction<Object, Object, Object>) function)
					: new BiAccepting((BiConsumer<Object, Object>) function);
		};
	}

	private static Class<?> functionType(int arity, boolean returns) {
		return switch (arity) {
			case 0 -> returns ? Supplier.class : Runnable.class;
			case 1 -> returns ? Function.class : Consumer.class;
			default -> returns ? BiFunction.class : BiConsumer.class;
		};
	}

	private static String functionMethod(int arity, boolean returns) {
		return switch (arity) {
			case 0 -> returns ? "get" : "run";
			default -> returns ? "apply" : "accept";
		};
	}

	private static boolean hasPrimitiveParameter(Method method) {
		for (Class<?> type : method.getParameterTypes()) {
			if (type.isPrimitive()) {
				return true;
			}
		}
		return false;
	}

	/** Through {@link Method#invoke}, with the method's own exception unwrapped. */
	private static final class Reflective extends MethodCaller {

		private final Object bean;

		private final Method method;

		Reflective(Object bean, Method method) {
			this.bean = bean;
			this.method = method;
		}

		@Override
		boolean isReflective() {
			return true;
		}

		@Override
		@Nullable Object call() throws Exception {
			return call(new Object[0]);
		}

		@Override
		@Nullable Object call(@Nullable Object argument) throws Exception {
			return call(new Object[] { argument });
		}

		@Override
		@Nullable Object call(@Nullable Object first, @Nullable Object second) throws Exception {
			return call(new Object[] { first, second });
		}

		@Override
		@Nullable Object call(@Nullable Object[] arguments) throws Exception {
			try {
				return this.method.invoke(this.bean, arguments);
			}
			catch (InvocationTargetException ex) {
				Throwable target = ex.getTargetException();
				if (target instanceof Exception exception) {
					throw exception;
				}
				throw (Error) target;
			}
		}

	}

	private static final class Supplying extends MethodCaller {

		private final Supplier<Object> function;

		Supplying(Supplier<Object> function) {
			this.function = function;
		}

		@Override
		@Nullable Object call() {
			return this.function.get();
		}

	}

	private static final class Running extends MethodCaller {

		private final Runnable function;

		Running(Runnable function) {
			this.function = function;
		}

		@Override
		@Nullable Object call() {
			this.function.run();
			return null;
		}

	}

	private static final class Applying extends MethodCaller {

		private final Function<Object, Object> function;

		Applying(Function<Object, Object> function) {
			this.function = function;
		}

		@Override
		@Nullable Object call(@Nullable Object argument) {
			return this.function.apply(argument);
		}

	}

	private static final class Accepting extends MethodCaller {

		private final Consumer<Object> function;

		Accepting(Consumer<Object> function) {
			this.function = function;
		}

		@Override
		@Nullable Object call(@Nullable Object argument) {
			this.function.accept(argument);
			return null;
		}

	}

	private static final class BiApplying extends MethodCaller {

		private final BiFunction<Object, Object, Object> function;

		BiApplying(BiFunction<Object, Object, Object> function) {
			this.function = function;
		}

		@Override
		@Nullable Object call(@Nullable Object first, @Nullable Object second) {
			return this.function.apply(first, second);
		}

	}

	private static final class BiAccepting extends MethodCaller {

		private final BiConsumer<Object, Object> function;

		BiAccepting(BiConsumer<Object, Object> function) {
			this.function = function;
		}

		@Override
		@Nullable Object call(@Nullable Object first, @Nullable Object second) {
			this.function.accept(first, second);
			return null;
		}

	}

}
