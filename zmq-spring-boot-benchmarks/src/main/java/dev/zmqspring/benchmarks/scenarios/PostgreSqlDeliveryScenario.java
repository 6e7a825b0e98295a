package dev.zmqspring.benchmarks.scenarios;

import java.util.Map;

import dev.zmqspring.benchmarks.raw.RawPostgreSqlCommits;
import dev.zmqspring.benchmarks.starter.StarterPostgreSql;
import dev.zmqspring.benchmarks.support.BenchmarkSettings;
import dev.zmqspring.benchmarks.support.LocalPostgreSql;
import dev.zmqspring.benchmarks.support.ResultTable;
import dev.zmqspring.benchmarks.support.Rounds;
import dev.zmqspring.benchmarks.support.Targets;
import dev.zmqspring.benchmarks.support.ThroughputVariant;
import dev.zmqspring.benchmarks.support.Variants;

/**
 * Scenario 8: at-least-once end to end on a PostgreSQL server the benchmark starts (a
 * durable commit per send, default settings), with four sending threads and idempotent
 * listeners that each record a message with one insert: point to point, and a durable
 * topic with two groups. The raw column is the database alone: the same threads, each
 * insert committed, no messaging.
 */
public final class PostgreSqlDeliveryScenario implements Scenario {

	/**
	 * The sending threads: 4, or the system property {@code bench.postgresql.threads}.
	 */
	static final int THREADS = Integer.getInteger("bench.postgresql.threads", 4);

	static final String POINT_TO_POINT = "point-to-point";

	static final String DURABLE = "durable";

	@Override
	public String id() {
		return "8";
	}

	@Override
	public String title() {
		return "at-least-once end to end on PostgreSQL, 4 sending threads";
	}

	@Override
	public void run(BenchmarkSettings settings, ResultTable table) throws Exception {
		try (LocalPostgreSql server = LocalPostgreSql.start();
				Variants<ThroughputVariant> variants = new Variants<>()) {
			variants.open(Targets.RAW, () -> new RawPostgreSqlCommits(server, THREADS, 128))
				.open(POINT_TO_POINT, () -> new StarterPostgreSql(server, false, THREADS, 128))
				.open(DURABLE, () -> new StarterPostgreSql(server, true, THREADS, 128));
			Map<String, Double> rates = Rounds.throughput(settings, variants.all());
			table.add(Targets.measured(id(), "PostgreSQL, at-least-once + idempotent insert (starter column)",
					rates.get(Targets.RAW), rates.get(POINT_TO_POINT), null));
			table.add(Targets.measured(id(), "PostgreSQL, durable topic, 2 groups each inserting (starter column)",
					rates.get(Targets.RAW), rates.get(DURABLE), null));
			// A backlog of twice the warm-up (100,000 messages in a full run) stored
			// while the receiver is stopped, drained when it starts again.
			int backlog = settings.warmupMessages() * 2 - settings.warmupMessages() * 2 % THREADS;
			for (String name : new String[] { POINT_TO_POINT, DURABLE }) {
				StarterPostgreSql variant = (StarterPostgreSql) variants.all().get(name);
				double redeliveries = variant.redeliveriesPerMessage();
				StarterPostgreSql.Drain drain = variant.drainBacklog(backlog, settings.timeout().multipliedBy(5));
				String what = name + ", backlog of " + backlog + " after the receiver's restart";
				table.add(new ResultTable.Row(id(), "PostgreSQL, " + name + ", redeliveries per message in the rounds",
						"per message", true, null, redeliveries, null, "none without failures", redeliveries == 0));
				table.add(new ResultTable.Row(id(), "PostgreSQL, " + what + ": first message", "ms", true, null,
						drain.firstMessageMillis(), null, "<= 1,000 ms", drain.firstMessageMillis() <= 1000));
				table.add(Targets.measured(id(), "PostgreSQL, " + what + ": drained", null, drain.messagesPerSecond(),
						null));
			}
		}
	}

}
