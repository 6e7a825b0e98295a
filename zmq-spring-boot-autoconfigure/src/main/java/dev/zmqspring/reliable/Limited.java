package dev.zmqspring.reliable;

import java.sql.PreparedStatement;
import java.util.List;

import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.RowMapperResultSetExtractor;

/**
 * Queries for the first rows only. The limit is set on the JDBC statement
 * ({@code setMaxRows}) rather than written in SQL: {@code fetch first n rows only},
 * {@code limit n} and {@code top n} each work on some databases only.
 */
final class Limited {

	private Limited() {
	}

	static <T> List<T> query(JdbcTemplate jdbcTemplate, String sql, int limit, RowMapper<T> rowMapper,
			Object... arguments) {
		ArgumentPreparedStatementSetter setter = new ArgumentPreparedStatementSetter(arguments);
		return jdbcTemplate.query((connection) -> {
			PreparedStatement statement = connection.prepareStatement(sql);
			statement.setMaxRows(limit);
			return statement;
		}, setter, new RowMapperResultSetExtractor<>(rowMapper));
	}

}
