package dev.zmqspring.docs.sending;

import java.util.concurrent.CompletableFuture;

import dev.zmqspring.annotation.ZmqPublisher;

@ZmqPublisher(endpoint = "stock", timeout = "2s")    // a REQ endpoint
public interface StockClient {

	StockLevel level(StockQuery query);                            // waits for the reply, at most 2 s

	CompletableFuture<StockLevel> levelAsync(StockQuery query);    // does not block the caller

}
