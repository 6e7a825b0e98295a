package dev.zmqspring.benchmarks.starter.apps;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.benchmarks.support.Arrivals;
import dev.zmqspring.benchmarks.support.Payloads;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The listeners of the scenarios. Each does what the raw receiver does: take the payload
 * (as bytes, or read from JSON by the starter) and count it.
 */
public final class BenchmarkListeners {

	private BenchmarkListeners() {
	}

	/** Counts {@code byte[]} messages on endpoint {@code in}. */
	public static class Bytes {

		private final Arrivals arrivals;

		public Bytes(Arrivals arrivals) {
			this.arrivals = arrivals;
		}

		@ZmqListener(id = "in", endpoint = "in")
		void onMessage(byte[] payload) {
			this.arrivals.arrived();
		}

	}

	/** Counts orders read from JSON on endpoint {@code in}. */
	public static class Orders {

		private final Arrivals arrivals;

		public Orders(Arrivals arrivals) {
			this.arrivals = arrivals;
		}

		@ZmqListener(id = "in", endpoint = "in")
		void onOrder(Payloads.Order order) {
			if (order.quantity() < 0) {
				throw new IllegalStateException("Unexpected order " + order);
			}
			this.arrivals.arrived();
		}

	}

	/** Answers every request on endpoint {@code rep} with its own bytes. */
	public static class Echo {

		@ZmqListener(id = "rep", endpoint = "rep")
		byte[] reply(byte[] request) {
			return request;
		}

	}

	/**
	 * Four subscribing listeners, on endpoints {@code sub-0} to {@code sub-3}, counting
	 * into one {@link Arrivals}.
	 */
	public static class FanOut {

		private final Arrivals arrivals;

		public FanOut(Arrivals arrivals) {
			this.arrivals = arrivals;
		}

		@ZmqListener(id = "sub-0", endpoint = "sub-0")
		void first(byte[] payload) {
			this.arrivals.arrived();
		}

		@ZmqListener(id = "sub-1", endpoint = "sub-1")
		void second(byte[] payload) {
			this.arrivals.arrived();
		}

		@ZmqListener(id = "sub-2", endpoint = "sub-2")
		void third(byte[] payload) {
			this.arrivals.arrived();
		}

		@ZmqListener(id = "sub-3", endpoint = "sub-3")
		void fourth(byte[] payload) {
			this.arrivals.arrived();
		}

	}

	/**
	 * Counts {@code byte[]} messages delivered at least once, processed once per message
	 * id.
	 */
	public static class Idempotent {

		private final Arrivals arrivals;

		public Idempotent(Arrivals arrivals) {
			this.arrivals = arrivals;
		}

		@ZmqListener(id = "in", endpoint = "in", idempotent = "true")
		void onMessage(byte[] payload) {
			this.arrivals.arrived();
		}

	}

	/**
	 * Records each {@code byte[]} message delivered at least once on endpoint {@code in}
	 * in a table of its own (one insert, in the listener's transaction with its processed
	 * id) and counts it.
	 */
	public static class Recording {

		private final Arrivals arrivals;

		private final JdbcTemplate jdbc;

		public Recording(Arrivals arrivals, JdbcTemplate jdbc) {
			this.arrivals = arrivals;
			this.jdbc = jdbc;
			jdbc.execute("create table if not exists bench_effect (payload bytea not null)");
		}

		@ZmqListener(id = "in", endpoint = "in", idempotent = "true")
		void onMessage(byte[] payload) {
			this.jdbc.update("insert into bench_effect (payload) values (?)", (Object) payload);
			this.arrivals.arrived();
		}

	}

	/**
	 * Two subscription groups of a durable topic, each idempotent and recording each
	 * message in a table of its own (one insert): group {@code a} counts the messages.
	 */
	public static class RecordingGroups {

		private final Arrivals arrivals;

		private final JdbcTemplate jdbc;

		public RecordingGroups(Arrivals arrivals, JdbcTemplate jdbc) {
			this.arrivals = arrivals;
			this.jdbc = jdbc;
			jdbc.execute("create table if not exists bench_effect_a (payload bytea not null)");
			jdbc.execute("create table if not exists bench_effect_b (payload bytea not null)");
		}

		@ZmqListener(id = "a", endpoint = "in", group = "a", idempotent = "true")
		void groupA(byte[] payload) {
			this.jdbc.update("insert into bench_effect_a (payload) values (?)", (Object) payload);
			this.arrivals.arrived();
		}

		@ZmqListener(id = "b", endpoint = "in", group = "b", idempotent = "true")
		void groupB(byte[] payload) {
			this.jdbc.update("insert into bench_effect_b (payload) values (?)", (Object) payload);
		}

	}

	/**
	 * Two subscription groups of a durable topic, each idempotent: group {@code a} counts
	 * the messages, group {@code b} does the same work without counting.
	 */
	public static class TwoGroups {

		private final Arrivals arrivals;

		public TwoGroups(Arrivals arrivals) {
			this.arrivals = arrivals;
		}

		@ZmqListener(id = "a", endpoint = "in", group = "a", idempotent = "true")
		void groupA(byte[] payload) {
			this.arrivals.arrived();
		}

		@ZmqListener(id = "b", endpoint = "in", group = "b", idempotent = "true")
		void groupB(byte[] payload) {
		}

	}

}
