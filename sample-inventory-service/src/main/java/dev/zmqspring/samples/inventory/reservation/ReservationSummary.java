package dev.zmqspring.samples.inventory.reservation;

/**
 * Counts of the orders inventory has processed since its database was created.
 *
 * @param orders distinct orders processed
 * @param records reservation rows (one per processing)
 * @param duplicates orders processed more than once, counted once per extra processing: 0
 * when exactly-once holds
 * @param reserved rows with status RESERVED
 * @param rejected rows with status REJECTED
 * @param unitsReserved units taken from stock
 */
public record ReservationSummary(long orders, long records, long duplicates, long reserved, long rejected,
		long unitsReserved) {
}
