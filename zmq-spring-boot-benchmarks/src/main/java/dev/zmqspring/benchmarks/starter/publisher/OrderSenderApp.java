package dev.zmqspring.benchmarks.starter.publisher;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/**
 * An application that sends orders through {@link OrderPublisher} (found in this
 * package).
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class OrderSenderApp {

}
