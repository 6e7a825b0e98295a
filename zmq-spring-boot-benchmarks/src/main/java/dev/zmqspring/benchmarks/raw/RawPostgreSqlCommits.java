package dev.zmqspring.benchmarks.raw;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import dev.zmqspring.benchmarks.support.LocalPostgreSql;
import dev.zmqspring.benchmarks.support.Payloads;
import dev.zmqspring.benchmarks.support.SendingThreads;
import dev.zmqspring.benchmarks.support.ThreadedVariant;

/**
 * What the database alone allows: the sending threads each insert the payload into a
 * table with a durable commit of its own (plain JDBC, a connection per thread), and a
 * message "arrives" when its commit returned. The ceiling of a durable commit per send,
 * with no messaging at all.
 */
public final class RawPostgreSqlCommits extends ThreadedVariant {

	private final SendingThreads threads;

	public RawPostgreSqlCommits(LocalPostgreSql server, int threadCount, int payloadSize) {
		server.createDatabase("raw");
		String url = server.url("raw");
		try (Connection connection = DriverManager.getConnection(url, server.user(), "");
				Statement statement = connection.createStatement()) {
			statement.execute("create table raw_effect (payload bytea not null)");
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		byte[] payload = Payloads.bytes(payloadSize);
		this.threads = new SendingThreads(threadCount, (index) -> {
			try {
				Connection connection = DriverManager.getConnection(url, server.user(), "");
				PreparedStatement insert = connection.prepareStatement("insert into raw_effect (payload) values (?)");
				return new SendingThreads.PerThreadSender() {
					@Override
					public void send(long sequence) {
						try {
							insert.setBytes(1, payload);
							insert.executeUpdate();
						}
						catch (SQLException ex) {
							throw new IllegalStateException(ex);
						}
						arrivals().arrived();
					}

					@Override
					public void close() {
						try {
							connection.close();
						}
						catch (SQLException ex) {
							// Closing.
						}
					}
				};
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	@Override
	protected SendingThreads threads() {
		return this.threads;
	}

	@Override
	public void close() {
		this.threads.close();
	}

}
