/**
 * The starter's side of each scenario as small Spring Boot applications. No
 * {@code @ZmqPublisher} interface lives here, so these applications need no endpoint they
 * do not use.
 */
package dev.zmqspring.benchmarks.starter.apps;
