package dev.zmqspring.benchmarks.starter.apps;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** An application that only sends, through the auto-configured {@code ZmqTemplate}. */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class SenderApp {

}
