package dev.zmqspring.samples.inventory.stock;

import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code stock} table.
 */
@Repository
public class StockRepository {

	private final JdbcClient jdbc;

	public StockRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Stores a SKU with its level unless it is already there (a restart keeps the levels
	 * it had).
	 */
	public void seed(String sku, int available) {
		if (available(sku).isPresent()) {
			return;
		}
		try {
			this.jdbc.sql("insert into stock (sku, available) values (:sku, :available)")
				.param("sku", sku)
				.param("available", available)
				.update();
		}
		catch (DuplicateKeyException ex) {
			// Another instance on the same database seeded it first.
		}
	}

	/**
	 * Takes {@code quantity} units of a SKU if that many are available; one statement, so
	 * concurrent reservations of the same SKU never take more than there is.
	 * @return whether the units were taken
	 */
	public boolean take(String sku, int quantity) {
		return this.jdbc
			.sql("update stock set available = available - :quantity where sku = :sku and available >= :quantity")
			.param("sku", sku)
			.param("quantity", quantity)
			.update() == 1;
	}

	/** The level of a SKU, or empty when the SKU is unknown. */
	public Optional<Integer> available(String sku) {
		return this.jdbc.sql("select available from stock where sku = :sku")
			.param("sku", sku)
			.query(Integer.class)
			.optional();
	}

	/** Every SKU with its level. */
	public List<StockLevel> findAll() {
		return this.jdbc.sql("select sku, available from stock order by sku")
			.query((rs, row) -> new StockLevel(rs.getString("sku"), true, rs.getInt("available")))
			.list();
	}

}
